// process.justice: police contact, arrest, registration and routing to warning, detention, prison, diversion
// or treatment.
#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "core/hazard_clock.hpp"
#include "core/simulation.hpp"
#include "model/model.hpp"

namespace pathways {
namespace {

/// The key of the routing map that means "no admission": a warning, the person stays where they are.
constexpr const char* kWarning = "warning";

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
    initial_registered_ = p.number("justice.initial_registered_share");
    register_draws_ = sim.rng.stream("justice.initial_register");
    policing_ = p.lever("justice.policing_intensity");
    protect_mmt_ = p.lever("justice.protect_mmt_clients");
    // Route 0 is the warning; route s (s >= 1) admits to setting s. Community itself is no route.
    const Settings& settings = model.settings;
    const ParamValue& routing = p.map("justice.routing");
    const auto it = routing.map.find(kWarning);
    routes_.push_back(it != routing.map.end() ? it->second : Lever::constant(routing.number));
    const auto by_setting = settings.levers(routing);
    for (std::size_t s = 1; s < settings.size(); ++s) routes_.push_back(by_setting[s]);
    // Routes to settings that are not in the run (a default naming a service the scenario lacks)
    // are one more route that ends in a warning, counted as overflow: nobody can admit them.
    for (const auto& [name, lever] : routing.map) {
      if (name != kWarning && !settings.find(name)) routes_.push_back(lever);
    }
    weights_.assign(routes_.size(), 0.0);
    repeat_threshold_ = static_cast<std::uint16_t>(p.integer("justice.repeat_detentions_threshold"));
    escalation_share_ = settings.numbers(p.map("justice.repeat_escalation_share"));
    // A default naming a setting that is not in the run acts like a route to it: a warning.
    escalate_to_ = settings.find(p.entity("justice.repeat_escalation_to")).value_or(kCommunity);
    arrest_cost_ = p.number("justice.arrest_cost_usd");
    arrest_account_ = model.cost_account("justice.arrest", Payer::Justice);
    contact_.init(sim, "justice.contact", this, sim.rng.stream("justice.contact"));
    route_stream_ = sim.rng.stream("justice.routing");
    contacts_ = sim.out.metric("justice.contacts", MetricKind::Flow);
    arrests_ = sim.out.metric("justice.arrests", MetricKind::Flow);
    mmt_warnings_ = sim.out.metric("justice.mmt_warnings", MetricKind::Flow);
    overflow_ = sim.out.metric("justice.overflow_to_warning", MetricKind::Flow);
    registered_ = sim.out.metric("justice.registered", MetricKind::Stock);
    routed_.push_back(sim.out.metric(std::string("justice.routed_") + kWarning, MetricKind::Flow));
    for (std::size_t s = 1; s < settings.size(); ++s) {
      routed_.push_back(
          sim.out.metric("justice.routed_" + settings[static_cast<SettingId>(s)].name, MetricKind::Flow));
    }
  }

  void on_agents_added(Simulation& sim, AgentId first, std::size_t count) override {
    for (AgentId a = first; a < first + count; ++a) {
      // People there at the start (not new initiates) are on the police register with the given
      // share, or always when they have been detained before.
      if (sim.now() == 0.0 && initial_registered_ > 0.0) {
        Draws d = sim.rng.agent_draws(register_draws_, a);
        if ((*people_.detentions)[a] > 0 || d.bernoulli(initial_registered_)) (*people_.registered)[a] = 1;
      }
      schedule(sim, a);
    }
  }

  void on_agent_changed(Simulation& sim, AgentId a, ChangeFlags) override { schedule(sim, a); }

  void handle(Simulation& sim, const Event& ev) override {
    const AgentId a = ev.agent;
    const Days now = sim.now();
    sim.out.add(contacts_, 1.0);
    const SettingId where = people_.setting_of(a);
    if (model_->settings[where].opioid_agonist && protect_mmt_.at(now) >= 0.5) {
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
    double sum = 0.0;
    for (std::size_t r = 0; r < routes_.size(); ++r) sum += (weights_[r] = routes_[r].at(now));
    std::size_t route = sum > 0.0 ? d.categorical(weights_.data(), routes_.size()) : kCommunity;
    // Repeat detainees are escalated (to prison, say) with a share given per setting they were routed to.
    const bool repeat = (*people_.detentions)[a] >= repeat_threshold_;
    if (route >= routed_.size()) {  // a setting not in this run
      sim.notify(a, change::kJustice);
      sim.out.add(overflow_, 1.0);
      return;
    }
    if (route != kCommunity && repeat && escalation_share_[route] > 0.0 &&
        d.bernoulli(escalation_share_[route])) {
      route = escalate_to_;
    }
    const auto to = static_cast<SettingId>(route);
    sim.notify(a, change::kJustice);  // registration and arrest record changed; redraws the contact clock
    sim.out.add(routed_[route], 1.0);
    if (route == kCommunity || route == where) return;  // route 0 is the warning
    if (!model_->admit(sim, a, to, Referral::Police)) sim.out.add(overflow_, 1.0);
  }

  void record_year(Simulation& sim, int year) override {
    long n = 0;
    for (AgentId a = 0; a < sim.pop.size(); ++a) n += sim.pop.alive(a) && (*people_.registered)[a];
    sim.out.set(registered_, year, static_cast<double>(n));
  }

 private:
  void schedule(Simulation& sim, AgentId a) {
    if (!sim.pop.alive(a) || model_->closed(people_.setting_of(a))) {
      contact_.cancel(sim, a);
      return;
    }
    const double rate = base_rate_ * stage_mult_[(*people_.stage)[a]] *
                        ((*people_.injecting)[a] ? injecting_mult_ : 1.0) *
                        ((*people_.registered)[a] ? registered_mult_ : 1.0);
    contact_.set(sim, a, rate, kNever, &policing_);
  }

  Model* model_ = nullptr;
  People people_{};
  double base_rate_ = 0.0, injecting_mult_ = 1.0, registered_mult_ = 1.0, initial_registered_ = 0.0;
  StreamHandle register_draws_;
  double arrest_cost_ = 0.0;
  std::array<double, kStages> stage_mult_{};
  Lever policing_, protect_mmt_;
  std::vector<Lever> routes_;  ///< [0] warning, [s] admission to setting s, then settings not in the run
  std::vector<double> weights_;
  std::vector<double> escalation_share_;
  SettingId escalate_to_ = kCommunity;
  std::uint16_t repeat_threshold_ = 0;
  CostAccount arrest_account_ = 0;
  HazardClock contact_;
  StreamHandle route_stream_;
  MetricId contacts_ = 0, arrests_ = 0, mmt_warnings_ = 0, overflow_ = 0, registered_ = 0;
  std::vector<MetricId> routed_;  ///< [0] warning, [s] setting s
};

ParamSpec routing_param() {
  ParamSpec s = map_param(
      "justice.routing", kSettingDomain, "", "share",
      {{kWarning, 0.45}, {"compulsory_centre", 0.35}, {"prison", 0.10}, {"mmt", 0.10}}, 0.0, 0, 1,
      "assumption: most contacts end without detention (warning 0.45); compulsory detention is the main "
      "response in "
      "Viet Nam (0.35; 123 centres holding 40,000 in 2011, HRW 2011 [hrw2011-06centres]); a minority are "
      "prosecuted (prison "
      "0.10); some "
      "are referred to MMT (0.10; Viet Nam 52,200 clients in 2019, [seed-176]); no diversion and "
      "no "
      "community-treatment referral in the baseline (Thailand diverted about 20% of defendants at Thonburi, "
      "[seed-143])",
      "Where arrests lead: a map from 'warning' or a setting name to a share (a lever per entry); the shares "
      "sum to "
      "1 at every time. A route to a full setting, or to one without a service in the run, ends in a "
      "warning.");
  s.map_extra_keys = {kWarning};
  s.map_sums_to_one = true;
  s.map_levers = true;
  s.map_filter_attribute = "class";
  s.map_filter_values = {"detention", "diversion", "treatment"};
  return s;
}

std::vector<ParamSpec> justice_params() {
  const std::string a = "assumption: ";
  std::vector<ParamSpec> v = {
      number_param(
          "justice.contact_rate_per_year", "per year", 0.25, 0, 100,
          a + "with the multipliers and routing shares, about 10-15% of people who use drugs are detained "
              "a year, the order of Viet Nam's ~309,000 detentions in 2000-2010 (HRW 2011 "
              "[hrw2011-06centres]) among ~206,000 PWID ([seed-159])",
          "Police contacts per year of an unregistered, non-injecting person with harmful use."),
      list_param("justice.stage_multipliers", "multiplier", {0.2, 0.6, 1.0, 1.5}, 0, 100, kStages,
                 a + "people who use more are more visible to police",
                 "Contact-rate multiplier by stage (remission, episodic, harmful, dependent)."),
      number_param("justice.injecting_multiplier", "multiplier", 1.5, 0, 100, a + "injecting is more visible",
                   "Contact-rate multiplier for people who inject."),
      number_param(
          "justice.registered_multiplier", "multiplier", 2.0, 0, 100,
          a + "registered users are targeted (China keeps a compulsory registry of 1.54 million users, "
              "Yan et al. 2013 [yan2013]; seed line 771-773 [seed-china-registry] on removal from the "
              "registry)",
          "Contact-rate multiplier for people registered with police."),
      number_param(
          "justice.initial_registered_share", "share", 0.0, 0, 1,
          a + "0: the register fills from the first arrest; packs state their country's share (Viet Nam "
              "kept 204,377 on record in 2014 [vn-mps2014], China 2.14 million in 2019 [china-nncc2019])",
          "Share of the people who use drugs at the start of the run who are already on the police "
          "register (people in detention at the start always are)."),
      lever_param("justice.policing_intensity", "multiplier", 1.0, 0, 100, a + "reference intensity",
                  "Calendar-time multiplier of the police-contact rate (crackdowns, de-prioritisation)."),
      lever_param(
          "justice.protect_mmt_clients", "0/1", 0.0, 0, 1,
          "seed[seed-china-mmt-warning]: China, MMT clients caught by police who test "
          "positive "
          "are now given a warning and remain on MMT; default off (Viet Nam Decree 90/2016 sends MMT clients "
          "with positive tests to compulsory facilities, [seed-173] [seed-174])",
          "1: police contact of an MMT client ends in a warning and the client stays on MMT."),
      integer_param("justice.repeat_detentions_threshold", "detentions", 2, 0, 1000,
                    a + "a second or later compulsory detention is handled more harshly in Viet Nam",
                    "Prior detentions from which justice.repeat_escalation_share applies."),
      map_param(
          "justice.repeat_escalation_share", kSettingDomain, "", "share", {{"compulsory_centre", 0.3}}, 0.0,
          0, 1, a + "part of repeat detainees are prosecuted and sentenced instead (longer terms)",
          "Among arrests routed to a setting (a map from setting name to share) of people with at least the "
          "threshold of prior detentions, the share sent to justice.repeat_escalation_to instead."),
      entity_param("justice.repeat_escalation_to", kSettingDomain, "prison", {"community"},
                   a + "repeat cases are prosecuted and sentenced", "Where escalated repeat cases go."),
      number_param("justice.arrest_cost_usd", "USD per arrest", 50, 0, 1e6,
                   a + "police time, urine testing and custody for one arrest; no regional figure found",
                   "Justice-sector cost of one arrest."),
      routing_param(),
  };
  return v;
}

const ModuleRegistration registration{ModuleInfo{
    .type = "process.justice",
    .description = "Police contact, arrest, registration and routing (a warning or admission to a setting)",
    .params = justice_params(),
    .create = [] { return std::unique_ptr<Module>(new Justice()); },
    .order = 40,
    .needs = {kModelHub},
    .subscribes = change::kSetting | change::kStage | change::kJustice,
}};

}  // namespace
}  // namespace pathways
