// Health outcomes: QALYs from utilities by stage and setting, DALYs as YLD plus YLL, discounted exactly.
#include <algorithm>
#include <array>
#include <cmath>
#include <memory>
#include <vector>

#include "model/model.hpp"

namespace pathways {
namespace {

constexpr double kTableStepYears = 5.0;  // reference life table: ages 0, 5, 10, ...

class Health final : public Module {
 public:
  void init(Simulation& sim) override {
    const auto& p = sim.params();
    model_ = &model_of(sim);
    const auto& u = p.list("health.utility_by_stage");
    for (std::size_t s = 0; s < kStages; ++s) stage_utility_[s] = u[s];
    setting_mult_ = model_->settings.numbers(p.map("health.setting_utility_multiplier"));
    const auto& dw = p.list("health.disability_weight_dependent");
    for (std::size_t s = 0; s < kSubstances; ++s) dw_dependent_[s] = dw[s];
    harmful_share_ = p.number("health.disability_weight_harmful_share");
    life_table_ = p.list("health.reference_life_expectancy");
    disc_ = model_->health_discount;
    delta_per_year_ = disc_.delta_per_day * kDaysPerYear;

    utility_ = &sim.pop.column<float>("health.utility", 0.0f);
    disability_ = &sim.pop.column<float>("health.disability", 0.0f);
    // Set by the HIV module (1 when absent); it must notify change::kHiv after changing it.
    hiv_multiplier_ = &sim.pop.column<float>("hiv.utility_multiplier", 1.0f);
    qalys_ = sim.out.metric("health.qalys", MetricKind::Flow);
    qalys_disc_ = sim.out.metric("health.qalys_discounted", MetricKind::Flow);
    yld_ = sim.out.metric("health.yld", MetricKind::Flow);
    yld_disc_ = sim.out.metric("health.yld_discounted", MetricKind::Flow);
    yll_ = sim.out.metric("health.yll", MetricKind::Flow);
    yll_disc_ = sim.out.metric("health.yll_discounted", MetricKind::Flow);
    dalys_ = sim.out.metric("health.dalys", MetricKind::Flow);
    dalys_disc_ = sim.out.metric("health.dalys_discounted", MetricKind::Flow);
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
    quality_.advance(now, disc_);
    disability_rate_.advance(now, disc_);
    sim.out.add(qalys_, quality_.total / kDaysPerYear);
    sim.out.add(qalys_disc_, quality_.discounted / kDaysPerYear);
    const double yld = disability_rate_.total / kDaysPerYear,
                 yld_disc = disability_rate_.discounted / kDaysPerYear;
    sim.out.add(yld_, yld);
    sim.out.add(yld_disc_, yld_disc);
    sim.out.add(dalys_, yld);
    sim.out.add(dalys_disc_, yld_disc);
    quality_.reset_totals();
    disability_rate_.reset_totals();
  }

 private:
  // Utility u = stage utility x setting multiplier x HIV multiplier; disability weight by stage and
  // substance. Both are held per agent so that the population totals change by the difference.
  void refresh(Simulation& sim, AgentId a) {
    const People& pp = model_->people;
    double u = 0.0, d = 0.0;
    if (sim.pop.alive(a)) {
      const auto st = static_cast<std::size_t>((*pp.stage)[a]);
      u = stage_utility_[st] * setting_mult_[(*pp.setting)[a]] * static_cast<double>((*hiv_multiplier_)[a]);
      const double w = dw_dependent_[std::min<std::size_t>((*pp.substance)[a], kSubstances - 1)];
      if (st == static_cast<std::size_t>(Stage::Dependent)) d = w;
      if (st == static_cast<std::size_t>(Stage::Harmful)) d = w * harmful_share_;
    }
    // The totals move by exactly the stored (float) values, so they never drift from the columns.
    const auto uf = static_cast<float>(u), df = static_cast<float>(d);
    const Days now = sim.now();
    quality_.change(now, disc_, static_cast<double>(uf) - static_cast<double>((*utility_)[a]));
    disability_rate_.change(now, disc_, static_cast<double>(df) - static_cast<double>((*disability_)[a]));
    (*utility_)[a] = uf;
    (*disability_)[a] = df;
  }

  // YLL: the reference life expectancy L at the age of death, counted in the year of death; its
  // present value is exp(-delta t) (1 - exp(-delta L)) / delta with delta = ln(1 + r) per year.
  void record_death(Simulation& sim, AgentId a) {
    const double age = std::max(0.0, model_->people.age_years(a, sim.now()));
    const double pos = age / kTableStepYears;
    const auto i = static_cast<std::size_t>(pos);
    double life = life_table_.back();
    if (i + 1 < life_table_.size()) {
      const double f = pos - static_cast<double>(i);
      life = life_table_[i] + f * (life_table_[i + 1] - life_table_[i]);
    }
    const double pv =
        delta_per_year_ > 0.0 ? (1.0 - std::exp(-delta_per_year_ * life)) / delta_per_year_ : life;
    const double disc = disc_.factor(sim.now()) * pv;
    sim.out.add(yll_, life);
    sim.out.add(yll_disc_, disc);
    sim.out.add(dalys_, life);
    sim.out.add(dalys_disc_, disc);
  }

  Model* model_ = nullptr;
  Discounting disc_;
  double delta_per_year_ = 0.0, harmful_share_ = 0.0;
  std::array<double, kStages> stage_utility_{};
  std::vector<double> setting_mult_;  ///< by setting id
  std::array<double, kSubstances> dw_dependent_{};
  std::vector<double> life_table_;
  std::vector<float>*utility_ = nullptr, *disability_ = nullptr, *hiv_multiplier_ = nullptr;
  RateIntegrator quality_, disability_rate_;
  MetricId qalys_ = 0, qalys_disc_ = 0, yld_ = 0, yld_disc_ = 0, yll_ = 0, yll_disc_ = 0, dalys_ = 0,
           dalys_disc_ = 0;
};

std::vector<ParamSpec> health_params() {
  return {
      list_param(
          "health.utility_by_stage", "utility", {0.85, 0.80, 0.72, 0.65}, 0, 1, kStages,
          "assumption: EQ-5D-like utilities falling with severity of use (remission, episodic, harmful, "
          "dependent); replace with Viet Nam EQ-5D figures for people who use drugs",
          "Health utility by drug-use stage (1 = full health)."),
      map_param(
          "health.setting_utility_multiplier", kSettingDomain, "class", "multiplier",
          {{"compulsory_centre", 0.8}, {"prison", 0.85}, {"residential", 0.95}}, 1.0, 0, 1,
          "assumption: detention lowers quality of life (compulsory centre 0.8, prison 0.85), residential "
          "care slightly (0.95); no change in community settings",
          "Utility multiplier by setting: a map from setting name (or class) to a multiplier; settings not "
          "named take 1."),
      list_param(
          "health.disability_weight_dependent", "disability weight", {0.697, 0.079}, 0, 1, kSubstances,
          "GBD disability weights (Salomon et al., Lancet Glob Health 2015;3:e712, used unchanged in GBD "
          "2019): opioid dependence 0.697 (0.510-0.843), amphetamine dependence 0.079 (0.053-0.113); values "
          "as "
          "transcribed, to be checked against the published GBD 2019 disability-weight table",
          "Disability weight of dependence (opioid, methamphetamine) for YLD."),
      number_param("health.disability_weight_harmful_share", "share", 0.0, 0, 1,
                   "GBD counts only dependence (no disability weight for non-dependent use)",
                   "Share of the dependence disability weight applied at the harmful stage."),
      list_param(
          "health.reference_life_expectancy", "years",
          {88.87, 84.03, 79.05, 74.07, 69.11, 64.15, 59.20, 54.25, 49.32, 44.43,
           39.63, 34.91, 30.25, 25.68, 21.29, 17.10, 13.24, 9.99,  7.62,  5.92},
          0, 120, 20,
          "GBD 2019 reference (standard) life table used for YLL, IHME (life expectancy at birth 88.9); "
          "values at ages 0, 5, ..., 95 as transcribed, to be checked against the published table",
          "Remaining standard life expectancy at ages 0, 5, 10, ..., 95 (linear between; last value "
          "beyond)."),
  };
}

const ModuleRegistration registration{ModuleInfo{
    .type = "model.health",
    .description =
        "QALYs from utilities by stage, setting and HIV; DALYs as YLD plus YLL, discounted exactly",
    .params = health_params(),
    .create = [] { return std::unique_ptr<Module>(new Health()); },
    .order = 100,
    .needs = {kModelHub},
    .subscribes = change::kSetting | change::kStage | change::kHiv | change::kDeath,
}};

}  // namespace
}  // namespace pathways
