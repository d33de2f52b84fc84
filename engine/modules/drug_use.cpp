// process.drug_use: stages of drug use (episodic, harmful, dependent, remission), relapse, injecting.
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/hazard_clock.hpp"
#include "core/simulation.hpp"
#include "model/model.hpp"

namespace pathways {
namespace {

std::string skey(std::size_t s, const char* what) {
  return "drug_use." + std::string(kSubstanceNames[s]) + "." + what;
}

constexpr std::uint8_t kInjectingBit = kPriorInjectingBit;
constexpr std::uint8_t kStageMask = kPriorStageMask;

/// Rates per day of one substance.
struct SubstanceRates {
  std::array<double, 2> progression{};  ///< episodic->harmful, harmful->dependent
  std::array<double, 2> regression{};   ///< harmful->episodic, dependent->harmful
  std::array<double, 3> remission{};    ///< from episodic, harmful, dependent
  double relapse = 0.0;
  double inject_start = 0.0, inject_stop = 0.0;
};

/// A multiplier that is piecewise constant in the time since an event (release, treatment exit).
struct DurationSteps {
  std::vector<double> breaks;  ///< days since the event, increasing
  std::vector<double> values;  ///< breaks.size() + 1 multipliers
  /// Multiplier at `now` for an event on day `since` (-inf: never); `next` becomes the next breakpoint.
  /// Bounds are absolute days, so that at a breakpoint event `now < bound` is exactly false and the
  /// clock moves on to the next interval (a relative comparison could round back into the old one).
  double at(Days now, Days since, Days& next) const {
    for (std::size_t k = 0; k < breaks.size(); ++k) {
      const Days bound = since + breaks[k];
      if (now < bound) {
        next = std::min(next, bound);
        return values[k];
      }
    }
    return values.back();
  }
};

class DrugUse final : public Module {
 public:
  void init(Simulation& sim) override {
    const auto& p = sim.params();
    model_ = &model_of(sim);
    people_ = model_->people;
    for (std::size_t s = 0; s < kSubstances; ++s) {
      auto& r = rates_[s];
      const auto& prog = p.list(skey(s, "progression_rate_per_year"));
      const auto& regr = p.list(skey(s, "regression_rate_per_year"));
      const auto& rem = p.list(skey(s, "remission_rate_per_year"));
      for (std::size_t i = 0; i < 2; ++i) r.progression[i] = per_day(prog.at(i));
      for (std::size_t i = 0; i < 2; ++i) r.regression[i] = per_day(regr.at(i));
      for (std::size_t i = 0; i < 3; ++i) r.remission[i] = per_day(rem.at(i));
      r.relapse = per_day(p.number(skey(s, "relapse_rate_per_year")));
      r.inject_start = per_day(p.number(skey(s, "injecting_initiation_rate_per_year")));
      r.inject_stop = per_day(p.number(skey(s, "injecting_cessation_rate_per_year")));
    }
    inside_ = p.number("drug_use.inside_use_multiplier");
    cessation_days_ = p.number("drug_use.cessation_years") * kDaysPerYear;
    ceased_relapse_ = p.number("drug_use.relapse_multiplier_after_cessation");
    mmt_relapse_ = p.number("drug_use.mmt_relapse_multiplier");
    mmt_remission_ = p.number("drug_use.mmt_remission_multiplier");
    mmt_inject_start_ = p.number("drug_use.mmt_injecting_initiation_multiplier");
    mmt_inject_stop_ = p.number("drug_use.mmt_injecting_cessation_multiplier");
    treat_relapse_ = p.number("drug_use.treatment_relapse_multiplier");
    treat_remission_ = p.number("drug_use.treatment_remission_multiplier");
    const auto& breaks = p.list("drug_use.relapse_breaks_days");
    // Lengths and order are checked when the scenario is loaded (drug_use_rules).
    post_release_ = DurationSteps{breaks, p.list("drug_use.post_release_relapse_multiplier")};
    post_treatment_ = DurationSteps{breaks, p.list("drug_use.post_treatment_relapse_multiplier")};

    prior_ = people_.prior_stage;
    stage_.init(sim, "drug_use.stage", this, sim.rng.stream("drug_use.stage"));
    inject_.init(sim, "drug_use.injecting", this, sim.rng.stream("drug_use.injecting"));
    relapses_ = sim.out.metric("drug_use.relapses", MetricKind::Flow);
    remissions_ = sim.out.metric("drug_use.remissions", MetricKind::Flow);
    forced_ = sim.out.metric("drug_use.forced_abstinence", MetricKind::Flow);
    for (std::size_t k = 0; k < kStages; ++k) {
      stage_metric_[k] = sim.out.metric("drug_use.stage_" + std::string(kStageNames[k]), MetricKind::Stock);
    }
    injecting_metric_ = sim.out.metric("drug_use.injecting", MetricKind::Stock);
    drug_free_metric_ = sim.out.metric("drug_use.drug_free_years", MetricKind::Flow);
    free_outside_metric_ = sim.out.metric("drug_use.drug_free_days_outside_detention", MetricKind::Flow);
    pwud_metric_ = sim.out.metric("population.people_who_use_drugs", MetricKind::Stock);
    pwid_metric_ = sim.out.metric("population.people_who_inject_drugs", MetricKind::Stock);
    ceased_metric_ = sim.out.metric("population.ceased", MetricKind::Stock);
    cessations_metric_ = sim.out.metric("drug_use.cessations", MetricKind::Flow);
    abstinent_since_ = &sim.pop.column<Days>("drug_use.abstinent_outside_since", kNever);
    cohort_ = model_->cohort_run();
    if (cohort_) {
      first_use_ = &sim.pop.column<Days>("drug_use.cohort_first_use", kNever);
      censored_ = &sim.pop.column<Days>("drug_use.cohort_censored", kNever);
    }
    counted_outside_ = &sim.pop.column<std::uint8_t>("drug_use.counted_outside", 0);
    // Remission at the completion of treatment (services ask through the model): the same
    // bookkeeping as a remission of the stage clock.
    model_->set_remission_handler([this](Simulation& s, AgentId a) {
      if (!people_.using_drugs(a)) return;
      set_stage(s, a, Stage::Remission, pack(a), 0);
      s.notify(a, change::kStage);
    });
    model_->set_tail(
        Model::TailSpec{[this](std::uint8_t sub, bool) { return tail_chain(sub); },
                        [this](const Simulation& s, AgentId a, std::array<double, kTailStates>& start,
                               bool& injects) { tail_start(s, a, start, injects); }});
  }

  void on_agents_added(Simulation& sim, AgentId first, std::size_t count) override {
    for (AgentId a = first; a < first + count; ++a) {
      if (!people_.using_drugs(a)) (*people_.injecting)[a] = 0;
      if (model_->closed(people_.setting_of(a)) && people_.using_drugs(a)) {
        (*prior_)[a] = pack(a);
        (*people_.stage)[a] = static_cast<std::uint8_t>(Stage::Remission);
        (*people_.injecting)[a] = 0;
      }
      // People starting in remission outside detention: their abstinence began at some unknown
      // time before; counted from the start (an underestimate of who has ceased by then).
      (*abstinent_since_)[a] =
          people_.using_drugs(a) || model_->closed(people_.setting_of(a)) ? kNever : sim.now();
      count_in(sim, a, +1);
      refresh_outside(sim, a);
      if (cohort_ && people_.using_drugs(a)) (*first_use_)[a] = sim.now();
      schedule_stage(sim, a);
      schedule_injecting(sim, a);
    }
  }

  void on_agent_changed(Simulation& sim, AgentId a, ChangeFlags what) override {
    if (what & change::kDeath) {
      count_in(sim, a, -1);
      refresh_outside(sim, a);
      if (cohort_) (*censored_)[a] = sim.now();
      return;
    }
    if (what & change::kSetting) {
      // Abstinence that counts towards cessation is abstinence outside detention.
      const bool inside = model_->closed(people_.setting_of(a));
      if (inside) {
        (*abstinent_since_)[a] = kNever;
      } else if (!people_.using_drugs(a) && (*abstinent_since_)[a] == kNever) {
        (*abstinent_since_)[a] = sim.now();
      }
      refresh_outside(sim, a);
    }
    if ((what & change::kSetting) && model_->closed(people_.setting_of(a)) && people_.using_drugs(a)) {
      // Use stops on entry to a closed setting; the prior stage is what relapse returns to.
      sim.out.add(forced_, 1.0);
      set_stage(sim, a, Stage::Remission, pack(a), 0);
      sim.notify(a, change::kStage);  // delivered after this change: it redraws both clocks here
      return;
    }
    schedule_stage(sim, a);
    schedule_injecting(sim, a);
  }

  void handle(Simulation& sim, const Event& ev) override {
    const AgentId a = ev.agent;
    if (ev.kind == inject_.kind()) {
      const bool injects = (*people_.injecting)[a] != 0;
      set_stage(sim, a, people_.stage_of(a), (*prior_)[a], injects ? 0 : 1);
      sim.notify(a, change::kStage);
      return;
    }
    if (stage_.fired_at_break(sim, a)) {  // a hazard breakpoint, not a transition: redraw from here
      if (!people_.using_drugs(a) && sim.now() == (*abstinent_since_)[a] + cessation_days_) {
        sim.out.add(cessations_metric_, 1.0);
      }
      schedule_stage(sim, a);
      return;
    }
    std::array<double, 3> w{};
    std::array<Stage, 3> to{};
    Days unused = kNever;
    const std::size_t n = outcomes(sim.now(), a, w, to, unused);
    Draws d = sim.rng.agent_draws(stage_.stream(), a);
    const Stage next = to[d.categorical(w.data(), n)];
    const Stage from = people_.stage_of(a);
    if (next == Stage::Remission) {
      sim.out.add(remissions_, 1.0);
      set_stage(sim, a, next, pack(a), 0);
    } else if (from == Stage::Remission) {
      sim.out.add(relapses_, 1.0);
      set_stage(sim, a, next, (*prior_)[a], static_cast<std::uint8_t>(((*prior_)[a] & kInjectingBit) != 0));
    } else {
      set_stage(sim, a, next, (*prior_)[a], (*people_.injecting)[a]);
    }
    sim.notify(a, change::kStage);
  }

  void record_year(Simulation& sim, int year) override {
    drug_free_.advance(sim.now(), no_discount_);
    sim.out.add(drug_free_metric_, drug_free_.total / kDaysPerYear);
    drug_free_.reset_totals();
    free_outside_.advance(sim.now(), no_discount_);
    sim.out.add(free_outside_metric_, free_outside_.total);
    free_outside_.reset_totals();
    // Who has ceased for good (abstinent outside detention for drug_use.cessation_years) and who
    // still uses: the population at risk, against national size estimates.
    long ceased = 0, pwud = 0;
    for (AgentId a = 0; a < sim.pop.size(); ++a) {
      if (!sim.pop.alive(a)) continue;
      if (has_ceased(sim.now(), a)) {
        ++ceased;
      } else {
        ++pwud;
      }
    }
    sim.out.set(ceased_metric_, year, static_cast<double>(ceased));
    sim.out.set(pwud_metric_, year, static_cast<double>(pwud));
    sim.out.set(pwid_metric_, year, static_cast<double>(injecting_count_));
    for (std::size_t k = 0; k < kStages; ++k)
      sim.out.set(stage_metric_[k], year, static_cast<double>(stage_count_[k]));
    sim.out.set(injecting_metric_, year, static_cast<double>(injecting_count_));
  }

  void finish(Simulation& sim) override {
    if (!cohort_) return;
    // A cohort's time from entry to first drug use (relapse-free survival), censored at death or at
    // the end of follow-up; daily for a year, weekly after.
    std::vector<std::pair<float, std::uint8_t>> obs;
    for (AgentId a = 0; a < sim.pop.size(); ++a) {
      const Days used = (*first_use_)[a];
      if (used != kNever) {
        obs.emplace_back(static_cast<float>(used), 1);
      } else {
        obs.emplace_back(static_cast<float>(sim.pop.alive(a) ? sim.now() : (*censored_)[a]), 0);
      }
    }
    std::vector<double> grid;
    for (double d = 0.0; d <= std::min(sim.now(), 365.0); d += 1.0) grid.push_back(d);
    for (double d = 371.0; d <= sim.now(); d += 7.0) grid.push_back(d);
    sim.out.set_curve(Curve{"relapse_free.cohort", grid, kaplan_meier(std::move(obs), grid)});
  }

 private:
  // After the horizon (model hub): the community rates of the substance, with no services.
  TailChain tail_chain(std::uint8_t sub) const {
    const SubstanceRates& r = rates_[sub];
    TailChain c;
    auto& q = c.rate_per_year;
    // Remission (3-5) becomes cessation (6-8) after cessation_years without relapse; a chain has no
    // clock, so the rate is the one that gives the same chance of getting there first:
    // q / (q + r) = exp(-r T).
    const double relapse = r.relapse * kDaysPerYear, years = cessation_days_ / kDaysPerYear;
    const double reach = std::exp(-relapse * years);
    const double to_ceased = reach < 1.0 ? relapse * reach / (1.0 - reach) : 1.0 / years;
    for (std::size_t i = 0; i < 3; ++i) {
      q[i][3 + i] = r.remission[i] * kDaysPerYear;
      q[3 + i][i] = relapse;
      q[3 + i][6 + i] = to_ceased;
      q[6 + i][i] = relapse * ceased_relapse_;
    }
    q[0][1] = r.progression[0] * kDaysPerYear;
    q[1][2] = r.progression[1] * kDaysPerYear;
    q[1][0] = r.regression[0] * kDaysPerYear;
    q[2][1] = r.regression[1] * kDaysPerYear;
    return c;
  }

  // Where a survivor's career starts after the horizon. People using are in their stage. People
  // in remission relapse to the stage they came from at the community rate, plus what is left of
  // the raised relapse risk after release or treatment: whoever is detained or in treatment at the
  // horizon is taken to leave then, and that extra risk is applied at once (a relapse a few months
  // early is the only approximation).
  void tail_start(const Simulation& sim, AgentId a, std::array<double, kTailStates>& start,
                  bool& injects) const {
    const Stage st = people_.stage_of(a);
    if (st != Stage::Remission) {
      start[static_cast<std::size_t>(st) - 1] = 1.0;
      injects = (*people_.injecting)[a] != 0;
      return;
    }
    auto back = static_cast<Stage>((*prior_)[a] & kStageMask);
    if (back == Stage::Remission) back = Stage::Dependent;
    injects = ((*prior_)[a] & kInjectingBit) != 0;
    const Days now = sim.now();
    if (has_ceased(now, a)) {
      start[6 + static_cast<std::size_t>(back) - 1] = 1.0;
      return;
    }
    const SettingInfo& where = model_->settings[people_.setting_of(a)];
    Days released = (*people_.last_release_day)[a], treated = (*people_.last_treatment_exit_day)[a];
    if (where.closed()) released = now;
    if (where.has_episodes()) treated = now;
    const double extra = extra_relapse_days(now, released, treated) * rates_[(*people_.substance)[a]].relapse;
    const double p = 1.0 - std::exp(-extra);
    const auto i = static_cast<std::size_t>(back) - 1;
    start[i] = p;
    start[3 + i] = 1.0 - p;
  }

  /// Integral from `now` on of (multiplier - 1), the multiplier being the larger of the
  /// post-release and post-treatment ones (as in the simulation), in days.
  double extra_relapse_days(Days now, Days released, Days treated) const {
    std::vector<Days> cuts = {now};
    for (const Days since : {released, treated}) {
      if (!std::isfinite(since)) continue;
      for (double b : post_release_.breaks) {
        if (since + b > now) cuts.push_back(since + b);
      }
    }
    std::sort(cuts.begin(), cuts.end());
    double extra = 0.0;
    for (std::size_t k = 0; k + 1 < cuts.size(); ++k) {
      Days unused = kNever;
      const Days mid = 0.5 * (cuts[k] + cuts[k + 1]);
      const double m = std::max(std::isfinite(released) ? post_release_.at(mid, released, unused) : 1.0,
                                std::isfinite(treated) ? post_treatment_.at(mid, treated, unused) : 1.0);
      extra += std::max(0.0, m - 1.0) * (cuts[k + 1] - cuts[k]);
    }
    return extra;
  }

  std::uint8_t pack(AgentId a) const {
    return static_cast<std::uint8_t>((*people_.stage)[a] | ((*people_.injecting)[a] ? kInjectingBit : 0));
  }

  void count_in(Simulation& sim, AgentId a, int sign) {
    const auto st = (*people_.stage)[a];
    stage_count_[st] += sign;
    injecting_count_ += sign * (*people_.injecting)[a];
    if (st == static_cast<std::uint8_t>(Stage::Remission)) drug_free_.change(sim.now(), no_discount_, sign);
  }

  void set_stage(Simulation& sim, AgentId a, Stage st, std::uint8_t prior, std::uint8_t injecting) {
    const bool was_using = people_.using_drugs(a);
    if (cohort_ && st != Stage::Remission && (*first_use_)[a] == kNever) (*first_use_)[a] = sim.now();
    count_in(sim, a, -1);
    (*people_.stage)[a] = static_cast<std::uint8_t>(st);
    (*people_.injecting)[a] = st == Stage::Remission ? 0 : injecting;
    (*prior_)[a] = prior;
    count_in(sim, a, +1);
    if (st != Stage::Remission) {
      (*abstinent_since_)[a] = kNever;
    } else if (was_using) {
      (*abstinent_since_)[a] = model_->closed(people_.setting_of(a)) ? kNever : sim.now();
    }
    refresh_outside(sim, a);
  }

  bool has_ceased(Days now, AgentId a) const {
    const Days since = (*abstinent_since_)[a];
    return !people_.using_drugs(a) && since != kNever && now >= since + cessation_days_;
  }

  /// Person-days drug-free outside detention: counted while in remission and not detained.
  void refresh_outside(Simulation& sim, AgentId a) {
    const bool want = sim.pop.alive(a) && !people_.using_drugs(a) && !model_->closed(people_.setting_of(a));
    std::uint8_t& had = (*counted_outside_)[a];
    if (want == (had != 0)) return;
    free_outside_.change(sim.now(), no_discount_, want ? 1.0 : -1.0);
    had = want ? 1 : 0;
  }

  /// Competing outcomes of the stage clock of `a` (weights per day, destinations); returns how
  /// many. `next_break` receives the next time the weights change by themselves.
  std::size_t outcomes(Days now, AgentId a, std::array<double, 3>& w, std::array<Stage, 3>& to,
                       Days& next_break) const {
    const auto s = (*people_.substance)[a];
    const SubstanceRates& r = rates_[s];
    const SettingInfo& where = model_->settings[people_.setting_of(a)];
    const bool mmt = where.opioid_agonist && s == kOpioid;
    const bool treated = where.has_episodes() && !where.opioid_agonist;
    const Stage st = people_.stage_of(a);
    if (st == Stage::Remission) {
      double m = 1.0;
      if (where.closed()) {
        m = inside_;
      } else if (mmt) {
        m = mmt_relapse_;
      } else if (treated) {
        m = treat_relapse_;
      } else if (where.cls == SettingClass::Community) {
        m = std::max(post_release_.at(now, (*people_.last_release_day)[a], next_break),
                     post_treatment_.at(now, (*people_.last_treatment_exit_day)[a], next_break));
      }
      // Abstinent outside detention for drug_use.cessation_years: ceased, with a far lower relapse risk.
      if (!where.closed() && (*abstinent_since_)[a] != kNever) {
        const Days ceases = (*abstinent_since_)[a] + cessation_days_;
        if (now >= ceases) {
          m *= ceased_relapse_;
        } else {
          next_break = std::min(next_break, ceases);
        }
      }
      auto back = static_cast<Stage>((*prior_)[a] & kStageMask);
      if (back == Stage::Remission) back = Stage::Dependent;
      w[0] = r.relapse * m;
      to[0] = back;
      return 1;
    }
    const auto i = static_cast<std::size_t>(st) - 1;  // 0 episodic, 1 harmful, 2 dependent
    std::size_t n = 0;
    const double rem_mult = mmt ? mmt_remission_ : (treated ? treat_remission_ : 1.0);
    w[n] = r.remission[i] * rem_mult;
    to[n++] = Stage::Remission;
    if (st != Stage::Dependent) {
      w[n] = r.progression[i];
      to[n++] = static_cast<Stage>(static_cast<std::size_t>(st) + 1);
    }
    if (st != Stage::Episodic) {
      w[n] = r.regression[i - 1];
      to[n++] = static_cast<Stage>(static_cast<std::size_t>(st) - 1);
    }
    return n;
  }

  void schedule_stage(Simulation& sim, AgentId a) {
    const Days now = sim.now();
    std::array<double, 3> w{};
    std::array<Stage, 3> to{};
    Days next_break = kNever;
    const std::size_t n = outcomes(now, a, w, to, next_break);
    double total = 0.0;
    for (std::size_t k = 0; k < n; ++k) total += w[k];
    stage_.set(sim, a, total, next_break);
  }

  void schedule_injecting(Simulation& sim, AgentId a) {
    if (!people_.using_drugs(a)) {
      inject_.cancel(sim, a);
      return;
    }
    const auto s = (*people_.substance)[a];
    const SettingInfo& where = model_->settings[people_.setting_of(a)];
    const bool mmt = where.opioid_agonist && s == kOpioid;
    double rate = 0.0;
    if ((*people_.injecting)[a]) {
      rate = rates_[s].inject_stop * (mmt ? mmt_inject_stop_ : 1.0);
    } else {
      rate = rates_[s].inject_start * (mmt ? mmt_inject_start_ : 1.0) * (where.closed() ? inside_ : 1.0);
    }
    inject_.set(sim, a, rate);
  }

  Model* model_ = nullptr;
  People people_{};
  std::array<SubstanceRates, kSubstances> rates_{};
  double inside_ = 0.0, mmt_relapse_ = 1.0, mmt_remission_ = 1.0, mmt_inject_start_ = 1.0,
         mmt_inject_stop_ = 1.0;
  double treat_relapse_ = 1.0, treat_remission_ = 1.0;
  DurationSteps post_release_, post_treatment_;
  Column<std::uint8_t>* prior_ = nullptr;  ///< stage (low bits) and injecting (bit 7) to relapse to
  HazardClock stage_, inject_;
  MetricId relapses_ = 0, remissions_ = 0, forced_ = 0, injecting_metric_ = 0, drug_free_metric_ = 0;
  std::array<MetricId, kStages> stage_metric_{};
  std::array<long, kStages> stage_count_{};
  long injecting_count_ = 0;
  RateIntegrator drug_free_, free_outside_;
  Discounting no_discount_{};
  double cessation_days_ = 3 * kDaysPerYear, ceased_relapse_ = 0.1;
  bool cohort_ = false;
  Column<Days>*first_use_ = nullptr, *censored_ = nullptr;  ///< cohort runs: first drug use, death
  Column<Days>* abstinent_since_ = nullptr;          ///< start of the current abstinence outside detention
  Column<std::uint8_t>* counted_outside_ = nullptr;  ///< counted in free_outside_ now
  MetricId free_outside_metric_ = 0, pwud_metric_ = 0, pwid_metric_ = 0, ceased_metric_ = 0,
           cessations_metric_ = 0;
};

std::vector<ParamSpec> drug_use_params() {
  const std::string a = "assumption: ";
  std::vector<ParamSpec> v;
  struct Defaults {
    std::vector<double> progression, regression, remission;
    double relapse, inject_start, inject_stop;
  };
  const std::array<Defaults, kSubstances> defs = {
      Defaults{{0.3, 0.4}, {0.1, 0.05}, {0.3, 0.15, 0.1}, 1.0, 0.15, 0.08},
      Defaults{{0.2, 0.2}, {0.2, 0.1}, {0.4, 0.25, 0.15}, 0.7, 0.01, 0.3}};
  for (std::size_t s = 0; s < kSubstances; ++s) {
    const std::string n(kSubstanceNames[s]);
    const auto& d = defs[s];
    v.push_back(list_param(skey(s, "progression_rate_per_year"), "per year", d.progression, 0, 100, 2,
                           a + "progression over a few years of regular " + n + " use",
                           "Progression rates of " + n + " users: episodic->harmful, harmful->dependent."));
    v.push_back(list_param(skey(s, "regression_rate_per_year"), "per year", d.regression, 0, 100, 2,
                           a + "some users cut down without stopping",
                           "Regression rates of " + n + " users: harmful->episodic, dependent->harmful."));
    v.push_back(list_param(
        skey(s, "remission_rate_per_year"), "per year", d.remission, 0, 100, 3,
        a + "natural remission is slower the deeper the dependence",
        "Remission (stopping use) rates of " + n + " users from episodic, harmful, dependent use."));
    v.push_back(number_param(
        skey(s, "relapse_rate_per_year"), "per year", d.relapse, 0, 100,
        s == kOpioid ? a + "baseline opioid relapse hazard in the community, long after release "
                           "or treatment; with the post-release multipliers it gives ~91% relapse "
                           "within a year of release (Yan et al. 2013 [yan2013]: over 90%)"
                     : a + "methamphetamine relapse somewhat slower than opioid relapse",
        "Relapse hazard of " + n + " users in remission (community, no recent release or treatment)."));
    v.push_back(number_param(skey(s, "injecting_initiation_rate_per_year"), "per year", d.inject_start, 0,
                             100,
                             a + (s == kOpioid ? "transition from smoking to injecting heroin over years"
                                               : "methamphetamine is rarely injected in the region"),
                             "Rate at which non-injecting current " + n + " users start injecting."));
    v.push_back(number_param(skey(s, "injecting_cessation_rate_per_year"), "per year", d.inject_stop, 0, 100,
                             a + "injecting careers last many years",
                             "Rate at which " + n + " users who inject stop injecting while still using."));
  }
  v.push_back(number_param(
      "drug_use.inside_use_multiplier", "multiplier", 0.3, 0, 1,
      "drug use continues inside: 15.8% of people who inject and had been jailed in northern "
      "Thailand used drugs in prison [beyrer2003]; 49% of injectors in a Bangkok prison injected "
      "there within five months [thaisri2003]; with the community relapse hazard of 1 a year, 0.3 "
      "gives 26% relapsing during a one-year stay; range 0.1-0.7 (no figure for Viet Nam's centres "
      "beyond reports of use inside [thanhnien2011])",
      "Relapse and injecting-initiation hazards inside a compulsory centre or prison, as a "
      "multiplier of the community baseline (0: strict abstinence)."));
  v.push_back(number_param(
      "drug_use.cessation_years", "years", 3, 0.5, 50,
      "China counts people who 'did not relapse for more than three years after withdrawal' as having ceased "
      "[china-nncc2019]; range 2-5 years",
      "Years of abstinence outside detention after which a person has ceased use for good: no longer counted "
      "among people who use drugs (population.people_who_use_drugs), relapse hazard lowered by "
      "drug_use.relapse_multiplier_after_cessation."));
  v.push_back(
      number_param("drug_use.relapse_multiplier_after_cessation", "multiplier", 0.1, 0, 1,
                   a + "relapse after three years of abstinence is uncommon; one tenth of the baseline "
                       "hazard, range 0-0.3",
                   "Relapse hazard of people who have ceased, as a multiplier of the community baseline."));
  v.push_back(list_param(
      "drug_use.relapse_breaks_days", "days since release or treatment exit", {30, 90, 365}, 0, 36525, 0,
      a + "first month, first quarter, first year after release or treatment",
      "Breakpoints of the piecewise-constant post-release and post-treatment relapse multipliers."));
  v.push_back(
      list_param("drug_use.post_release_relapse_multiplier", "multiplier", {10, 4, 1.2, 1}, 0, 1000, 0,
                 "calibrated: with the opioid relapse rate 1.0/yr, 1 - exp(-(30x10 + 60x4 + 275x1.2)/365.25) "
                 "= 91% relapse within a year of release; over 90% of heroin users relapse after release "
                 "(Yan et al. 2013 [yan2013], [yan2013])",
                 "Relapse-hazard multiplier by time since release from detention (one entry per interval of "
                 "drug_use.relapse_breaks_days, plus one after the last)."));
  v.push_back(list_param(
      "drug_use.post_treatment_relapse_multiplier", "multiplier", {2.5, 1.6, 1.1, 1}, 0, 1000, 0,
      "calibrated: with the opioid relapse rate 1.0/yr, exp(-(30x2.5 + 60x1.6 + 92.6x1.1)/365.25) = "
      "47% abstinent six months after treatment; [seed-79]: Lao PDR, 47% had stopped "
      "using six months after outpatient treatment",
      "Relapse-hazard multiplier by time since leaving a treatment setting."));
  v.push_back(
      number_param("drug_use.mmt_relapse_multiplier", "multiplier", 0.15, 0, 10,
                   "calibrated: dependent opioid users entering MMT (remission 0.1/yr x 10, relapse 1.0/yr x "
                   "0.15) are 22% still using heroin at 24 months; heroin use after 24 months of MMT "
                   "14.6%-22.9% (Harm Reduct J 2015;12:39, [tran2015])",
                   "Opioid relapse hazard in MMT, as a multiplier of the community baseline."));
  v.push_back(
      number_param("drug_use.mmt_remission_multiplier", "multiplier", 10, 0, 1000,
                   "calibrated with drug_use.mmt_relapse_multiplier to heroin use after 24 months of MMT "
                   "14.6%-22.9% (Harm Reduct J 2015;12:39, [tran2015])",
                   "Opioid remission (stopping use) hazard in MMT, as a multiplier."));
  v.push_back(number_param("drug_use.mmt_injecting_initiation_multiplier", "multiplier", 0.3, 0, 10,
                           a + "MMT lowers the pressure to inject",
                           "Injecting initiation hazard of opioid users in MMT."));
  v.push_back(number_param("drug_use.mmt_injecting_cessation_multiplier", "multiplier", 3, 0, 100,
                           a + "MMT clients who still use inject less",
                           "Injecting cessation hazard of opioid users in MMT."));
  v.push_back(number_param("drug_use.treatment_relapse_multiplier", "multiplier", 0.5, 0, 10,
                           a + "community-based treatment and counselling halve relapse while enrolled",
                           "Relapse hazard in outpatient, residential, aftercare and diversion programmes."));
  v.push_back(
      number_param("drug_use.treatment_remission_multiplier", "multiplier", 3, 0, 1000,
                   a + "enrolment in treatment triples the remission hazard",
                   "Remission hazard in outpatient, residential, aftercare and diversion programmes."));
  return v;
}

std::vector<ParamRule> drug_use_rules() {
  const auto one_more = [](const char* key) {
    return ParamRule{{"drug_use.relapse_breaks_days", key},
                     std::string(key) + " with one entry more than drug_use.relapse_breaks_days",
                     [key](const ParamValues& p, const std::vector<Declaration>&) {
                       const std::size_t want = p.list("drug_use.relapse_breaks_days").size() + 1;
                       const std::size_t got = p.list(key).size();
                       return got == want
                                  ? std::string()
                                  : std::to_string(got) + " entries (" + std::to_string(want) + " needed)";
                     }};
  };
  return {
      ParamRule{{"drug_use.relapse_breaks_days"},
                "increasing breakpoints",
                [](const ParamValues& p, const std::vector<Declaration>&) {
                  const auto& b = p.list("drug_use.relapse_breaks_days");
                  return std::is_sorted(b.begin(), b.end()) ? std::string()
                                                            : std::string("breakpoints out of order");
                }},
      one_more("drug_use.post_release_relapse_multiplier"),
      one_more("drug_use.post_treatment_relapse_multiplier"),
  };
}

const ModuleRegistration registration{ModuleInfo{
    .type = "process.drug_use",
    .description = "Stages of drug use, remission and relapse (after release and treatment), injecting",
    .params = drug_use_params(),
    .create = [] { return std::unique_ptr<Module>(new DrugUse()); },
    .order = 30,
    .needs = {kModelHub},
    .subscribes = change::kSetting | change::kStage | change::kDeath,
    .rules = drug_use_rules(),
}};

}  // namespace
}  // namespace pathways
