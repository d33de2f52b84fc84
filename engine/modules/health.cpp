// Health outcomes from one valuation set: QALYs from utilities and DALYs from disability weights of the
// same states (drug use by substance and stage, setting, HIV), discounted exactly, with the value of
// survivors' futures after the horizon so that outcomes are lifetime and a death always costs health.
#include <algorithm>
#include <array>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "model/model.hpp"

namespace pathways {

std::vector<ParamSpec> health_params();  // health_params.cpp
std::vector<ParamRule> health_rules();   // health_params.cpp

namespace {

/// The metrics of one quantity integrated over the policy period, after it, and over a lifetime.
struct Lifetime {
  MetricId window = 0, window_disc = 0, after = 0, after_disc = 0, lifetime = 0, lifetime_disc = 0;
  void init(Simulation& sim, const std::string& name) {
    window = sim.out.metric("health." + name, MetricKind::Flow);
    window_disc = sim.out.metric("health." + name + "_discounted", MetricKind::Flow);
    after = sim.out.metric("health." + name + "_after_horizon", MetricKind::Flow);
    after_disc = sim.out.metric("health." + name + "_after_horizon_discounted", MetricKind::Flow);
    lifetime = sim.out.metric("health.lifetime_" + name, MetricKind::Flow);
    lifetime_disc = sim.out.metric("health.lifetime_" + name + "_discounted", MetricKind::Flow);
  }
  void add_window(Simulation& sim, double v, double v_disc) const {
    sim.out.add(window, v);
    sim.out.add(window_disc, v_disc);
    sim.out.add(lifetime, v);
    sim.out.add(lifetime_disc, v_disc);
  }
  void add_after(Simulation& sim, int last_year, double v, double v_disc) const {
    sim.out.add_at(after, last_year, v);
    sim.out.add_at(after_disc, last_year, v_disc);
    sim.out.add_at(lifetime, last_year, v);
    sim.out.add_at(lifetime_disc, last_year, v_disc);
  }
};

class Health final : public Module {
 public:
  void init(Simulation& sim) override {
    const auto& p = sim.params();
    model_ = &model_of(sim);
    for (std::size_t s = 0; s < kSubstances; ++s) {
      const std::string n(kSubstanceNames[s]);
      const auto& u = p.list("health.utility." + n);
      const auto& w = p.list("health.disability_weight." + n);
      for (std::size_t k = 0; k < kStages; ++k) {
        utility_[s][k] = u[k];
        weight_[s][k] = w[k];
      }
    }
    setting_mult_ = model_->settings.numbers(p.map("health.setting_utility_multiplier"));
    life_table_ = p.list("health.reference_life_expectancy");
    model_->set_reference_life_table(life_table_);
    disc_ = model_->health_discount;
    delta_per_year_ = disc_.delta_per_day * kDaysPerYear;

    utility_col_ = &sim.pop.column<float>("health.utility", 0.0f);
    disability_col_ = &sim.pop.column<float>("health.disability", 0.0f);
    detention_loss_col_ = &sim.pop.column<float>("health.detention_loss", 0.0f);
    // Written by the HIV modules (1 and 0 without them); they notify change::kHiv after changing them.
    hiv_utility_ = &sim.pop.column<float>("hiv.utility_multiplier", 1.0f);
    hiv_weight_ = &sim.pop.column<float>("hiv.disability_weight", 0.0f);
    qalys_.init(sim, "qalys");
    ly_after_ = sim.out.metric("health.life_years_after_horizon", MetricKind::Flow);
    ly_after_disc_ = sim.out.metric("health.life_years_after_horizon_discounted", MetricKind::Flow);
    yld_.init(sim, "yld");
    dalys_.init(sim, "dalys");
    yll_ = sim.out.metric("health.yll", MetricKind::Flow);
    yll_disc_ = sim.out.metric("health.yll_discounted", MetricKind::Flow);
    yll_after_ = sim.out.metric("health.yll_after_horizon", MetricKind::Flow);
    yll_after_disc_ = sim.out.metric("health.yll_after_horizon_discounted", MetricKind::Flow);
    detention_loss_disc_ = sim.out.metric("health.qaly_loss_in_detention_discounted", MetricKind::Flow);
  }

  void handle(Simulation&, const Event&) override {}

  void on_agents_added(Simulation& sim, AgentId first, std::size_t count) override {
    for (AgentId a = first; a < first + count; ++a) refresh(sim, a);
  }

  void on_agent_changed(Simulation& sim, AgentId a, ChangeFlags what) override {
    refresh(sim, a);
    if (what & change::kDeath) record_death(sim, a);
  }

  void record_year(Simulation& sim, int) override {
    const Days now = sim.now();
    for (RateIntegrator* r : {&quality_, &disability_, &detention_loss_}) r->advance(now, disc_);
    qalys_.add_window(sim, quality_.total / kDaysPerYear, quality_.discounted / kDaysPerYear);
    const double yld = disability_.total / kDaysPerYear, yld_disc = disability_.discounted / kDaysPerYear;
    yld_.add_window(sim, yld, yld_disc);
    dalys_.add_window(sim, yld, yld_disc);
    sim.out.add(detention_loss_disc_, detention_loss_.discounted / kDaysPerYear);
    for (RateIntegrator* r : {&quality_, &disability_, &detention_loss_}) r->reset_totals();
  }

  // The value of survivors' futures: from the horizon on, each survivor's expected years in each
  // stage of drug use (model hub: a Markov chain over stages in the community, with background,
  // stage and lifelong HIV death hazards), valued at the utility and disability weight of each
  // stage combined with the person's HIV state, which is held for life.
  void finish(Simulation& sim) override {
    const int last = sim.config().years - 1;
    double ly = 0.0, ly_disc = 0.0, q = 0.0, q_disc = 0.0, d = 0.0, d_disc = 0.0, yll = 0.0, yll_disc = 0.0;
    for (AgentId a = 0; a < sim.pop.size(); ++a) {
      if (!sim.pop.alive(a)) continue;
      const TailYears y = model_->future_years(sim, a, disc_);
      const auto sub = std::min<std::size_t>((*model_->people.substance)[a], kSubstances - 1);
      yll += y.yll;
      yll_disc += y.yll_discounted;
      const double hiv_u = static_cast<double>((*hiv_utility_)[a]);
      const double hiv_w = static_cast<double>((*hiv_weight_)[a]);
      for (std::size_t st = 0; st < kStages; ++st) {
        const double u = utility_[sub][st] * hiv_u;
        const double w = 1.0 - (1.0 - weight_[sub][st]) * (1.0 - hiv_w);
        ly += y.years[st];
        ly_disc += y.discounted[st];
        q += y.years[st] * u;
        q_disc += y.discounted[st] * u;
        d += y.years[st] * w;
        d_disc += y.discounted[st] * w;
      }
    }
    sim.out.add_at(ly_after_, last, ly);  // within the policy period the hub integrates health.life_years
    sim.out.add_at(ly_after_disc_, last, ly_disc);
    qalys_.add_after(sim, last, q, q_disc);
    yld_.add_after(sim, last, d, d_disc);
    // Everyone dies in the end: deaths after the horizon lose years as deaths within it do.
    sim.out.add_at(yll_after_, last, yll);
    sim.out.add_at(yll_after_disc_, last, yll_disc);
    dalys_.add_after(sim, last, d + yll, d_disc + yll_disc);
  }

 private:
  double base_utility(AgentId a) const {
    const People& pp = model_->people;
    return utility_[std::min<std::size_t>((*pp.substance)[a], kSubstances - 1)][(*pp.stage)[a]];
  }
  /// Disability weight of the state: drug use and HIV combined multiplicatively (GBD's comorbidity rule).
  double weight(AgentId a) const {
    const People& pp = model_->people;
    const double drug = weight_[std::min<std::size_t>((*pp.substance)[a], kSubstances - 1)][(*pp.stage)[a]];
    return 1.0 - (1.0 - drug) * (1.0 - static_cast<double>((*hiv_weight_)[a]));
  }

  // Utility = stage utility x setting multiplier x HIV multiplier; the disability weight has no
  // setting term (GBD has no health state for detention), which the report says where it matters.
  void refresh(Simulation& sim, AgentId a) {
    const People& pp = model_->people;
    double u = 0.0, dw = 0.0, loss = 0.0;
    if (sim.pop.alive(a)) {
      const double base = base_utility(a) * static_cast<double>((*hiv_utility_)[a]);
      u = base * setting_mult_[(*pp.setting)[a]];
      loss = model_->closed(pp.setting_of(a)) ? base - u : 0.0;
      dw = weight(a);
    }
    // The totals move by exactly the stored (float) values, so they never drift from the columns.
    const Days now = sim.now();
    update(now, quality_, (*utility_col_)[a], u);
    update(now, disability_, (*disability_col_)[a], dw);
    update(now, detention_loss_, (*detention_loss_col_)[a], loss);
  }

  void update(Days now, RateIntegrator& total, float& stored, double value) {
    const auto v = static_cast<float>(value);
    total.change(now, disc_, static_cast<double>(v) - static_cast<double>(stored));
    stored = v;
  }

  // YLL: the reference life expectancy L at the age of death, counted in the year of death, each
  // lost year discounted from the death (model/stage_tail.hpp), the whole from the start of the run.
  void record_death(Simulation& sim, AgentId a) {
    const double age = std::max(0.0, model_->people.age_years(a, sim.now()));
    const double life = reference_life_expectancy(life_table_, age);
    const double disc = disc_.factor(sim.now()) * years_of_life_lost(life_table_, age, delta_per_year_);
    sim.out.add(yll_, life);
    sim.out.add(yll_disc_, disc);
    dalys_.add_window(sim, life, disc);
  }

  Model* model_ = nullptr;
  Discounting disc_;
  double delta_per_year_ = 0.0;
  std::array<std::array<double, kStages>, kSubstances> utility_{}, weight_{};
  std::vector<double> setting_mult_;
  std::vector<double> life_table_;
  Column<float>*utility_col_ = nullptr, *disability_col_ = nullptr, *detention_loss_col_ = nullptr;
  Column<float>*hiv_utility_ = nullptr, *hiv_weight_ = nullptr;
  RateIntegrator quality_, disability_, detention_loss_;
  Lifetime qalys_, yld_, dalys_;
  MetricId yll_ = 0, yll_disc_ = 0, yll_after_ = 0, yll_after_disc_ = 0, detention_loss_disc_ = 0,
           ly_after_ = 0, ly_after_disc_ = 0;
};

const ModuleRegistration registration{ModuleInfo{
    .type = "model.health",
    .description =
        "QALYs and DALYs from one valuation set of states (drug use, setting, HIV), discounted exactly, "
        "with survivors' expected futures after the horizon",
    .params = health_params(),
    .create = [] { return std::unique_ptr<Module>(new Health()); },
    .order = 100,
    .needs = {kModelHub},
    .subscribes = change::kSetting | change::kStage | change::kHiv | change::kDeath,
    .rules = health_rules(),
}};

}  // namespace
}  // namespace pathways
