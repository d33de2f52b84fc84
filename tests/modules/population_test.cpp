// labels: unit statistical
// model.population: initial shares and sizes against their inputs, initiation counts, checks on settings.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "model/model.hpp"
#include "support/model_run.hpp"
#include "support/stand_in_services.hpp"
#include "support/tolerances.hpp"

namespace pathways {
namespace {

using testing::expect_binomial;
using testing::params_for;
using testing::run_once;
using testing::total;
using testing::value;

const std::vector<std::string> kModules = {"model.settings", "model.population"};

// Probes the population at the start through a tiny module that reads the columns in finish().
struct Probe {
  std::size_t n = 0, opioid = 0, female = 0, dependent_opioid = 0, injecting_opioid = 0, using_opioid = 0;
  double age_sum = 0.0, min_age = 1e9, max_age = -1e9;
};
Probe g_probe;

class ProbeModule final : public Module {
 public:
  void init(Simulation&) override {}
  void handle(Simulation&, const Event&) override {}
  void on_agents_added(Simulation& sim, AgentId first, std::size_t count) override {
    if (first != 0) return;  // only the initial build
    People p = model_of(sim).people;
    g_probe = Probe{};
    for (AgentId a = first; a < first + count; ++a) {
      ++g_probe.n;
      const double age = p.age_years(a, 0.0);
      g_probe.age_sum += age;
      g_probe.min_age = std::fmin(g_probe.min_age, age);
      g_probe.max_age = std::fmax(g_probe.max_age, age);
      g_probe.female += (*p.sex)[a];
      if ((*p.substance)[a] == kOpioid) {
        ++g_probe.opioid;
        g_probe.dependent_opioid += p.stage_of(a) == Stage::Dependent;
        if (p.using_drugs(a)) {
          ++g_probe.using_opioid;
          g_probe.injecting_opioid += (*p.injecting)[a];
        }
      }
    }
  }
};
const ModuleRegistration probe_reg{
    ModuleInfo{.type = "test.population_probe",
               .description = "probe",
               .create = [] { return std::unique_ptr<Module>(new ProbeModule()); },
               .order = 9002}};

// |observed - n p| <= 4 sqrt(n p (1 - p)): four binomial standard errors.

TEST(Population, InitialSharesMatchInputs) {
  auto params =
      params_for({"model.settings", "model.population", "test.population_probe"}, [](ParamValues& p) {
        p.set_number("population.size", 40000);
        p.set_number("population.initiation_rate_per_year", 0);
      });
  const auto t = run_once({"model.settings", "model.population", "test.population_probe"}, params, 3, 0, 1);
  EXPECT_EQ(g_probe.n, 40000u);
  EXPECT_DOUBLE_EQ(value(t, "population.alive", 0), 40000.0);
  const double n = 40000.0;
  expect_binomial(static_cast<double>(g_probe.opioid), n, 0.8, "opioid share");
  expect_binomial(static_cast<double>(g_probe.female), n, 0.05, "female share");
  expect_binomial(static_cast<double>(g_probe.dependent_opioid), static_cast<double>(g_probe.opioid), 0.5,
                  "dependent share among opioid users");
  expect_binomial(static_cast<double>(g_probe.injecting_opioid), static_cast<double>(g_probe.using_opioid),
                  0.7, "injecting share among current opioid users");
  EXPECT_GE(g_probe.min_age, 15.0);
  EXPECT_LE(g_probe.max_age, 70.0);
  // Truncation at 15 and 70 is 2.1 and 4.75 sd from the mean 32 (sd 8): the mean moves by < 0.4 y.
  // Tolerance: 4 sd / sqrt(n) = 0.16 y plus that shift.
  EXPECT_NEAR(g_probe.age_sum / n, 32.0, 0.16 + 0.4);
}

TEST(Population, InitiationIsPoissonAndFollowsTheLever) {
  Calendar cal{2025};
  auto params = params_for(kModules, [&](ParamValues& p) {
    p.set_number("population.size", 0);
    // 2,000 a year for two years, then 0: the lever must switch new entries off.
    p.set_lever("population.initiation_rate_per_year",
                Lever{{0.0, cal.year_start(2027)}, {2000.0, 0.0}, Interpolation::Step});
  });
  const auto t = run_once(kModules, params, 5, 0, 4);
  // Poisson counts: 4 standard errors = 4 sqrt(mean).
  for (int y = 0; y < 2; ++y) {
    const double expected = 2000.0 * (cal.year_start(2026 + y) - cal.year_start(2025 + y)) / kDaysPerYear;
    EXPECT_NEAR(value(t, "population.entries", y), expected, 4.0 * std::sqrt(expected));
  }
  EXPECT_EQ(value(t, "population.entries", 2), 0.0);
  EXPECT_EQ(value(t, "population.entries", 3), 0.0);
  EXPECT_EQ(value(t, "population.alive", 3), total(t, "population.entries"));
}

TEST(Population, ScaleConvertsPersonsToAgents) {
  auto params = params_for(kModules, [](ParamValues& p) {
    p.set_number("population.size", 0);
    p.set_number("population.initiation_rate_per_year", 10000);
  });
  const auto t = run_once(kModules, params, 7, 0, 1, 2025, 10.0);
  // 1,000 agents expected, reported x10: 4 Poisson standard errors of the agent count, times 10.
  EXPECT_NEAR(value(t, "population.entries", 0), 10000.0, 10.0 * 4.0 * std::sqrt(1000.0));
}

// Issue 13: a setting that admits only opioid users (MMT) takes its whole share from them, so nobody
// who uses only methamphetamine starts on methadone, and the share of the whole population holds.
TEST(Population, OpioidOnlySettingsArePlacedAmongOpioidUsersOnly) {
  const std::vector<std::string> mods = {"model.settings", "model.population", "test.stand_in_mmt",
                                         "test.holding"};
  auto params = params_for(mods, [](ParamValues& p) {
    p.set_number("population.size", 40000);
    p.set_number("population.initiation_rate_per_year", 0);
    p.set_list("population.substance_shares", {0.5, 0.5});
    p.set_map_entry("population.setting_shares", "mmt", Lever::constant(0.2));
    p.set_map_entry("population.setting_shares", "test_detention", Lever::constant(0.1));
  });
  RunConfig c;
  c.modules = mods;
  c.years = 1;
  Simulation sim(c, params);
  Model& m = model_of(sim);
  std::size_t meth_on_mmt = 0, on_mmt = 0, detained = 0, detained_meth = 0;
  const SettingId mmt = m.settings.id("mmt"), det = m.settings.id("test_detention");
  sim.run();
  for (AgentId a = 0; a < sim.pop.size(); ++a) {
    const bool meth = (*m.people.substance)[a] == kMethamphetamine;
    on_mmt += m.people.setting_of(a) == mmt;
    meth_on_mmt += meth && m.people.setting_of(a) == mmt;
    detained += m.people.setting_of(a) == det;
    detained_meth += meth && m.people.setting_of(a) == det;
  }
  EXPECT_EQ(meth_on_mmt, 0u);
  expect_binomial(static_cast<double>(on_mmt), 40000, 0.2, "MMT share of everyone");
  expect_binomial(static_cast<double>(detained), 40000, 0.1, "detention share of everyone");
  expect_binomial(static_cast<double>(detained_meth), static_cast<double>(detained), 0.5,
                  "detained: any substance");
}

TEST(Population, SameSeedSameTable) {
  auto params = params_for(kModules, [](ParamValues& p) { p.set_number("population.size", 2000); });
  const auto a = run_once(kModules, params, 11, 0, 3);
  const auto b = run_once(kModules, params, 11, 0, 3);
  ASSERT_EQ(a.values.size(), b.values.size());
  // Retention of settings without episodes is NaN, which never compares equal: compare bits.
  for (std::size_t m = 0; m < a.values.size(); ++m) {
    for (std::size_t y = 0; y < a.values[m].size(); ++y) {
      const double x = a.values[m][y], z = b.values[m][y];
      EXPECT_TRUE(x == z || (std::isnan(x) && std::isnan(z))) << a.metrics[m].name;
    }
  }
}

}  // namespace
}  // namespace pathways
