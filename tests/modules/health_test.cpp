// labels: unit oracle
// Tests of model.health against closed forms: discounted QALYs of a constant stream, a discounted
// single payment, YLD from disability weights, YLL from the reference life table, HIV utility hook.
#include <gtest/gtest.h>

#include <cmath>

#include "model/model.hpp"
#include "support/model_run.hpp"

namespace pathways {
namespace {

using testing::params_for;
using testing::run_once;
using testing::total;
using testing::value;

/// The test cohort, and optional events at known days for agent 0.
struct Cohort {
  std::size_t n = 1;
  Stage stage = Stage::Dependent;
  std::uint8_t substance = kOpioid;
  double age_years = 40;
  Days kill_day = -1;    ///< agent 0 dies (background) on this day if >= 0
  Days hiv_day = -1;     ///< agent 0's HIV utility multiplier becomes 0.5 on this day if >= 0
  Days charge_day = -1;  ///< US$1,000 charged to "test.payment" on this day if >= 0
  double hazard = 0.0;   ///< constant background death hazard after the horizon (per year; Gompertz b = 0)
};
Cohort g_cohort;

class CohortModule final : public Module {
 public:
  void init(Simulation& sim) override {
    kill_ = sim.register_kind("test.kill", this);
    hiv_ = sim.register_kind("test.hiv", this);
    charge_ = sim.register_kind("test.charge", this);
  }
  void start(Simulation& sim) override {
    Model& m = model_of(sim);
    account_ = m.cost_account("test.payment", Payer::Health);
    m.set_background_mortality({g_cohort.hazard, g_cohort.hazard}, 0.0);
    sim.add_agents(g_cohort.n, [&](AgentId first, std::size_t n) {
      for (AgentId a = first; a < first + n; ++a) {
        (*m.people.stage)[a] = static_cast<std::uint8_t>(g_cohort.stage);
        (*m.people.substance)[a] = g_cohort.substance;
        (*m.people.birth_day)[a] = -g_cohort.age_years * kDaysPerYear;
        m.place_initial(a, kCommunity, 0.0);
      }
    });
    if (g_cohort.kill_day >= 0) sim.sched.schedule(kill_, 0, g_cohort.kill_day);
    if (g_cohort.hiv_day >= 0) sim.sched.schedule(hiv_, 0, g_cohort.hiv_day);
    if (g_cohort.charge_day >= 0) sim.sched.schedule(charge_, kGlobalAgent, g_cohort.charge_day);
  }
  void handle(Simulation& sim, const Event& ev) override {
    Model& m = model_of(sim);
    if (ev.kind == kill_) m.kill(sim, ev.agent, DeathCause::Background);
    if (ev.kind == hiv_) {
      sim.pop.column<float>("hiv.utility_multiplier", 1.0f)[ev.agent] = 0.5f;
      sim.notify(ev.agent, change::kHiv);
    }
    if (ev.kind == charge_) m.charge(sim, account_, 1000.0);
  }

 private:
  EventKind kill_ = 0, hiv_ = 0, charge_ = 0;
  CostAccount account_ = 0;
};
const ModuleRegistration cohort_registration{
    ModuleInfo{.type = "test.health_cohort",
               .description = "test cohort",
               .create = [] { return std::unique_ptr<Module>(new CohortModule()); },
               .order = 9004}};

const std::vector<std::string> kModules = {"model.settings", "test.health_cohort", "model.health"};

const double kDelta = std::log(1.03);                                     // per year
const double kTenYears = Calendar{2025}.year_start(2035) / kDaysPerYear;  // 3652 days

void full_health(ParamValues& v) {
  v.set_list("health.utility.opioid", {1.0, 1.0, 1.0, 1.0});
  v.set_list("health.utility.methamphetamine", {1.0, 1.0, 1.0, 1.0});
}

// One person at utility 1 for T years: QALYs = T, discounted (1 - exp(-delta T)) / delta.
TEST(Health, ConstantStreamDiscountedInClosedForm) {
  g_cohort = Cohort{};
  const auto t = run_once(kModules, params_for(kModules, full_health), 1, 0, 10);
  EXPECT_NEAR(total(t, "health.qalys"), kTenYears, 1e-9);
  const double expect = (1.0 - std::exp(-kDelta * kTenYears)) / kDelta;
  EXPECT_NEAR(total(t, "health.qalys_discounted"), expect, 1e-9 * expect);
  EXPECT_NEAR(total(t, "health.qalys_discounted"), total(t, "health.life_years_discounted"), 1e-9);
  EXPECT_EQ(total(t, "health.yll"), 0.0);
}

// US$1,000 paid at exactly 5 years (day 5 x 365.25) is worth 1000 / 1.03^5 today.
TEST(Health, SinglePaymentDiscountedInClosedForm) {
  g_cohort = Cohort{};
  g_cohort.charge_day = 5 * kDaysPerYear;
  const auto t = run_once(kModules, params_for(kModules), 1, 0, 10);
  EXPECT_NEAR(total(t, "cost.test.payment_usd"), 1000.0, 1e-9);
  EXPECT_NEAR(total(t, "cost.test.payment_usd_discounted"), 1000.0 / std::pow(1.03, 5), 1e-9);
}

// YLD: disability weight x person-years; QALYs: stage utility x person-years (community, no HIV).
// Per-agent utilities and weights are stored as float: relative rounding below 6e-8, so 1e-7.
TEST(Health, YldAndUtilityByStageAndSubstance) {
  const auto near = [](double x, double expect) { EXPECT_NEAR(x, expect, 1e-7 * expect); };
  g_cohort = Cohort{};
  g_cohort.n = 100;
  const double year0 = 365.0 / kDaysPerYear;
  auto t = run_once(kModules, params_for(kModules), 1, 0, 1);
  near(value(t, "health.yld", 0), 100 * 0.697 * year0);
  near(value(t, "health.dalys", 0), 100 * 0.697 * year0);
  near(value(t, "health.qalys", 0), 100 * 0.60 * year0);
  g_cohort.substance = kMethamphetamine;
  t = run_once(kModules, params_for(kModules), 1, 0, 1);
  near(value(t, "health.yld", 0), 100 * 0.079 * year0);
  g_cohort.stage = Stage::Harmful;
  t = run_once(kModules, params_for(kModules), 1, 0, 1);
  near(value(t, "health.yld", 0), 100 * 0.04 * year0);
  near(value(t, "health.qalys", 0), 100 * 0.76 * year0);
  g_cohort.stage = Stage::Episodic;
  t = run_once(kModules, params_for(kModules), 1, 0, 1);
  EXPECT_EQ(value(t, "health.yld", 0), 0.0);  // no disorder, no weight
}

// Death at age 42 (40 at start, killed at 2 years): YLL = L(42) interpolated between ages 40 and
// 45; discounted exp(-2 delta) (1 - exp(-delta L)) / delta. Life-years and QALYs stop at death.
TEST(Health, YllFromReferenceLifeTable) {
  g_cohort = Cohort{};
  g_cohort.kill_day = 2 * kDaysPerYear;
  const auto t = run_once(kModules, params_for(kModules, full_health), 1, 0, 5);
  const double life = 49.32 + 0.4 * (44.43 - 49.32);
  EXPECT_NEAR(total(t, "health.yll"), life, 1e-9);
  const double disc = std::exp(-2 * kDelta) * (1.0 - std::exp(-kDelta * life)) / kDelta;
  EXPECT_NEAR(total(t, "health.yll_discounted"), disc, 1e-9);
  EXPECT_NEAR(total(t, "health.dalys"), life + total(t, "health.yld"), 1e-9);
  EXPECT_NEAR(total(t, "health.qalys"), 2.0, 1e-9);
  EXPECT_NEAR(total(t, "health.yld"), 2.0 * 0.697, 1e-6);  // float weight
}

// HIV hook: the utility multiplier column halves utility from day X on.
TEST(Health, HivUtilityMultiplierHook) {
  g_cohort = Cohort{};
  g_cohort.hiv_day = 100;
  const auto t = run_once(kModules, params_for(kModules, full_health), 1, 0, 1);
  EXPECT_NEAR(value(t, "health.qalys", 0), (100 + 0.5 * 265) / kDaysPerYear, 1e-9);
}

// After the horizon each survivor's future is valued from their expected remaining life: with a
// constant hazard mu (Gompertz b = 0) and discount rate delta = ln 1.03, a survivor at T adds
// exp(-delta T) / (mu + delta) discounted life-years, times the utility of their state.
TEST(Health, SurvivorsFutureAfterTheHorizonInClosedForm) {
  g_cohort = Cohort{};
  g_cohort.n = 10;
  g_cohort.hazard = 0.02;
  const auto t = run_once(kModules, params_for(kModules), 1, 0, 10);
  const double after = 10 * std::exp(-kDelta * kTenYears) / (0.02 + kDelta);
  EXPECT_NEAR(total(t, "health.life_years_after_horizon_discounted"), after, 1e-9 * after);
  EXPECT_NEAR(total(t, "health.life_years_after_horizon"), 10 / 0.02, 1e-9 * 500);
  EXPECT_NEAR(total(t, "health.qalys_after_horizon_discounted"), 0.60 * after, 1e-7 * after);
  EXPECT_NEAR(total(t, "health.lifetime_qalys_discounted"),
              total(t, "health.qalys_discounted") + total(t, "health.qalys_after_horizon_discounted"), 1e-9);
  EXPECT_NEAR(total(t, "health.yld_after_horizon_discounted"), 0.697 * after, 1e-6 * after);
  // Everyone alive at the horizon dies later: at age 50 + t with density mu exp(-mu t), losing the
  // reference life expectancy there, each lost year discounted from the death. An independent fine
  // integral of that gives the years of life lost after the horizon.
  const std::vector<double> table = {88.87, 84.03, 79.05, 74.07, 69.11, 64.15, 59.2,  54.25, 49.32, 44.43,
                                     39.63, 34.91, 30.25, 25.68, 21.29, 17.1,  13.24, 9.99,  7.62,  5.92};
  double yll = 0.0, yll_disc = 0.0;
  for (double u = 0.0005; u < 150.0; u += 0.001) {
    const double age = 50.0 + u, pos = age / 5.0;
    const auto i = static_cast<std::size_t>(pos);
    const double life = i + 1 < table.size()
                            ? table[i] + (pos - static_cast<double>(i)) * (table[i + 1] - table[i])
                            : table.back();
    const double density = 0.02 * std::exp(-0.02 * u) * 0.001;
    yll += density * life;
    yll_disc += density * std::exp(-kDelta * u) * (1.0 - std::exp(-kDelta * life)) / kDelta;
  }
  EXPECT_NEAR(total(t, "health.yll_after_horizon"), 10 * yll, 1e-4 * 10 * yll);
  EXPECT_NEAR(total(t, "health.yll_after_horizon_discounted"), 10 * std::exp(-kDelta * kTenYears) * yll_disc,
              1e-4 * 10 * yll_disc);
  EXPECT_NEAR(total(t, "health.lifetime_dalys_discounted"),
              total(t, "health.dalys_discounted") + total(t, "health.yld_after_horizon_discounted") +
                  total(t, "health.yll_after_horizon_discounted"),
              1e-9);
}

// A death before the horizon forfeits the future the survivor would have had: in lifetime terms it
// costs about the discounted remaining life expectancy in QALYs (here exactly, with the same hazard
// before the death, none of which applies to the 2 years the person lived).
TEST(Health, ADeathCostsLifetimeQalysAndAddsDalys) {
  g_cohort = Cohort{};
  g_cohort.hazard = 0.02;
  auto p = params_for(kModules, full_health);
  const auto alive = run_once(kModules, p, 1, 0, 10);
  g_cohort.kill_day = 2 * kDaysPerYear;
  const auto dead = run_once(kModules, p, 1, 0, 10);
  const double lost =
      total(alive, "health.lifetime_qalys_discounted") - total(dead, "health.lifetime_qalys_discounted");
  const double window = (std::exp(-2 * kDelta) - std::exp(-kDelta * kTenYears)) / kDelta;
  const double after = std::exp(-kDelta * kTenYears) / (0.02 + kDelta);
  EXPECT_NEAR(lost, window + after, 1e-7);
  EXPECT_GT(total(dead, "health.lifetime_dalys_discounted"),
            total(alive, "health.lifetime_dalys_discounted"));
}

}  // namespace
}  // namespace pathways
