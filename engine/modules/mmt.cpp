// service.mmt: methadone maintenance: capacity-limited places with a FIFO waitlist, seeking, referral,
// dropout by time on treatment, and continuity and linkage around detention.
#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "core/hazard_clock.hpp"
#include "model/model.hpp"
#include "modules/harm_reduction.hpp"

namespace pathways {

std::vector<ParamSpec> mmt_params();  // mmt_params.cpp

namespace {

constexpr const char* kType = "service.mmt";
constexpr const char* kName = "mmt";

/// Multiplier 1 - share * (1 - m): the population-average effect of a feature given to `share` of clients.
double mix(double share, double m) {
  return 1.0 - share * (1.0 - m);
}

/// A hazard that is piecewise constant in time since entry: rates[k] on [breaks[k-1], breaks[k]).
struct PiecewiseHazard {
  std::vector<double> breaks;  ///< days since entry, increasing
  std::vector<double> rates;   ///< per day, breaks.size() + 1 entries

  /// The piece in force at `now` for an entry on day `entry`. Bounds are compared as absolute days,
  /// exactly as they are scheduled, so that at a breakpoint the clock always moves to the next piece
  /// (now - entry could round back below the break).
  std::size_t piece(Days now, Days entry) const {
    std::size_t k = 0;
    while (k < breaks.size() && now >= entry + breaks[k]) ++k;
    return k;
  }
  /// Time since entry of a client found in treatment in a steady state, when the hazard is multiplied
  /// by m: its density is proportional to the survival S(t), inverted exactly piece by piece.
  double steady_state_elapsed(double m, double u) const {
    std::vector<double> mass;
    double total = 0.0, s = 1.0, t0 = 0.0;
    for (std::size_t k = 0; k <= breaks.size(); ++k) {
      const double h = rates[k] * m, t1 = k < breaks.size() ? breaks[k] : INFINITY;
      const double part = h > 0.0 ? s * (1.0 - std::exp(-h * (t1 - t0))) / h : s * (t1 - t0);
      mass.push_back(part);
      total += part;
      if (!std::isfinite(total)) return u * 3650.0;  // no dropout at all: assumption of a uniform decade
      s *= std::exp(-h * (t1 - t0));
      t0 = t1;
    }
    double x = u * total;
    s = 1.0;
    t0 = 0.0;
    for (std::size_t k = 0; k <= breaks.size(); ++k) {
      const double h = rates[k] * m, t1 = k < breaks.size() ? breaks[k] : INFINITY;
      if (x <= mass[k] || k == breaks.size())
        return h > 0.0 ? t0 - std::log(1.0 - x * h / s) / h : t0 + x / s;
      x -= mass[k];
      s *= std::exp(-h * (t1 - t0));
      t0 = t1;
    }
    return t0;
  }
};

class Mmt final : public Module, public Service {
 public:
  void init(Simulation& sim) override {
    const auto& p = sim.params();
    model_ = &model_of(sim);
    const Settings& settings = model_->settings;
    here_ = settings.id(kName);
    capacity_ = p.lever("mmt.capacity");
    seek_rate_per_year_ = p.number("mmt.seeking_rate_per_year");
    reentry_ = p.number("mmt.reentry_multiplier");
    dropout_.breaks = p.list("mmt.dropout_breaks_days");
    const double dropout_scale = p.number("mmt.dropout_multiplier");
    for (double r : p.list("mmt.dropout_rate_per_year")) dropout_.rates.push_back(per_day(r * dropout_scale));
    take_home_ = p.lever("mmt.take_home_share");
    take_home_mult_ = p.number("mmt.take_home_dropout_multiplier");
    flexible_ = p.lever("mmt.flexible_dosing");
    flexible_mult_ = p.number("mmt.flexible_dosing_dropout_multiplier");
    // Thinning bound: mix() is monotone in the share, so its maximum is at one end of the lever's range.
    max_mult_ =
        std::max(mix(take_home_.min_value(), take_home_mult_), mix(take_home_.max_value(), take_home_mult_)) *
        std::max(mix(flexible_.min_value(), flexible_mult_), mix(flexible_.max_value(), flexible_mult_));
    referral_at_release_ = settings.numbers(p.map("mmt.referral_at_release"));
    continue_inside_ = settings.levers(p.map("mmt.continue_inside"));
    start_inside_ = settings.levers(p.map("mmt.start_inside"));
    linkage_after_inside_ = p.number("mmt.linkage_after_inside");
    inside_draws_ = sim.rng.stream("mmt.inside");
    const HarmReduction* hr = harm_reduction_of(sim);
    outreach_ = hr ? &hr->outreach_multiplier : &unit_lever_;
    scale_ = sim.config().scale;

    clock_is_break_ = &sim.pop.column<std::uint8_t>("mmt.dropout_clock_is_break", 0);
    on_mmt_inside_ = &sim.pop.column<std::uint8_t>("mmt.on_mmt_inside", 0);
    seek_.init(sim, "mmt.seek", this, sim.rng.stream("mmt.seek"));
    dropout_kind_ = sim.register_kind("mmt.dropout", this);
    capacity_kind_ = sim.register_kind("mmt.capacity_check", this, KindScope::Global);
    dropout_draws_ = sim.rng.stream("mmt.dropout");
    release_draws_ = sim.rng.stream("mmt.release");
    dropouts_ = sim.out.metric("mmt.dropouts", MetricKind::Flow);
    for (std::size_t s = 0; s < settings.size(); ++s) {
      const SettingInfo& info = settings[static_cast<SettingId>(s)];
      referrals_.push_back(info.closed() ? sim.out.metric(info.name + ".mmt_referrals", MetricKind::Flow)
                                         : 0);
      linked_.push_back(info.closed() ? sim.out.metric(info.name + ".mmt_linked", MetricKind::Flow) : 0);
      started_inside_.push_back(
          info.closed() ? sim.out.metric(info.name + ".mmt_started_inside", MetricKind::Flow) : 0);
    }
    inside_metric_ = sim.out.metric("mmt.inside_person_years", MetricKind::Flow);
    model_->register_service(here_, this);
    model_->enable_waitlist(sim, here_);
    SettingCosts c;
    c.unit_usd_per_day = p.number("mmt.cost_usd_per_year") / kDaysPerYear;
    c.fixed_share = p.number("mmt.fixed_cost_share");
    c.payer = Payer::Health;
    c.capacity = &capacity_;
    c.household_usd_per_day = p.number("mmt.household_cost_usd_per_day");
    c.opening_usd_per_place = p.number("mmt.opening_cost_usd_per_place");
    model_->set_costs(here_, c);
    unit_usd_per_year_ = p.number("mmt.cost_usd_per_year");
    account_ = model_->cost_account(kName, Payer::Health);
    // MMT inside detention costs the unit cost per person-day (no places are funded for it).
    inside_stream_ = model_->cost_stream(model_->cost_account("mmt.inside", Payer::Health),
                                         unit_usd_per_year_ / kDaysPerYear);
  }

  void record_year(Simulation& sim, int) override {
    inside_days_.advance(sim.now(), Discounting{});
    sim.out.add(inside_metric_, inside_days_.total / kDaysPerYear);
    inside_days_.reset_totals();
  }

  void on_agents_added(Simulation& sim, AgentId first, std::size_t count) override {
    for (AgentId a = first; a < first + count; ++a) {
      if (model_->people.setting_of(a) != here_) {
        schedule_seek(sim, a);
        continue;
      }
      auto& episodes = (*model_->people.mmt_episodes)[a];
      if (episodes == 0) episodes = 1;
      // Clients at the start are a snapshot of a steady flow: time on treatment has density S(t).
      Draws d = sim.rng.agent_draws(dropout_draws_, a);
      const double elapsed = dropout_.steady_state_elapsed(multiplier(sim.now()), d.uniform());
      (*model_->people.setting_entry_day)[a] = sim.now() - elapsed;
      schedule_dropout(sim, a);
    }
  }

  void on_agent_changed(Simulation& sim, AgentId a, ChangeFlags what) override {
    const People& pp = model_->people;
    const bool alive = sim.pop.alive(a);
    const SettingId s = alive ? pp.setting_of(a) : kCommunity;
    if (what & change::kDeath) {
      set_inside(sim, a, false);
      if (pp.setting_of(a) == here_) drain(sim);
      return;
    }
    if (what & change::kSetting) {
      const SettingId left = (*pp.last_setting)[a];
      if (left == here_ && s != here_) {
        sim.sched.cancel(dropout_kind_, a);
        // Taken into detention from MMT: continued inside where the setting allows it.
        if (model_->closed(s)) set_inside(sim, a, continue_inside_[s].at(sim.now()) >= 0.5);
        drain(sim);
      } else if (model_->closed(s) && !model_->closed(left)) {
        // Admitted to detention from elsewhere: started on MMT inside with the setting's share, if
        // dependent on opioids before the stay (their use stops on entry; drug_use keeps the stage).
        start_inside_maybe(sim, a, s);
      }
      if (model_->closed(left) && !model_->closed(s)) released(sim, a, left);
    }
    schedule_seek(sim, a);
  }

  void handle(Simulation& sim, const Event& ev) override {
    const AgentId a = ev.agent;
    if (ev.kind == capacity_kind_) {
      drain(sim);
    } else if (ev.kind == seek_.kind()) {
      if (!admit(sim, a, Referral::Voluntary) && !model_->waiting(a)) {
        seek_.cancel(sim, a);
        schedule_seek(sim, a);
      }
    } else if (ev.kind == dropout_kind_) {
      if ((*clock_is_break_)[a]) {
        schedule_dropout(sim, a);
        return;
      }
      Draws d = sim.rng.agent_draws(dropout_draws_, a);
      if (d.uniform() * max_mult_ < multiplier(sim.now())) {
        sim.out.add(dropouts_, 1.0);
        model_->move(sim, a, kCommunity, ExitReason::Dropout);
      } else {
        schedule_dropout(sim, a);
      }
    }
  }

  bool admit(Simulation& sim, AgentId a, Referral via) override {
    const People& pp = model_->people;
    if (!sim.pop.alive(a) || pp.setting_of(a) == here_ || !eligible(a, via)) return false;
    if (model_->waitlist_length(here_) > 0 && has_slot(sim)) drain(sim);  // people already waiting go first
    if (has_slot(sim)) {
      enter(sim, a, via);
      return true;
    }
    if (pp.setting_of(a) == kCommunity && !model_->waiting(a)) {
      model_->join_waitlist(sim, a, here_, via);
      seek_.cancel(sim, a);
      schedule_capacity_check(sim);
    }
    return false;
  }

 private:
  bool eligible(AgentId a, Referral via) const {
    const People& pp = model_->people;
    if ((*pp.substance)[a] != kOpioid) return false;
    if (via != Referral::Voluntary) return true;  // referrals: anyone whose main substance is opioids
    const Stage st = pp.stage_of(a);
    return st == Stage::Harmful || st == Stage::Dependent;
  }

  bool has_slot(Simulation& sim) const {
    return static_cast<double>(model_->occupancy(here_) + 1) * scale_ <= capacity_.at(sim.now()) + 1e-9;
  }

  double multiplier(Days t) const {
    return mix(take_home_.at(t), take_home_mult_) * mix(flexible_.at(t), flexible_mult_);
  }

  void enter(Simulation& sim, AgentId a, Referral via) {
    const People& pp = model_->people;
    set_inside(sim, a, false);
    ++(*pp.mmt_episodes)[a];
    model_->move(sim, a, here_, exit_reason_for(model_->settings[pp.setting_of(a)], via));
    schedule_dropout(sim, a);
  }

  /// On MMT inside detention or not: its person-days are costed as they pass.
  void set_inside(Simulation& sim, AgentId a, bool on) {
    const bool was = (*on_mmt_inside_)[a] != 0;
    if (was == on) return;
    (*on_mmt_inside_)[a] = on ? 1 : 0;
    inside_days_.change(sim.now(), Discounting{}, on ? 1.0 : -1.0);
    model_->change_cost_stream(sim, inside_stream_, on ? 1.0 : -1.0);
  }

  void start_inside_maybe(Simulation& sim, AgentId a, SettingId s) {
    const People& pp = model_->people;
    if ((*pp.substance)[a] != kOpioid || (*on_mmt_inside_)[a]) return;
    const double share = start_inside_[s].at(sim.now());
    if (share <= 0.0 || pp.stage_of_use(a) != Stage::Dependent) return;
    Draws d = sim.rng.agent_draws(inside_draws_, a);
    if (!d.bernoulli(share)) return;
    set_inside(sim, a, true);
    sim.out.add(started_inside_[s], 1.0);
  }

  /// Released from detention setting `from`: linked back to MMT if on MMT inside (with
  /// mmt.linkage_after_inside), else referred with the setting's probability.
  void released(Simulation& sim, AgentId a, SettingId from) {
    Draws d = sim.rng.agent_draws(release_draws_, a);
    const bool inside = (*on_mmt_inside_)[a] != 0;
    set_inside(sim, a, false);
    const bool referred =
        inside ? d.bernoulli(linkage_after_inside_) : d.bernoulli(referral_at_release_[from]);
    if (!referred) return;
    sim.out.add(referrals_[from], 1.0);
    if (model_->admit(sim, a, here_, Referral::Release)) sim.out.add(linked_[from], 1.0);
  }

  // Admits waiting people in order while places are free; people who no longer qualify seek again.
  void drain(Simulation& sim) {
    if (draining_) return;
    draining_ = true;
    while (has_slot(sim)) {
      const auto w = model_->take_next_waiting(here_);
      if (!w) break;
      if (!eligible(w->agent, w->via)) {
        schedule_seek(sim, w->agent);
        continue;
      }
      model_->count_admission_from_waitlist(sim, here_, w->since);
      enter(sim, w->agent, w->via);
    }
    draining_ = false;
    schedule_capacity_check(sim);
  }

  // When people wait, wake up at the first time the capacity lever makes room for one more.
  void schedule_capacity_check(Simulation& sim) {
    if (model_->waitlist_length(here_) == 0) return;
    const double level = static_cast<double>(model_->occupancy(here_) + 1) * scale_ - 1e-9;
    const Days t = capacity_.first_time_at_least(sim.now(), level);
    if (t > sim.now() && t < sim.horizon()) sim.sched.schedule(capacity_kind_, kGlobalAgent, t);
  }

  void schedule_seek(Simulation& sim, AgentId a) {
    const People& pp = model_->people;
    if (!sim.pop.alive(a) || pp.setting_of(a) != kCommunity || model_->waiting(a) ||
        seek_rate_per_year_ <= 0.0 || !eligible(a, Referral::Voluntary)) {
      seek_.cancel(sim, a);
      return;
    }
    seek_.set(sim, a, per_day(seek_rate_per_year_ * ((*pp.mmt_episodes)[a] > 0 ? reentry_ : 1.0)), kNever,
              outreach_);
  }

  // Dropout hazard h_k (piece k of time on treatment) times the take-home/flexible-dosing
  // multiplier M(t), sampled by thinning against h_k * max M; the clock is cut at the next break.
  void schedule_dropout(Simulation& sim, AgentId a) {
    const Days now = sim.now(), entry = (*model_->people.setting_entry_day)[a];
    const std::size_t k = dropout_.piece(now, entry);
    const Days boundary = k < dropout_.breaks.size() ? entry + dropout_.breaks[k] : kNever;
    const double bound = dropout_.rates[k] * max_mult_;
    Days t = kNever;
    if (bound > 0.0) {
      Draws d = sim.rng.agent_draws(dropout_draws_, a);
      t = now + d.exponential() / bound;
    }
    (*clock_is_break_)[a] = boundary <= t ? 1 : 0;
    t = std::min(t, boundary);
    if (t < kNever) {
      sim.sched.schedule(dropout_kind_, a, t);
    } else {
      sim.sched.cancel(dropout_kind_, a);
    }
  }

  Model* model_ = nullptr;
  SettingId here_ = 0;
  Lever capacity_, take_home_, flexible_, unit_lever_ = Lever::constant(1.0);
  const Lever* outreach_ = nullptr;
  double seek_rate_per_year_ = 0.0, reentry_ = 1.0, take_home_mult_ = 1.0, flexible_mult_ = 1.0,
         max_mult_ = 1.0;
  PiecewiseHazard dropout_;
  std::vector<double> referral_at_release_;
  std::vector<Lever> continue_inside_, start_inside_;
  double linkage_after_inside_ = 1.0;
  StreamHandle inside_draws_;
  std::vector<MetricId> started_inside_;
  MetricId inside_metric_ = 0;
  RateIntegrator inside_days_;
  std::size_t inside_stream_ = 0;
  double scale_ = 1.0;
  Column<std::uint8_t>*clock_is_break_ = nullptr, *on_mmt_inside_ = nullptr;
  HazardClock seek_;
  EventKind dropout_kind_ = 0, capacity_kind_ = 0;
  StreamHandle dropout_draws_, release_draws_;
  MetricId dropouts_ = 0;
  std::vector<MetricId> referrals_, linked_;  ///< by setting (detention settings only)
  bool draining_ = false;
  double unit_usd_per_year_ = 0.0;
  CostAccount account_ = 0;
};

std::vector<ParamRule> mmt_rules() {
  return {
      ParamRule{{"mmt.dropout_breaks_days", "mmt.dropout_rate_per_year"},
                "increasing mmt.dropout_breaks_days and one more dropout rate than breaks",
                [](const ParamValues& p, const std::vector<Declaration>&) {
                  const auto& b = p.list("mmt.dropout_breaks_days");
                  const auto& r = p.list("mmt.dropout_rate_per_year");
                  if (!std::is_sorted(b.begin(), b.end())) return std::string("breaks out of order");
                  if (r.size() != b.size() + 1) {
                    return std::to_string(r.size()) + " rates for " + std::to_string(b.size()) + " breaks";
                  }
                  return std::string();
                }},
  };
}

const ModuleRegistration registration{ModuleInfo{
    .type = kType,
    .description =
        "Methadone maintenance: places, FIFO waitlist, seeking, referral, dropout by time on treatment, "
        "continuity inside detention and linkage at release",
    .params = mmt_params(),
    .create = [] { return std::unique_ptr<Module>(new Mmt()); },
    .order = 60,
    .needs = {kModelHub},
    .uses = {kHarmReductionType},
    .subscribes = change::kSetting | change::kStage | change::kDeath,
    .declares = {setting_declaration(kName, SettingClass::Treatment, "Methadone maintenance treatment (MMT)",
                                     kType, true, true)},
    .rules = mmt_rules(),
}};

}  // namespace
}  // namespace pathways
