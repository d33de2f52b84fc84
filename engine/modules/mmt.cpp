// Methadone maintenance treatment: capacity-limited slots with a FIFO waitlist, seeking, referral, dropout.
#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "core/hazard_clock.hpp"
#include "model/model.hpp"
#include "modules/harm_reduction.hpp"

namespace pathways {
namespace {

constexpr int kDropoutSegments = 3;  // treatment years 1, 2, and 3 onwards

/// First time >= t0 at which the lever reaches `level` (kNever if it never does).
Days first_time_at_least(const Lever& l, Days t0, double level) {
  if (l.at(t0) >= level) return t0;
  for (std::size_t i = 0; i < l.days.size(); ++i) {
    if (l.days[i] <= t0) continue;
    if (l.interpolation == Interpolation::Linear && i > 0) {
      const double v0 = l.values[i - 1], v1 = l.values[i];
      if (v1 >= level && v1 > v0) {
        const Days t = l.days[i - 1] + (level - v0) / (v1 - v0) * (l.days[i] - l.days[i - 1]);
        return std::max(t, t0);
      }
    } else if (l.values[i] >= level) {
      return l.days[i];
    }
  }
  return kNever;
}

/// Reason recorded for leaving the previous setting when a service admits someone.
ExitReason exit_reason_into_treatment(Setting from, Referral via) {
  if (is_detention(from)) return ExitReason::Released;
  if (is_treatment(from) && via == Referral::Transfer) return ExitReason::Completed;
  return ExitReason::Transferred;
}

/// Multiplier 1 - share * (1 - m): the population-average effect of a feature given to `share` of clients.
double mix(double share, double m) { return 1.0 - share * (1.0 - m); }

class Mmt final : public Module, public Service {
 public:
  void init(Simulation& sim) override {
    const auto& p = sim.params();
    model_ = &model_of(sim);
    capacity_ = p.lever("mmt.capacity");
    seek_rate_per_year_ = p.number("mmt.seeking_rate_per_year");
    reentry_ = p.number("mmt.reentry_multiplier");
    const auto& h = p.list("mmt.dropout_rate_per_year");
    for (int k = 0; k < kDropoutSegments; ++k) dropout_per_day_[k] = per_day(h[static_cast<std::size_t>(k)]);
    take_home_ = p.lever("mmt.take_home_share");
    take_home_mult_ = p.number("mmt.take_home_dropout_multiplier");
    flexible_ = p.lever("mmt.flexible_dosing");
    flexible_mult_ = p.number("mmt.flexible_dosing_dropout_multiplier");
    // Thinning bound: mix() is monotone in the share, so its maximum is at one end of the lever's range.
    max_mult_ = std::max(mix(take_home_.min_value(), take_home_mult_), mix(take_home_.max_value(), take_home_mult_)) *
                std::max(mix(flexible_.min_value(), flexible_mult_), mix(flexible_.max_value(), flexible_mult_));
    const HarmReduction* hr = harm_reduction_of(sim);
    outreach_ = hr ? &hr->outreach_multiplier : &unit_lever_;
    scale_ = sim.config().scale;

    client_ = &sim.pop.column<std::uint8_t>("mmt.client", 0);
    clock_is_break_ = &sim.pop.column<std::uint8_t>("mmt.dropout_clock_is_break", 0);
    ticket_ = &sim.pop.column<std::uint32_t>("mmt.wait_ticket", 0u);
    seek_.init(sim, "mmt.seek", this, sim.rng.stream("mmt.seek"));
    dropout_kind_ = sim.register_kind("mmt.dropout", this);
    capacity_kind_ = sim.register_kind("mmt.capacity_check", this, KindScope::Global);
    dropout_draws_ = sim.rng.stream("mmt.dropout");

    waitlist_ = sim.out.metric("mmt.waitlist", MetricKind::Stock);
    mean_wait_ = sim.out.metric("mmt.mean_wait_days", MetricKind::Stock, false);
    joins_ = sim.out.metric("mmt.waitlist_joins", MetricKind::Flow);
    from_waitlist_ = sim.out.metric("mmt.admissions_from_waitlist", MetricKind::Flow);
    dropouts_ = sim.out.metric("mmt.dropouts", MetricKind::Flow);

    model_->register_service(Setting::Mmt, this);
    model_->set_day_cost(Setting::Mmt, p.number("mmt.cost_usd_per_year") / kDaysPerYear, Payer::Health);
  }

  void on_agents_added(Simulation& sim, AgentId first, std::size_t count) override {
    for (AgentId a = first; a < first + count; ++a) {
      if (model_->people.setting_of(a) == Setting::Mmt) {
        (*client_)[a] = 1;
        auto& episodes = (*model_->people.mmt_episodes)[a];
        if (episodes == 0) episodes = 1;
        schedule_dropout(sim, a);
      } else {
        schedule_seek(sim, a);
      }
    }
  }

  void on_agent_changed(Simulation& sim, AgentId a, ChangeFlags what) override {
    if (!(what & (change::kSetting | change::kStage | change::kEntered | change::kDeath))) return;
    const bool alive = sim.pop.alive(a);
    const Setting s = model_->people.setting_of(a);
    bool freed = false;
    if ((*client_)[a] && (!alive || s != Setting::Mmt)) {
      (*client_)[a] = 0;
      sim.sched.cancel(dropout_kind_, a);
      freed = true;
    }
    if ((*ticket_)[a] != 0 && (!alive || s != Setting::Community)) leave_waitlist(a);
    if (alive) schedule_seek(sim, a);
    if (freed) drain(sim);
  }

  void handle(Simulation& sim, const Event& ev) override {
    const AgentId a = ev.agent;
    if (ev.kind == capacity_kind_) {
      drain(sim);
    } else if (ev.kind == seek_.kind()) {
      if (!admit(sim, a, Referral::Voluntary) && (*ticket_)[a] == 0) schedule_seek(sim, a);
    } else if (ev.kind == dropout_kind_) {
      if ((*clock_is_break_)[a]) {
        schedule_dropout(sim, a);
        return;
      }
      Draws d = sim.rng.agent_draws(dropout_draws_, a);
      if (d.uniform() * max_mult_ < multiplier(sim.now())) {
        sim.out.add(dropouts_, 1.0);
        model_->move(sim, a, Setting::Community, ExitReason::Dropout);
      } else {
        schedule_dropout(sim, a);
      }
    }
  }

  bool admit(Simulation& sim, AgentId a, Referral via) override {
    if (!sim.pop.alive(a) || model_->people.setting_of(a) == Setting::Mmt || !eligible(a, via)) return false;
    if (waiting_ > 0 && has_slot(sim)) drain(sim);  // people already waiting go first
    if (has_slot(sim)) {
      enter(sim, a, via);
      return true;
    }
    if (model_->people.setting_of(a) == Setting::Community && (*ticket_)[a] == 0) join_waitlist(sim, a, via);
    return false;
  }

  void record_year(Simulation& sim, int year) override {
    sim.out.set(waitlist_, year, static_cast<double>(waiting_));
    sim.out.set(mean_wait_, year, year_waited_ > 0 ? year_wait_days_ / static_cast<double>(year_waited_) : 0.0);
    year_wait_days_ = 0.0;
    year_waited_ = 0;
  }

 private:
  struct Waiting {
    AgentId agent;
    std::uint32_t ticket;
    Days since;
    Referral via;
  };

  bool eligible(AgentId a, Referral via) const {
    const People& pp = model_->people;
    if ((*pp.substance)[a] != kOpioid) return false;
    if (via != Referral::Voluntary) return true;  // referrals: anyone whose main substance is opioids
    const Stage st = pp.stage_of(a);
    return st == Stage::Harmful || st == Stage::Dependent;
  }

  bool has_slot(Simulation& sim) const {
    return static_cast<double>(model_->occupancy(Setting::Mmt) + 1) * scale_ <= capacity_.at(sim.now()) + 1e-9;
  }

  double multiplier(Days t) const {
    return mix(take_home_.at(t), take_home_mult_) * mix(flexible_.at(t), flexible_mult_);
  }

  void enter(Simulation& sim, AgentId a, Referral via) {
    (*client_)[a] = 1;
    ++(*model_->people.mmt_episodes)[a];
    model_->move(sim, a, Setting::Mmt, exit_reason_into_treatment(model_->people.setting_of(a), via));
    schedule_dropout(sim, a);
  }

  void join_waitlist(Simulation& sim, AgentId a, Referral via) {
    (*ticket_)[a] = ++next_ticket_;
    queue_.push_back(Waiting{a, next_ticket_, sim.now(), via});
    ++waiting_;
    sim.out.add(joins_, 1.0);
    seek_.cancel(sim, a);
    schedule_capacity_check(sim);
  }

  void leave_waitlist(AgentId a) {
    (*ticket_)[a] = 0;
    --waiting_;
  }

  // Admits waiting people in order while slots are free; entries whose person has left the
  // waitlist (ticket changed), left the community or is no longer eligible are skipped.
  void drain(Simulation& sim) {
    if (draining_) return;
    draining_ = true;
    while (head_ < queue_.size() && waiting_ > 0 && has_slot(sim)) {
      const Waiting w = queue_[head_++];
      if ((*ticket_)[w.agent] != w.ticket) continue;
      leave_waitlist(w.agent);
      if (!sim.pop.alive(w.agent) || model_->people.setting_of(w.agent) != Setting::Community ||
          !eligible(w.agent, w.via)) {
        if (sim.pop.alive(w.agent)) schedule_seek(sim, w.agent);
        continue;
      }
      year_wait_days_ += sim.now() - w.since;
      ++year_waited_;
      sim.out.add(from_waitlist_, 1.0);
      enter(sim, w.agent, w.via);
    }
    if (waiting_ == 0 || head_ == queue_.size()) {
      queue_.clear();
      head_ = 0;
    } else if (head_ > 4096 && 2 * head_ > queue_.size()) {
      queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(head_));
      head_ = 0;
    }
    draining_ = false;
    schedule_capacity_check(sim);
  }

  // When people wait, wake up at the first time the capacity lever makes room for one more.
  void schedule_capacity_check(Simulation& sim) {
    if (waiting_ == 0) return;
    const double level = static_cast<double>(model_->occupancy(Setting::Mmt) + 1) * scale_ - 1e-9;
    const Days t = first_time_at_least(capacity_, sim.now(), level);
    if (t > sim.now() && t < kNever) sim.sched.schedule(capacity_kind_, kGlobalAgent, t);
  }

  void schedule_seek(Simulation& sim, AgentId a) {
    const People& pp = model_->people;
    if (pp.setting_of(a) != Setting::Community || (*ticket_)[a] != 0 || seek_rate_per_year_ <= 0.0 ||
        !eligible(a, Referral::Voluntary)) {
      seek_.cancel(sim, a);
      return;
    }
    seek_.set(sim, a, per_day(seek_rate_per_year_ * ((*pp.mmt_episodes)[a] > 0 ? reentry_ : 1.0)), kNever, outreach_);
  }

  // Dropout hazard h_k (treatment year k) times the take-home/flexible-dosing multiplier M(t),
  // sampled by thinning against h_k * max M; the clock is cut at the next treatment-year boundary.
  void schedule_dropout(Simulation& sim, AgentId a) {
    const Days now = sim.now(), entry = (*model_->people.setting_entry_day)[a];
    int k = 0;
    while (k < kDropoutSegments - 1 && now >= entry + (k + 1) * kDaysPerYear) ++k;
    const Days boundary = k < kDropoutSegments - 1 ? entry + (k + 1) * kDaysPerYear : kNever;
    const double bound = dropout_per_day_[k] * max_mult_;
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
  Lever capacity_, take_home_, flexible_, unit_lever_ = Lever::constant(1.0);
  const Lever* outreach_ = nullptr;
  double seek_rate_per_year_ = 0.0, reentry_ = 1.0, take_home_mult_ = 1.0, flexible_mult_ = 1.0, max_mult_ = 1.0;
  double dropout_per_day_[kDropoutSegments] = {0.0, 0.0, 0.0};
  double scale_ = 1.0;
  std::vector<std::uint8_t>*client_ = nullptr, *clock_is_break_ = nullptr;
  std::vector<std::uint32_t>* ticket_ = nullptr;
  HazardClock seek_;
  EventKind dropout_kind_ = 0, capacity_kind_ = 0;
  StreamHandle dropout_draws_;
  MetricId waitlist_ = 0, mean_wait_ = 0, joins_ = 0, from_waitlist_ = 0, dropouts_ = 0;
  std::vector<Waiting> queue_;
  std::size_t head_ = 0;
  long waiting_ = 0;
  std::uint32_t next_ticket_ = 0;
  bool draining_ = false;
  double year_wait_days_ = 0.0;
  long year_waited_ = 0;
};

std::vector<ParamSpec> mmt_params() {
  return {
      lever_param("mmt.capacity", "persons", 52200, 0, 1e9,
                  "seed_facts.csv id 176: Viet Nam, 52,200 people on methadone at 335 sites in September 2019 "
                  "(000_ac8646728de38624.txt line 2204)",
                  "MMT slots in persons (compared with occupancy x run scale); a lever for scale-up plans."),
      number_param("mmt.seeking_rate_per_year", "per year", 0.15, 0, 100,
                   "assumption: about one in seven eligible people in the community seeks MMT each year, "
                   "consistent with Viet Nam scale-up from 946 (2008) to 52,200 clients (2019) (seed_facts.csv "
                   "ids 175, 176); calibrate per country",
                   "Hazard of voluntarily seeking MMT for opioid users at the harmful or dependent stage in the community."),
      number_param("mmt.reentry_multiplier", "multiplier", 1.5, 0, 100,
                   "assumption: people who were on MMT before know the service and return more readily",
                   "Multiplier on the seeking hazard for people with a previous MMT episode."),
      list_param("mmt.dropout_rate_per_year", "per year", {0.14618, 0.03414, 0.07199}, 0, 100, 3,
                 "Khue et al., Harm Reduct J 2017;14:59 (Hai Phong, n=1,055): cumulative dropout 13.6%, 16.5%, 22.3% "
                 "by years 1, 2, 3; hazards -ln(0.864)=0.14618, ln(0.864/0.835)=0.03414, ln(0.835/0.777)=0.07199; "
                 "the last holds after year 3",
                 "Dropout hazard in treatment years 1, 2 and 3 onwards (piecewise constant by time on treatment)."),
      lever_param("mmt.take_home_share", "share", 0.0038, 0, 1,
                  "seed_facts.csv ids 189 and 176: Viet Nam take-home pilot enrolled 200 clients (April 2021) of "
                  "52,200 on MMT (2019): 200/52,200 = 0.0038",
                  "Share of MMT clients with take-home doses (China Ping An: 2-6 take-home doses per week, seed ids 20-21)."),
      number_param("mmt.take_home_dropout_multiplier", "multiplier", 0.75, 0, 10,
                   "assumption: take-home doses remove the daily clinic visit that hinders MMT (seed_facts.csv ids "
                   "16, 170); no effect size in the seed; 25% lower dropout assumed",
                   "Dropout hazard multiplier for clients with take-home doses."),
      lever_param("mmt.flexible_dosing", "share", 0.0, 0, 1,
                  "assumption: Viet Nam MMT has fixed daily observed dosing at baseline (seed_facts.csv id 170)",
                  "Share of MMT clients in flexible-dose, low-threshold programmes (Malaysia Harapan model)."),
      number_param("mmt.flexible_dosing_dropout_multiplier", "multiplier", 0.5, 0, 10,
                   "assumption informed by Malaysia Harapan clinic, 96% retention (92 of 96 active clients, "
                   "seed_facts.csv ids 95-96), against 13.6% first-year dropout in Hai Phong (Khue 2017); the "
                   "Harapan figure is cross-sectional, so only half of the implied reduction is assumed",
                   "Dropout hazard multiplier for clients in flexible-dosing programmes."),
      number_param("mmt.cost_usd_per_year", "USD per person-year", 339, 0, 1e6,
                   "seed_facts.csv id 185: Viet Nam 2015 evaluation, 7,880,000 VND = US$339 per MMT client per year "
                   "(000_ac8646728de38624.txt line 2238)",
                   "Cost per person-year on MMT, charged per person-day (payer: health)."),
  };
}

const ModuleRegistration registration{ModuleInfo{
    "service.mmt", "Methadone maintenance: slots, FIFO waitlist, seeking, referral and dropout by time on treatment",
    mmt_params(), [] { return std::unique_ptr<Module>(new Mmt()); }}};

}  // namespace
}  // namespace pathways
