// service.compulsory_centre: compulsory drug detention centres with a capacity lever, gamma stays and release referrals.
#include <cmath>
#include <string>
#include <vector>

#include "core/simulation.hpp"
#include "model/durations.hpp"
#include "model/model.hpp"

namespace pathways {
namespace {

constexpr Setting kHere = Setting::CompulsoryCentre;

class CompulsoryCentre final : public Module, public Service {
 public:
  void init(Simulation& sim) override {
    const auto& p = sim.params();
    Model& model = model_of(sim);
    model_ = &model;
    people_ = model.people;
    capacity_ = p.lever("compulsory_centre.capacity");
    duration_ = GammaDuration::from_mean_sd(p.number("compulsory_centre.stay_mean_days"),
                                            p.number("compulsory_centre.stay_sd_days"));
    mmt_inside_ = p.lever("compulsory_centre.mmt_inside");
    referral_ = p.number("compulsory_centre.mmt_referral_at_release");
    model.set_day_cost(kHere, p.number("compulsory_centre.cost_usd_per_day"), Payer::Social);
    model.register_service(kHere, this);
    was_on_mmt_ = &sim.pop.column<std::uint8_t>("compulsory_centre.was_on_mmt", 0);
    kind_ = sim.register_kind("compulsory_centre.release", this);
    stay_stream_ = sim.rng.stream("compulsory_centre.stay");
    release_stream_ = sim.rng.stream("compulsory_centre.release");
    turned_away_ = sim.out.metric("compulsory_centre.turned_away", MetricKind::Flow);
    referrals_ = sim.out.metric("compulsory_centre.mmt_referrals", MetricKind::Flow);
    linked_ = sim.out.metric("compulsory_centre.mmt_linked", MetricKind::Flow);
    capacity_metric_ = sim.out.metric("compulsory_centre.capacity", MetricKind::Stock, false);
  }

  bool admit(Simulation& sim, AgentId a, Referral via) override {
    const Setting from = people_.setting_of(a);
    if (from == kHere) return false;
    // Capacity is in persons; one agent stands for `scale` persons.
    if (static_cast<double>(model_->occupancy(kHere)) + 1.0 > capacity_.at(sim.now()) / sim.config().scale) {
      sim.out.add(turned_away_, 1.0);
      return false;
    }
    (*was_on_mmt_)[a] = static_cast<std::uint8_t>(from == Setting::Mmt);
    auto& detentions = (*people_.detentions)[a];
    if (detentions < UINT16_MAX) ++detentions;
    const bool arrested = via == Referral::Police || via == Referral::Court;
    model_->move(sim, a, kHere, arrested ? ExitReason::Arrested : ExitReason::Transferred);
    Draws d = sim.rng.agent_draws(stay_stream_, a);
    sim.sched.schedule(kind_, a, sim.now() + stay(d));
    return true;
  }

  void on_agents_added(Simulation& sim, AgentId first, std::size_t count) override {
    for (AgentId a = first; a < first + count; ++a) {
      if (people_.setting_of(a) != kHere) continue;
      auto& detentions = (*people_.detentions)[a];
      if (detentions == 0) detentions = 1;
      // Already inside: the stay must exceed the time served so far (rejection keeps the gamma shape).
      const double served = sim.now() - (*people_.setting_entry_day)[a];
      Draws d = sim.rng.agent_draws(stay_stream_, a);
      double length = stay(d);
      for (int i = 0; i < 1000 && length <= served; ++i) length = stay(d);
      sim.sched.schedule(kind_, a, std::fmax(sim.now(), (*people_.setting_entry_day)[a] + length));
    }
  }

  void on_agent_changed(Simulation& sim, AgentId a, ChangeFlags what) override {
    // Someone else moved a detainee out (none of the standard modules does): drop the release.
    if ((what & change::kSetting) && people_.setting_of(a) != kHere) sim.sched.cancel(kind_, a);
  }

  void handle(Simulation& sim, const Event& ev) override {
    const AgentId a = ev.agent;
    if (people_.setting_of(a) != kHere) return;
    model_->move(sim, a, Setting::Community, ExitReason::Released);
    Draws d = sim.rng.agent_draws(release_stream_, a);
    // With MMT inside, clients continue MMT after release; otherwise a referral with a given probability.
    const bool continuity = (*was_on_mmt_)[a] && mmt_inside_.at(sim.now()) >= 0.5;
    const bool referred = d.bernoulli(referral_);
    if (continuity || referred) {
      sim.out.add(referrals_, 1.0);
      if (model_->admit(sim, a, Setting::Mmt, Referral::Release)) sim.out.add(linked_, 1.0);
    }
  }

  void record_year(Simulation& sim, int year) override {
    sim.out.set(capacity_metric_, year, capacity_.at(sim.now() - 1e-9));
  }

 private:
  double stay(Draws& d) const { return duration_.draw(d); }

  Model* model_ = nullptr;
  People people_{};
  Lever capacity_, mmt_inside_;
  GammaDuration duration_;
  double referral_ = 0.0;
  std::vector<std::uint8_t>* was_on_mmt_ = nullptr;
  EventKind kind_ = 0;
  StreamHandle stay_stream_, release_stream_;
  MetricId turned_away_ = 0, referrals_ = 0, linked_ = 0, capacity_metric_ = 0;
};

std::vector<ParamSpec> centre_params() {
  const std::string a = "assumption: ";
  return {
      lever_param("compulsory_centre.capacity", "persons", 20000, 0, 1e9,
                  "Viet Nam transition plan: 71 compulsory centres with capacity 20,000 by 2020 (national plan ~2014, "
                  "literature_figures.md)",
                  "Places in compulsory centres (a lever; 0 closes the centres: no new admissions, current stays "
                  "finish)."),
      number_param("compulsory_centre.stay_mean_days", "days", 730, 1, 36525,
                   "HRW 2011 citing MOLISA: standard stay 2 years in Viet Nam (literature_figures.md)",
                   "Mean length of stay (gamma distributed)."),
      number_param("compulsory_centre.stay_sd_days", "days", 90, 0.1, 36525,
                   a + "most detainees serve the standard term; a few months either way",
                   "Standard deviation of the length of stay."),
      number_param("compulsory_centre.cost_usd_per_day", "USD per person-day", 845.0 / kDaysPerYear, 0, 1e6,
                   "seed_facts.csv ids 182-183: Viet Nam 2015, 19,670,000 VND (US$845) per detainee-year "
                   "(000_ac8646728de38624.txt line 2237); 845 / 365.25. Paid by the social sector: Viet Nam's centres "
                   "are run by MOLISA (labour, invalids and social affairs)",
                   "Cost of one person-day in a compulsory centre (payer: social)."),
      lever_param("compulsory_centre.mmt_inside", "0/1", 0.0, 0, 1,
                  a + "MMT inside closed settings is limited (Viet Nam is one of three countries in the region "
                      "offering it, seed_facts.csv id 179); scenarios switch it on",
                  "1: MMT continues inside, and clients admitted from MMT return to MMT at release."),
      lever_param("compulsory_centre.art_continuity", "0/1", 0.0, 0, 1,
                  a + "antiretroviral therapy is not assured inside; scenarios switch it on",
                  "1: people on ART keep it inside (read by the HIV module)."),
      number_param("compulsory_centre.mmt_referral_at_release", "probability", 0.1, 0, 1,
                   a + "few releasees are linked to MMT",
                   "Probability that a person released from a centre is referred to MMT (admitted if MMT has room)."),
  };
}

const ModuleRegistration registration{ModuleInfo{
    "service.compulsory_centre", "Compulsory drug detention centres: capacity lever, gamma stays, MMT referral at release",
    centre_params(), [] { return std::unique_ptr<Module>(new CompulsoryCentre()); }}};

}  // namespace
}  // namespace pathways
