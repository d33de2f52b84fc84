// process.justice: police contact, arrest, registration and routing to warning, detention, prison, diversion or treatment.
#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "core/hazard_clock.hpp"
#include "core/simulation.hpp"
#include "model/model.hpp"

namespace pathways {
namespace {

/// Where an arrest leads; the routing shares are levers in share group "justice.routing".
enum Route : std::size_t { kWarning, kCentre, kPrison, kDiversion, kMmt, kCommunityTreatment, kRoutes };
constexpr std::array<const char*, kRoutes> kRouteNames = {"warning", "compulsory_centre", "prison",
                                                          "diversion", "mmt", "community_treatment"};
constexpr std::array<Setting, kRoutes> kRouteSetting = {Setting::Community, Setting::CompulsoryCentre, Setting::Prison,
                                                        Setting::Diversion, Setting::Mmt, Setting::Outpatient};
constexpr std::array<Referral, kRoutes> kRouteReferral = {Referral::Police, Referral::Police, Referral::Court,
                                                          Referral::Diversion, Referral::Police, Referral::Police};

std::string route_key(std::size_t r) { return "justice.route_" + std::string(kRouteNames[r]) + "_share"; }

class Justice final : public Module {
 public:
  void init(Simulation& sim) override {
    const auto& p = sim.params();
    Model& model = model_of(sim);
    model_ = &model;
    people_ = model.people;
    base_rate_ = per_day(p.number("justice.contact_rate_per_year"));
    const auto& stage = p.list("justice.stage_multipliers");
    std::copy_n(stage.begin(), kStages, stage_mult_.begin());
    injecting_mult_ = p.number("justice.injecting_multiplier");
    registered_mult_ = p.number("justice.registered_multiplier");
    policing_ = p.lever("justice.policing_intensity");
    protect_mmt_ = p.lever("justice.protect_mmt_clients");
    for (std::size_t r = 0; r < kRoutes; ++r) routes_[r] = p.lever(route_key(r));
    repeat_threshold_ = static_cast<std::uint16_t>(p.integer("justice.repeat_detentions_threshold"));
    repeat_prison_share_ = p.number("justice.repeat_prison_share");
    arrest_cost_ = p.number("justice.arrest_cost_usd");
    arrest_account_ = model.cost_account("justice.arrest", Payer::Justice);
    contact_.init(sim, "justice.contact", this, sim.rng.stream("justice.contact"));
    route_stream_ = sim.rng.stream("justice.routing");
    contacts_ = sim.out.metric("justice.contacts", MetricKind::Flow);
    arrests_ = sim.out.metric("justice.arrests", MetricKind::Flow);
    mmt_warnings_ = sim.out.metric("justice.mmt_warnings", MetricKind::Flow);
    overflow_ = sim.out.metric("justice.overflow_to_warning", MetricKind::Flow);
    registered_ = sim.out.metric("justice.registered", MetricKind::Stock);
    for (std::size_t r = 0; r < kRoutes; ++r) {
      routed_[r] = sim.out.metric("justice.routed_" + std::string(kRouteNames[r]), MetricKind::Flow);
    }
  }

  void on_agents_added(Simulation& sim, AgentId first, std::size_t count) override {
    for (AgentId a = first; a < first + count; ++a) schedule(sim, a);
  }

  void on_agent_changed(Simulation& sim, AgentId a, ChangeFlags what) override {
    if (what & change::kDeath) return;
    if (what & (change::kSetting | change::kStage | change::kJustice)) schedule(sim, a);
  }

  void handle(Simulation& sim, const Event& ev) override {
    const AgentId a = ev.agent;
    const Days now = sim.now();
    sim.out.add(contacts_, 1.0);
    const Setting where = people_.setting_of(a);
    if (where == Setting::Mmt && protect_mmt_.at(now) >= 0.5) {
      // China case example: MMT clients who test positive get a warning and stay on MMT.
      sim.out.add(mmt_warnings_, 1.0);
      schedule(sim, a);
      return;
    }
    sim.out.add(arrests_, 1.0);
    auto& arrests = (*people_.arrests)[a];
    if (arrests < UINT16_MAX) ++arrests;
    (*people_.registered)[a] = 1;
    model_->charge(sim, arrest_account_, arrest_cost_);

    Draws d = sim.rng.agent_draws(route_stream_, a);
    std::array<double, kRoutes> w{};
    double sum = 0.0;
    for (std::size_t r = 0; r < kRoutes; ++r) sum += (w[r] = routes_[r].at(now));
    auto route = sum > 0.0 ? static_cast<Route>(d.categorical(w.data(), kRoutes)) : kWarning;
    // Repeat detainees are sent to court (prison) rather than back to a centre, with a given share.
    const bool repeat = (*people_.detentions)[a] >= repeat_threshold_;
    if (route == kCentre && repeat && d.bernoulli(repeat_prison_share_)) route = kPrison;
    sim.out.add(routed_[route], 1.0);
    sim.notify(a, change::kJustice);  // registration and arrest record changed; redraws the contact clock
    if (route == kWarning || kRouteSetting[route] == where) return;
    if (!model_->admit(sim, a, kRouteSetting[route], kRouteReferral[route])) sim.out.add(overflow_, 1.0);
  }

  void record_year(Simulation& sim, int year) override {
    long n = 0;
    for (AgentId a = 0; a < sim.pop.size(); ++a) n += sim.pop.alive(a) && (*people_.registered)[a];
    sim.out.set(registered_, year, static_cast<double>(n));
  }

 private:
  void schedule(Simulation& sim, AgentId a) {
    if (!sim.pop.alive(a) || is_detention(people_.setting_of(a))) {
      contact_.cancel(sim, a);
      return;
    }
    const double rate = base_rate_ * stage_mult_[(*people_.stage)[a]] * ((*people_.injecting)[a] ? injecting_mult_ : 1.0) *
                        ((*people_.registered)[a] ? registered_mult_ : 1.0);
    contact_.set(sim, a, rate, kNever, &policing_);
  }

  Model* model_ = nullptr;
  People people_{};
  double base_rate_ = 0.0, injecting_mult_ = 1.0, registered_mult_ = 1.0, repeat_prison_share_ = 0.0;
  double arrest_cost_ = 0.0;
  std::array<double, kStages> stage_mult_{};
  Lever policing_, protect_mmt_;
  std::array<Lever, kRoutes> routes_;
  std::uint16_t repeat_threshold_ = 0;
  CostAccount arrest_account_ = 0;
  HazardClock contact_;
  StreamHandle route_stream_;
  MetricId contacts_ = 0, arrests_ = 0, mmt_warnings_ = 0, overflow_ = 0, registered_ = 0;
  std::array<MetricId, kRoutes> routed_{};
};

std::vector<ParamSpec> justice_params() {
  const std::string a = "assumption: ";
  std::vector<ParamSpec> v = {
      number_param("justice.contact_rate_per_year", "per year", 0.25, 0, 100,
                   a + "with the multipliers and routing shares, about 10-15% of people who use drugs are detained "
                       "a year, the order of Viet Nam's ~309,000 detentions in 2000-2010 (HRW 2011, "
                       "literature_figures.md) among ~206,000 PWID (seed_facts.csv id 159)",
                   "Police contacts per year of an unregistered, non-injecting person with harmful use."),
      list_param("justice.stage_multipliers", "multiplier", {0.2, 0.6, 1.0, 1.5}, 0, 100, kStages,
                 a + "people who use more are more visible to police",
                 "Contact-rate multiplier by stage (remission, episodic, harmful, dependent)."),
      number_param("justice.injecting_multiplier", "multiplier", 1.5, 0, 100, a + "injecting is more visible",
                   "Contact-rate multiplier for people who inject."),
      number_param("justice.registered_multiplier", "multiplier", 2.0, 0, 100,
                   a + "registered users are targeted (China keeps a compulsory registry of 1.54 million users, "
                       "Yan et al. 2013; seed line 771-773 on removal from the registry)",
                   "Contact-rate multiplier for people registered with police."),
      lever_param("justice.policing_intensity", "multiplier", 1.0, 0, 100, a + "reference intensity",
                  "Calendar-time multiplier of the police-contact rate (crackdowns, de-prioritisation)."),
      lever_param("justice.protect_mmt_clients", "0/1", 0.0, 0, 1,
                  "seed 000_ac8646728de38624.txt lines 774-778: China, MMT clients caught by police who test positive "
                  "are now given a warning and remain on MMT; default off (Viet Nam Decree 90/2016 sends MMT clients "
                  "with positive tests to compulsory facilities, seed_facts.csv ids 173-174)",
                  "1: police contact of an MMT client ends in a warning and the client stays on MMT."),
      integer_param("justice.repeat_detentions_threshold", "detentions", 2, 0, 1000,
                    a + "a second or later compulsory detention is handled more harshly in Viet Nam",
                    "Prior compulsory-centre detentions from which justice.repeat_prison_share applies."),
      number_param("justice.repeat_prison_share", "share", 0.3, 0, 1,
                   a + "part of repeat detainees are prosecuted and sentenced instead (longer terms)",
                   "Among arrests routed to a compulsory centre of people with at least the threshold of prior "
                   "detentions, the share sent to prison instead."),
      number_param("justice.arrest_cost_usd", "USD per arrest", 50, 0, 1e6,
                   a + "police time, urine testing and custody for one arrest; no regional figure found",
                   "Justice-sector cost of one arrest."),
  };
  const std::array<double, kRoutes> shares = {0.45, 0.35, 0.10, 0.0, 0.10, 0.0};
  const std::array<const char*, kRoutes> why = {
      "assumption: most contacts end without detention",
      "assumption: compulsory detention is the main response in Viet Nam (123 centres holding 40,000 in 2011, HRW "
      "2011)",
      "assumption: a minority are prosecuted for possession or dealing",
      "assumption: no diversion in the Viet Nam baseline; Thailand diverted about 20% of defendants at Thonburi "
      "(seed_facts.csv id 143)",
      "assumption: some are referred to MMT (Viet Nam 52,200 clients in 2019, seed_facts.csv id 176)",
      "assumption: no community-treatment referral in the baseline"};
  for (std::size_t r = 0; r < kRoutes; ++r) {
    ParamSpec s = lever_param(route_key(r), "share", shares[r], 0, 1, why[r],
                              std::string("Share of arrests routed to ") + kRouteNames[r] +
                                  " (a lever; the six route shares sum to 1).");
    s.share_group = "justice.routing";
    v.push_back(s);
  }
  return v;
}

const ModuleRegistration registration{ModuleInfo{
    "process.justice", "Police contact, arrest, registration and routing (warning, centre, prison, diversion, treatment)",
    justice_params(), [] { return std::unique_ptr<Module>(new Justice()); }}};

}  // namespace
}  // namespace pathways
