// service.stays: one service for every setting where people stay a while (compulsory centres, prison,
// diversion, outpatient, residential, aftercare, and any a scenario declares): admission under one
// capacity rule, a planned length, dropout, failure, completion, routes onwards, voluntary seeking.
#include "modules/stays.hpp"

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "core/hazard_clock.hpp"
#include "model/model.hpp"
#include "model/stay_law.hpp"
#include "modules/harm_reduction.hpp"

namespace pathways {
namespace {

enum class WhenFull : std::uint8_t { Refuse, OverCapacity, Waitlist };
enum Outcome : std::uint8_t { kCompletes, kFails, kDropsOut };

class Stays;

/// The Service of one stay setting: admission goes through the owning module.
struct StayService final : Service {
  Stays* owner = nullptr;
  std::size_t index = 0;
  bool admit(Simulation& sim, AgentId a, Referral via) override;
};

/// One stay setting as configured by its parameters.
struct Stay {
  SettingId setting = 0;
  std::string name;
  Lever capacity;
  WhenFull when_full = WhenFull::Refuse;
  StayLaw law;
  double dropout_per_day = 0.0, remission_share = 0.0;
  SettingId on_failure = kCommunity, on_completion = kCommunity;
  std::array<double, kSubstances> seek_per_day{};
  EventKind capacity_check = 0;  ///< wakes the waitlist when the capacity lever makes room
  MetricId turned_away = 0, dropouts = 0, failures = 0, remissions = 0, over_capacity = 0,
           capacity_metric = 0;
  /// Person-days above capacity (over_capacity stays): occupancy integrated since `last_day`.
  long last_occupancy = 0;
  Days last_day = 0.0;
  double over_days = 0.0;
};

class Stays final : public Module {
 public:
  void init(Simulation& sim) override {
    const auto& p = sim.params();
    model_ = &model_of(sim);
    const Settings& settings = model_->settings;
    scale_ = sim.config().scale;
    const HarmReduction* hr = harm_reduction_of(sim);
    outreach_ = hr ? &hr->outreach_multiplier : &unit_lever_;
    index_of_.assign(settings.size(), kNone);
    for (std::size_t s = 0; s < settings.size(); ++s) {
      const SettingInfo& info = settings[static_cast<SettingId>(s)];
      if (info.service != kStaysType) continue;
      const std::string k = info.name + ".";
      Stay st;
      st.setting = static_cast<SettingId>(s);
      st.name = info.name;
      st.capacity = p.lever(k + "capacity");
      const std::string& full = p.choice(k + "when_full");
      st.when_full = full == "waitlist"        ? WhenFull::Waitlist
                     : full == "over_capacity" ? WhenFull::OverCapacity
                                               : WhenFull::Refuse;
      st.law.shape =
          p.choice(k + "stay_distribution") == "fixed" ? StayLaw::Shape::Fixed : StayLaw::Shape::Gamma;
      st.law.mean_days = p.number(k + "stay_mean_days");
      st.law.sd_days = p.number(k + "stay_sd_days");
      st.law.failure_probability = p.number(k + "failure_probability");
      st.dropout_per_day = per_day(p.number(k + "dropout_rate_per_year"));
      st.remission_share = p.number(k + "remission_share_at_completion");
      st.on_failure = settings.id(p.entity(k + "on_failure"));
      st.on_completion = settings.id(p.entity(k + "on_completion"));
      const auto& seek = p.list(k + "seeking_rate_per_year");
      for (std::size_t sub = 0; sub < kSubstances; ++sub) st.seek_per_day[sub] = per_day(seek[sub]);
      st.turned_away = sim.out.metric(k + "turned_away", MetricKind::Flow);
      st.dropouts = sim.out.metric(k + "dropouts", MetricKind::Flow);
      st.failures = sim.out.metric(k + "failures", MetricKind::Flow);
      st.remissions = sim.out.metric(k + "completers_in_remission", MetricKind::Flow);
      st.over_capacity = sim.out.metric(k + "over_capacity", MetricKind::Flow);
      st.capacity_metric = sim.out.metric(k + "capacity", MetricKind::Stock, false);
      if (st.when_full == WhenFull::Waitlist) {
        model_->enable_waitlist(sim, st.setting);
        st.capacity_check = sim.register_kind("stays.capacity_check." + info.name, this, KindScope::Global);
      }
      index_of_[s] = stays_.size();
      stays_.push_back(std::move(st));
    }
    services_.resize(stays_.size());
    for (std::size_t i = 0; i < stays_.size(); ++i) {
      services_[i].owner = this;
      services_[i].index = i;
      model_->register_service(stays_[i].setting, &services_[i]);
      // After the vector is complete: the book keeps a pointer to the capacity lever.
      const std::string k = stays_[i].name + ".";
      SettingCosts c;
      c.unit_usd_per_day = p.number(k + "cost_usd_per_day");
      c.fixed_share = p.number(k + "fixed_cost_share");
      c.payer = payer_named(p.choice(k + "payer")).value_or(Payer::Health);
      c.capacity = &stays_[i].capacity;
      c.household_usd_per_day = p.number(k + "household_cost_usd_per_day");
      c.opening_usd_per_place = p.number(k + "opening_cost_usd_per_place");
      c.closing_usd_per_place = p.number(k + "closing_cost_usd_per_place");
      model_->set_costs(stays_[i].setting, c);
    }
    outcome_ = &sim.pop.column<std::uint8_t>("stays.outcome", kCompletes);
    end_kind_ = sim.register_kind("stays.end", this);
    stay_stream_ = sim.rng.stream("stays.length");
    seek_.init(sim, "stays.seek", this, sim.rng.stream("stays.seek"));
  }

  void on_agents_added(Simulation& sim, AgentId first, std::size_t count) override {
    const People& pp = model_->people;
    for (AgentId a = first; a < first + count; ++a) {
      const std::size_t i = index_of_[pp.setting_of(a)];
      if (i == kNone) {
        schedule_seek(sim, a);
        continue;
      }
      // Already inside at the start: a snapshot of a steady flow of admissions (StayLaw).
      Stay& st = stays_[i];
      if (model_->closed(st.setting) && (*pp.detentions)[a] == 0) (*pp.detentions)[a] = 1;
      Draws d = sim.rng.agent_draws(stay_stream_, a);
      const StayLaw::Snapshot snap = st.law.draw_snapshot(d);
      (*pp.setting_entry_day)[a] = sim.now() - snap.elapsed_days;
      schedule_end(sim, a, st, snap.remaining_days, snap.fails, d);
      track(sim, st);
    }
  }

  void on_agent_changed(Simulation& sim, AgentId a, ChangeFlags what) override {
    const People& pp = model_->people;
    if (what & change::kDeath) {
      const std::size_t i = index_of_[pp.setting_of(a)];
      if (i != kNone) place_freed(sim, stays_[i]);
      return;
    }
    const SettingId now_in = pp.setting_of(a);
    if (what & change::kSetting) {
      // Moved out of a stay (by this module or another): that stay has a place more.
      const std::size_t left = index_of_[(*pp.last_setting)[a]];
      if (left != kNone && (*pp.last_setting)[a] != now_in) place_freed(sim, stays_[left]);
      if (index_of_[now_in] == kNone) sim.sched.cancel(end_kind_, a);
    }
    schedule_seek(sim, a);
  }

  void handle(Simulation& sim, const Event& ev) override {
    for (Stay& st : stays_) {
      if (st.when_full == WhenFull::Waitlist && ev.kind == st.capacity_check) return drain(sim, st);
    }
    const AgentId a = ev.agent;
    if (ev.kind == seek_.kind()) return seek(sim, a);
    const std::size_t i = index_of_[model_->people.setting_of(a)];
    if (i == kNone) return;
    end_stay(sim, a, stays_[i]);
  }

  void record_year(Simulation& sim, int year) override {
    for (Stay& st : stays_) {
      integrate_over(sim.now(), st);
      sim.out.add(st.over_capacity, st.over_days);
      st.over_days = 0.0;
      sim.out.set(st.capacity_metric, year, st.capacity.at(sim.now() - 1e-9));
    }
  }

  /// Admission to stay i: one capacity rule, then the planned end is drawn once.
  bool admit(Simulation& sim, AgentId a, std::size_t i, Referral via) {
    Stay& st = stays_[i];
    const People& pp = model_->people;
    const SettingId from = pp.setting_of(a);
    if (from == st.setting) return false;
    if (!has_place(sim, st) && st.when_full != WhenFull::OverCapacity) {
      sim.out.add(st.turned_away, 1.0);
      if (st.when_full == WhenFull::Waitlist && from == kCommunity && !model_->waiting(a)) {
        model_->join_waitlist(sim, a, st.setting, via);
        seek_.cancel(sim, a);
        schedule_capacity_check(sim, st);
      }
      return false;
    }
    enter(sim, a, st, via);
    return true;
  }

 private:
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);

  bool has_place(Simulation& sim, const Stay& st) const {
    return static_cast<double>(model_->occupancy(st.setting) + 1) * scale_ <=
           st.capacity.at(sim.now()) + 1e-9;
  }

  void enter(Simulation& sim, AgentId a, Stay& st, Referral via) {
    const People& pp = model_->people;
    if (model_->closed(st.setting)) {
      auto& n = (*pp.detentions)[a];
      if (n < UINT16_MAX) ++n;
    }
    model_->move(sim, a, st.setting, exit_reason_for(model_->settings[pp.setting_of(a)], via));
    Draws d = sim.rng.agent_draws(stay_stream_, a);
    const StayLaw::Plan plan = st.law.draw(d);
    schedule_end(sim, a, st, plan.length_days, plan.fails, d);
    track(sim, st);
  }

  /// The end is the planned end or, if earlier, a dropout at the constant hazard.
  void schedule_end(Simulation& sim, AgentId a, const Stay& st, double remaining_days, bool fails, Draws& d) {
    Days end = sim.now() + remaining_days;
    Outcome outcome = fails ? kFails : kCompletes;
    if (st.dropout_per_day > 0.0) {
      const Days drop = sim.now() + d.exponential() / st.dropout_per_day;
      if (drop < end) {
        end = drop;
        outcome = kDropsOut;
      }
    }
    (*outcome_)[a] = outcome;
    sim.sched.schedule(end_kind_, a, end);
  }

  void end_stay(Simulation& sim, AgentId a, Stay& st) {
    const Outcome outcome = static_cast<Outcome>((*outcome_)[a]);
    if (outcome == kDropsOut) {
      sim.out.add(st.dropouts, 1.0);
      model_->move(sim, a, kCommunity, ExitReason::Dropout);
      return;
    }
    if (outcome == kFails) {
      sim.out.add(st.failures, 1.0);
      if (st.on_failure == kCommunity || !model_->admit(sim, a, st.on_failure, Referral::Court)) {
        model_->move(sim, a, kCommunity, ExitReason::Failed);
      }
      return;
    }
    People& pp = model_->people;
    if (st.remission_share > 0.0) {
      Draws d = sim.rng.agent_draws(stay_stream_, a);
      if (pp.using_drugs(a) && d.bernoulli(st.remission_share)) {
        sim.out.add(st.remissions, 1.0);
        model_->enter_remission(sim, a);  // through the drug-use module, which keeps its counts
      } else if (!pp.using_drugs(a)) {
        sim.out.add(st.remissions, 1.0);
      }
    }
    if (st.on_completion != kCommunity && model_->admit(sim, a, st.on_completion, Referral::Transfer)) return;
    model_->move(sim, a, kCommunity,
                 model_->closed(st.setting) ? ExitReason::Released : ExitReason::Completed);
  }

  // --- voluntary seeking: one clock per person for all stays, the stay chosen by its share of the rate
  double seek_weights(AgentId a, std::vector<double>& w) const {
    const People& pp = model_->people;
    const Stage st = pp.stage_of(a);
    w.assign(stays_.size(), 0.0);
    if (pp.setting_of(a) != kCommunity || model_->waiting(a) ||
        (st != Stage::Harmful && st != Stage::Dependent)) {
      return 0.0;
    }
    const auto sub = (*pp.substance)[a];
    double total = 0.0;
    for (std::size_t i = 0; i < stays_.size(); ++i) total += (w[i] = stays_[i].seek_per_day[sub]);
    return total;
  }

  void schedule_seek(Simulation& sim, AgentId a) {
    if (!sim.pop.alive(a)) return;
    const double rate = seek_weights(a, weights_);
    if (rate <= 0.0) return seek_.cancel(sim, a);
    seek_.set(sim, a, rate, kNever, outreach_);
  }

  void seek(Simulation& sim, AgentId a) {
    if (seek_weights(a, weights_) <= 0.0) return;
    Draws d = sim.rng.agent_draws(seek_.stream(), a);
    const std::size_t i = d.categorical(weights_.data(), weights_.size());
    if (!admit(sim, a, i, Referral::Voluntary) && !model_->waiting(a)) {
      // Turned away: the clock was consumed, so a new draw (the person seeks again later).
      seek_.cancel(sim, a);
      schedule_seek(sim, a);
    }
  }

  // --- places, waitlists and time over capacity
  void place_freed(Simulation& sim, Stay& st) {
    track(sim, st);
    if (st.when_full == WhenFull::Waitlist) drain(sim, st);
  }

  /// Admits waiting people in order while there are places.
  void drain(Simulation& sim, Stay& st) {
    if (draining_) return;  // admissions free places elsewhere, never here
    draining_ = true;
    while (has_place(sim, st)) {
      const auto w = model_->take_next_waiting(st.setting);
      if (!w) break;
      const Stage stage = model_->people.stage_of(w->agent);
      if (w->via == Referral::Voluntary && stage != Stage::Harmful && stage != Stage::Dependent) {
        schedule_seek(sim, w->agent);  // no longer needs the place
        continue;
      }
      model_->count_admission_from_waitlist(sim, st.setting, w->since);
      enter(sim, w->agent, st, w->via);
    }
    draining_ = false;
    schedule_capacity_check(sim, st);
  }

  /// When people wait, wakes up at the first time the capacity lever makes room for one more.
  void schedule_capacity_check(Simulation& sim, const Stay& st) {
    if (model_->waitlist_length(st.setting) == 0) return;
    const double level = static_cast<double>(model_->occupancy(st.setting) + 1) * scale_ - 1e-9;
    const Days t = st.capacity.first_time_at_least(sim.now(), level);
    if (t > sim.now() && t < sim.horizon()) sim.sched.schedule(st.capacity_check, kGlobalAgent, t);
  }

  void track(Simulation& sim, Stay& st) {
    if (st.when_full != WhenFull::OverCapacity) return;
    const long occ = model_->occupancy(st.setting);
    if (occ == st.last_occupancy) return;
    integrate_over(sim.now(), st);
    st.last_occupancy = occ;
  }

  /// Adds the integral of max(0, occupancy - capacity / scale) over [last_day, t] in agent-days
  /// (reported x scale): exact for step levers (split at knots), midpoints for linear ramps.
  void integrate_over(Days t, Stay& st) const {
    if (st.when_full != WhenFull::OverCapacity || t <= st.last_day) return;
    Days from = st.last_day;
    auto knot = std::upper_bound(st.capacity.days.begin(), st.capacity.days.end(), from);
    while (from < t) {
      const Days to = (knot != st.capacity.days.end() && *knot < t) ? *knot : t;
      const double cap = st.capacity.at(0.5 * (from + to)) / scale_;
      st.over_days += std::max(0.0, static_cast<double>(st.last_occupancy) - cap) * (to - from);
      from = to;
      if (knot != st.capacity.days.end()) ++knot;
    }
    st.last_day = t;
  }

  Model* model_ = nullptr;
  double scale_ = 1.0;
  std::vector<Stay> stays_;
  std::vector<StayService> services_;
  std::vector<std::size_t> index_of_;  ///< per setting: index in stays_, or kNone
  Column<std::uint8_t>* outcome_ = nullptr;
  std::vector<double> weights_;
  Lever unit_lever_ = Lever::constant(1.0);
  const Lever* outreach_ = nullptr;
  EventKind end_kind_ = 0;
  StreamHandle stay_stream_;
  HazardClock seek_;
  bool draining_ = false;
};

bool StayService::admit(Simulation& sim, AgentId a, Referral via) {
  return owner->admit(sim, a, index, via);
}

std::vector<Declaration> standard_declarations() {
  std::vector<Declaration> out;
  for (const auto& [name, d] : standard_stays())
    out.push_back(setting_declaration(name, d.cls, d.label, kStaysType));
  return out;
}

std::vector<ParamSpec> standard_params() {
  std::vector<ParamSpec> out;
  for (const auto& [name, d] : standard_stays()) {
    const auto specs = stay_params(name, d, false);
    out.insert(out.end(), specs.begin(), specs.end());
  }
  return out;
}

const ModuleRegistration registration{ModuleInfo{
    .type = kStaysType,
    .description =
        "Every setting where people stay a while (centres, prison, diversion, outpatient, residential, "
        "aftercare, and any a scenario declares): capacity, length, dropout, failure, routes, seeking",
    .params = standard_params(),
    .create = [] { return std::unique_ptr<Module>(new Stays()); },
    .order = 50,
    .needs = {kModelHub},
    .uses = {kHarmReductionType},
    .subscribes = change::kSetting | change::kStage | change::kDeath,
    .declares = standard_declarations(),
    .declarable = kSettingDomain,
    .params_of_declared =
        [](const Declaration& d) {
          const std::string a =
              "assumption: no default for a setting a scenario declares; give a sourced value";
          StayDefaults none;
          none.capacity = {0, a};
          none.stay_mean_days = {1, a};
          none.stay_sd_days = {1, a};
          none.cost_usd_per_day = {0, a};
          none.dropout_rate_per_year = {0, "0 unless the scenario gives a rate"};
          none.failure_probability = {0, "0 unless the scenario gives a probability"};
          none.remission_share = {0, "0 unless the scenario gives a share"};
          none.routes_source = "defaults: refuse when full, back to the community at the end";
          return stay_params(d.name, none, true);
        },
}};

}  // namespace
}  // namespace pathways
