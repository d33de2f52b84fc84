// labels: unit statistical
// Tests of process.mortality: Gompertz deaths against the closed form, overdose hazard, post-release
// and post-treatment multipliers, setting multipliers, fatality and the naloxone lever.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "model/model.hpp"
#include "support/model_run.hpp"
#include "support/stand_in_services.hpp"

namespace pathways {
namespace {

using testing::params_for;
using testing::run_once;
using testing::total;
using testing::value;

struct Cohort {
  std::size_t n = 20000;
  std::string setting = "community";
  Stage stage = Stage::Dependent;
  std::uint8_t substance = kOpioid;
  std::uint8_t sex = 0;
  double age_years = 30;
  Days last_release = -std::numeric_limits<Days>::infinity();
  Days last_treatment_exit = -std::numeric_limits<Days>::infinity();
  std::uint8_t injecting = 0;
};
Cohort g_cohort;

class CohortModule final : public Module {
 public:
  void init(Simulation&) override {}
  void start(Simulation& sim) override {
    Model& m = model_of(sim);
    sim.add_agents(g_cohort.n, [&](AgentId first, std::size_t n) {
      for (AgentId a = first; a < first + n; ++a) {
        (*m.people.stage)[a] = static_cast<std::uint8_t>(g_cohort.stage);
        (*m.people.substance)[a] = g_cohort.substance;
        (*m.people.sex)[a] = g_cohort.sex;
        (*m.people.injecting)[a] = g_cohort.injecting;
        (*m.people.birth_day)[a] = -g_cohort.age_years * kDaysPerYear;
        (*m.people.last_release_day)[a] = g_cohort.last_release;
        (*m.people.last_treatment_exit_day)[a] = g_cohort.last_treatment_exit;
        m.place_initial(a, m.settings.id(g_cohort.setting), 0.0);
      }
    });
  }
  void handle(Simulation&, const Event&) override {}
};
const ModuleRegistration cohort_registration{
    ModuleInfo{.type = "test.mortality_cohort",
               .description = "test cohort",
               .create = [] { return std::unique_ptr<Module>(new CohortModule()); },
               .order = 9001}};

const std::vector<std::string> kModules = {"model.settings", "test.mortality_cohort",
                                           "process.harm_reduction", "process.mortality", "test.holding"};

/// Four binomial standard errors of a share p estimated from n people: 4 sqrt(p (1 - p) / n).
double four_se(double p, double n) {
  return 4.0 * std::sqrt(p * (1.0 - p) / n);
}
/// Four Poisson standard errors of a count with mean mu: 4 sqrt(mu).
double four_poisson(double mu) {
  return 4.0 * std::sqrt(mu);
}

const double kYear0 = 365.0 / kDaysPerYear;  // 2025 has 365 days

// Only background deaths: no overdose.
void background_only(ParamValues& v) {
  v.set_list("overdose.rate_per_year", {0.0, 0.0});
}
// Only overdoses, never fatal unless stated: no background deaths, so overdose counts are Poisson.
void overdose_only(ParamValues& v) {
  v.set_list("mortality.gompertz_a_per_year", {0.0, 0.0});
  v.set_list("overdose.fatality", {0.0, 0.0});
}

// P(death within T years from age x0) = 1 - exp(-a/b (exp(b (x0 + T)) - exp(b x0))).
TEST(Mortality, GompertzDeathsMatchClosedForm) {
  const double b = 0.09;
  for (int sex : {0, 1}) {
    g_cohort = Cohort{};
    g_cohort.sex = static_cast<std::uint8_t>(sex);
    g_cohort.age_years = 40;
    const auto t = run_once(kModules, params_for(kModules, background_only), 1, 0, 10);
    const double a = sex == 0 ? 8.54e-5 : 5.24e-5;
    const double years = Calendar{2025}.year_start(2035) / kDaysPerYear;
    const double p = 1.0 - std::exp(-a / b * (std::exp(b * (40 + years)) - std::exp(b * 40)));
    EXPECT_NEAR(total(t, "deaths.background") / 20000.0, p, four_se(p, 20000)) << "sex " << sex;
    EXPECT_EQ(total(t, "overdose.events"), 0.0);
  }
}

// With no deaths, overdoses are a Poisson process: mean N r T.
TEST(Mortality, OverdoseRateAndFatality) {
  g_cohort = Cohort{};
  auto t = run_once(kModules, params_for(kModules, overdose_only), 2, 0, 1);
  const double mu = 20000 * 0.08 * kYear0;
  EXPECT_NEAR(value(t, "overdose.events", 0), mu, four_poisson(mu));
  EXPECT_EQ(value(t, "overdose.deaths", 0), 0.0);
  EXPECT_DOUBLE_EQ(value(t, "cost.overdose_usd", 0), 50.0 * value(t, "overdose.events", 0));

  // Injecting doubles the hazard; methamphetamine has its own rate.
  g_cohort.injecting = 1;
  t = run_once(kModules, params_for(kModules, overdose_only), 2, 0, 1);
  EXPECT_NEAR(value(t, "overdose.events", 0), 2 * mu, four_poisson(2 * mu));
  g_cohort = Cohort{};
  g_cohort.substance = kMethamphetamine;
  t = run_once(kModules, params_for(kModules, overdose_only), 2, 0, 1);
  EXPECT_NEAR(value(t, "overdose.events", 0), mu / 8, four_poisson(mu / 8));

  // Fatal share of overdoses: binomial around the fatality.
  g_cohort = Cohort{};
  t = run_once(kModules,
               params_for(kModules,
                          [](ParamValues& v) {
                            v.set_list("mortality.gompertz_a_per_year", {0.0, 0.0});
                            v.set_list("overdose.fatality", {0.3, 0.3});
                          }),
               2, 0, 1);
  const double ev = value(t, "overdose.events", 0);
  EXPECT_NEAR(value(t, "overdose.deaths", 0) / ev, 0.3, four_se(0.3, ev));
  EXPECT_EQ(value(t, "overdose.deaths", 0), value(t, "deaths.overdose", 0));
}

// Released on day 0: expected events in 2025 = N r (8 x 14 + 1.5 x 70 + 281) / 365.25.
TEST(Mortality, PostReleaseMultiplierByWeeksSinceRelease) {
  g_cohort = Cohort{};
  g_cohort.last_release = 0.0;
  const auto t = run_once(kModules, params_for(kModules, overdose_only), 3, 0, 1);
  const double mu = 20000 * 0.08 * (8.0 * 14 + 1.5 * 70 + (365 - 84)) / kDaysPerYear;
  EXPECT_NEAR(value(t, "overdose.events", 0), mu, four_poisson(mu));
}

// A higher post-release multiplier gives more overdose deaths (same seed: common random numbers).
TEST(Mortality, HigherPostReleaseMultiplierGivesMoreOverdoseDeaths) {
  g_cohort = Cohort{};
  g_cohort.n = 50000;
  g_cohort.last_release = 0.0;
  double deaths[2];
  int i = 0;
  for (double m : {1.0, 8.0}) {
    auto p = params_for(kModules, [&](ParamValues& v) {
      v.set_list("overdose.post_release_multiplier", {m, 1.5});
      v.set_list("overdose.fatality", {0.5, 0.5});
    });
    deaths[i++] = value(run_once(kModules, p, 4, 0, 1), "overdose.deaths", 0);
  }
  // Expected extra deaths: 50000 x 0.08 x 7 x 14 / 365.25 x 0.5 = 537 against about 2,000.
  EXPECT_GT(deaths[1], deaths[0] + 300);
}

// Left treatment on day 0: expected events = N r (2 x 28 + 337) / 365.25.
TEST(Mortality, PostTreatmentMultiplier) {
  g_cohort = Cohort{};
  g_cohort.last_treatment_exit = 0.0;
  const auto t = run_once(kModules, params_for(kModules, overdose_only), 5, 0, 1);
  const double mu = 20000 * 0.08 * (2.0 * 28 + (365 - 28)) / kDaysPerYear;
  EXPECT_NEAR(value(t, "overdose.events", 0), mu, four_poisson(mu));
}

// The multiplier of a setting is found by its name, else by its class, else it is 1.
TEST(Mortality, SettingMultiplierByNameThenClass) {
  g_cohort = Cohort{};
  g_cohort.setting = "test_detention";
  const auto t = run_once(kModules, params_for(kModules, overdose_only), 6, 0, 1);
  const double mu = 20000 * 0.08 * 0.5 * kYear0;  // the default for class detention
  EXPECT_NEAR(value(t, "overdose.events", 0), mu, four_poisson(mu));
  const auto named = run_once(kModules,
                              params_for(kModules,
                                         [](ParamValues& v) {
                                           overdose_only(v);
                                           v.set_map_entry("overdose.setting_multiplier", "test_detention",
                                                           Lever::constant(0.2));
                                         }),
                              6, 0, 1);
  const double mu_named = 20000 * 0.08 * 0.2 * kYear0;
  EXPECT_NEAR(value(named, "overdose.events", 0), mu_named, four_poisson(mu_named));
  g_cohort.setting = "test_treatment";  // class treatment has no default: 1
  const auto other = run_once(kModules, params_for(kModules, overdose_only), 6, 0, 1);
  const double mu_other = 20000 * 0.08 * kYear0;
  EXPECT_NEAR(value(other, "overdose.events", 0), mu_other, four_poisson(mu_other));
}

// Naloxone step lever: none in 2025, full coverage from 2026; fatal share 0.5 then 0.5 x (1 - 0.9).
TEST(Mortality, NaloxoneLeverLowersFatality) {
  g_cohort = Cohort{};
  auto p = params_for(kModules, [](ParamValues& v) {
    v.set_list("mortality.gompertz_a_per_year", {0.0, 0.0});
    v.set_list("overdose.fatality", {0.5, 0.5});
    v.set_lever("harm_reduction.naloxone_coverage",
                Lever{{0.0, Calendar{2025}.year_start(2026)}, {0.0, 1.0}, Interpolation::Step});
  });
  const auto t = run_once(kModules, p, 7, 0, 2);
  for (int y = 0; y < 2; ++y) {
    const double ev = value(t, "overdose.events", y), expect = y == 0 ? 0.5 : 0.05;
    EXPECT_NEAR(value(t, "overdose.deaths", y) / ev, expect, four_se(expect, ev)) << "year " << y;
  }
}

TEST(Mortality, NoOverdoseInRemission) {
  g_cohort = Cohort{};
  g_cohort.stage = Stage::Remission;
  const auto t = run_once(kModules, params_for(kModules), 8, 0, 2);
  EXPECT_EQ(total(t, "overdose.events"), 0.0);
  EXPECT_GT(total(t, "deaths.background"), 0.0);
}

}  // namespace
}  // namespace pathways
