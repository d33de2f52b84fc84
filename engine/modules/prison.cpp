// service.prison: prison sentences with a soft capacity (over-capacity person-days recorded) and release referrals.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "core/simulation.hpp"
#include "model/durations.hpp"
#include "model/model.hpp"

namespace pathways {
namespace {

constexpr Setting kHere = Setting::Prison;

class Prison final : public Module, public Service {
 public:
  void init(Simulation& sim) override {
    const auto& p = sim.params();
    Model& model = model_of(sim);
    model_ = &model;
    people_ = model.people;
    capacity_ = p.lever("prison.capacity");
    duration_ = GammaDuration::from_mean_sd(p.number("prison.sentence_mean_days"),
                                            p.number("prison.sentence_sd_days"));
    referral_ = p.number("prison.mmt_referral_at_release");
    scale_persons_ = sim.config().scale;
    model.set_day_cost(kHere, p.number("prison.cost_usd_per_day"), Payer::Justice);
    model.register_service(kHere, this);
    kind_ = sim.register_kind("prison.release", this);
    stay_stream_ = sim.rng.stream("prison.sentence");
    release_stream_ = sim.rng.stream("prison.release");
    over_metric_ = sim.out.metric("prison.over_capacity", MetricKind::Flow);
    referrals_ = sim.out.metric("prison.mmt_referrals", MetricKind::Flow);
    linked_ = sim.out.metric("prison.mmt_linked", MetricKind::Flow);
    capacity_metric_ = sim.out.metric("prison.capacity", MetricKind::Stock, false);
  }

  /// Prisons never refuse: over capacity is recorded, not prevented.
  bool admit(Simulation& sim, AgentId a, Referral via) override {
    const Setting from = people_.setting_of(a);
    if (from == kHere) return false;
    ExitReason why = ExitReason::Transferred;
    if (from == Setting::Diversion && via == Referral::Court) {
      why = ExitReason::Failed;
    } else if (via == Referral::Police || via == Referral::Court) {
      why = ExitReason::Arrested;
    }
    model_->move(sim, a, kHere, why);  // occupancy tracking happens in on_agent_changed
    Draws d = sim.rng.agent_draws(stay_stream_, a);
    sim.sched.schedule(kind_, a, sim.now() + sentence(d));
    return true;
  }

  void on_agents_added(Simulation& sim, AgentId first, std::size_t count) override {
    for (AgentId a = first; a < first + count; ++a) {
      if (people_.setting_of(a) != kHere) continue;
      const double served = sim.now() - (*people_.setting_entry_day)[a];
      Draws d = sim.rng.agent_draws(stay_stream_, a);
      double length = sentence(d);
      for (int i = 0; i < 1000 && length <= served; ++i) length = sentence(d);
      sim.sched.schedule(kind_, a, std::fmax(sim.now(), (*people_.setting_entry_day)[a] + length));
    }
    track(sim);
  }

  void on_agent_changed(Simulation& sim, AgentId a, ChangeFlags what) override {
    if (!(what & (change::kSetting | change::kDeath))) return;
    if ((what & change::kSetting) && people_.setting_of(a) != kHere) sim.sched.cancel(kind_, a);
    track(sim);
  }

  void handle(Simulation& sim, const Event& ev) override {
    const AgentId a = ev.agent;
    if (people_.setting_of(a) != kHere) return;
    model_->move(sim, a, Setting::Community, ExitReason::Released);
    Draws d = sim.rng.agent_draws(release_stream_, a);
    if (d.bernoulli(referral_)) {
      sim.out.add(referrals_, 1.0);
      if (model_->admit(sim, a, Setting::Mmt, Referral::Release)) sim.out.add(linked_, 1.0);
    }
  }

  void record_year(Simulation& sim, int year) override {
    integrate(sim.now());
    sim.out.add(over_metric_, over_days_);
    over_days_ = 0.0;
    sim.out.set(capacity_metric_, year, capacity_.at(sim.now() - 1e-9));
  }

 private:
  double sentence(Draws& d) const { return duration_.draw(d); }

  /// Closes the segment since the last occupancy change when occupancy has changed.
  void track(Simulation& sim) {
    const long occ = model_->occupancy(kHere);
    if (occ == last_occ_) return;
    integrate(sim.now());
    last_occ_ = occ;
  }

  /// Adds the integral of max(0, occupancy - capacity/scale) over [last_t_, t], in agent-days (reported x scale).
  /// Exact for step capacity levers: the interval is split at the lever's knots; linear ramps use midpoints.
  void integrate(Days t) {
    if (t <= last_t_) return;
    const double scale = scale_persons_;
    Days from = last_t_;
    auto knot = std::upper_bound(capacity_.days.begin(), capacity_.days.end(), from);
    while (from < t) {
      const Days to = (knot != capacity_.days.end() && *knot < t) ? *knot : t;
      const double cap = capacity_.at(0.5 * (from + to)) / scale;
      over_days_ += std::fmax(0.0, static_cast<double>(last_occ_) - cap) * (to - from);
      from = to;
      if (knot != capacity_.days.end()) ++knot;
    }
    last_t_ = t;
  }

  Model* model_ = nullptr;
  People people_{};
  Lever capacity_;
  GammaDuration duration_;
  double referral_ = 0.0, scale_persons_ = 1.0;
  EventKind kind_ = 0;
  StreamHandle stay_stream_, release_stream_;
  MetricId over_metric_ = 0, referrals_ = 0, linked_ = 0, capacity_metric_ = 0;
  long last_occ_ = 0;
  Days last_t_ = 0.0;
  double over_days_ = 0.0;
};

std::vector<ParamSpec> prison_params() {
  const std::string a = "assumption: ";
  return {
      lever_param("prison.capacity", "persons", 1e6, 0, 1e9,
                  a + "not binding unless a scenario sets it (Thailand's prisons ran at 330% of capacity, "
                      "seed_facts.csv id 123)",
                  "Official prison places for this population (soft: people over capacity are recorded, never "
                  "refused)."),
      number_param("prison.sentence_mean_days", "days", 730, 1, 36525,
                   a + "drug-possession sentences of about two years, the same order as a compulsory-centre stay",
                   "Mean sentence served (gamma distributed)."),
      number_param("prison.sentence_sd_days", "days", 365, 0.1, 36525, a + "sentences vary widely",
                   "Standard deviation of the sentence served."),
      number_param("prison.cost_usd_per_day", "USD per person-day", 845.0 / kDaysPerYear, 0, 1e6,
                   a + "same order as Viet Nam's compulsory-centre cost, US$845 per person-year (seed_facts.csv id "
                       "183); no regional prison cost found. Paid by the justice sector",
                   "Cost of one person-day in prison (payer: justice)."),
      number_param("prison.mmt_referral_at_release", "probability", 0.1, 0, 1,
                   a + "few releasees are linked to MMT; Viet Nam is one of three countries in the region with MMT "
                       "in prisons (seed_facts.csv id 179)",
                   "Probability that a person released from prison is referred to MMT (admitted if MMT has room)."),
  };
}

const ModuleRegistration registration{ModuleInfo{
    "service.prison", "Prison: gamma sentences, soft capacity (over-capacity person-days), MMT referral at release",
    prison_params(), [] { return std::unique_ptr<Module>(new Prison()); }}};

}  // namespace
}  // namespace pathways
