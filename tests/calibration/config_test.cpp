// labels: unit
// Calibration files: a good file loads; bad files give file:line diagnostics with the key; posterior
// CSVs in scenarios (parameters_from) are validated and pick rows by (seed, replicate) only.
#include "calibration/config.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "calibration/targets.hpp"
#include "scenario/scenario.hpp"

namespace pathways::calibration {
namespace {

std::string data(const std::string& name) {
  return std::string(std::getenv("PATHWAYS_SOURCE_DIR")) + "/tests/calibration/data/" + name;
}

std::string errors_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const ScenarioError& e) {
    std::string all;
    for (const auto& d : e.diagnostics) all += d.to_string() + "\n";
    return all;
  }
  return "";
}

TEST(CalibrationConfig, GoodFileLoadsWithOverridesAndTargets) {
  const CalibrationConfig c = load_calibration(data("good.yaml"));
  ASSERT_EQ(c.free.size(), 2u);
  EXPECT_EQ(c.free[0].key, "mmt.seeking_rate_per_year");
  EXPECT_EQ(c.free[0].prior.lo, 0.02);
  EXPECT_EQ(c.free[1].prior.lo, 0.05);                        // bounds narrow the lognormal's support
  EXPECT_EQ(c.base.params.integer("population.size"), 1000);  // from set:
  EXPECT_EQ(c.base.run.scale, 20.0);
  ASSERT_EQ(c.targets.size(), 3u);
  EXPECT_EQ(c.targets[1].years, (std::vector<int>{2021, 2022, 2023}));
  EXPECT_EQ(c.method.abc.particles, 24);
  EXPECT_EQ(c.method.abc.seed, 7u);
}

TEST(CalibrationConfig, UnknownMetricAndYearOutsideTheHorizon) {
  const std::string e = errors_of([] { load_calibration(data("bad_metric.yaml")); });
  EXPECT_NE(e.find("targets_bad_metric.yaml:2:13: targets[0].metric: expected a metric recorded"),
            std::string::npos)
      << e;
  EXPECT_NE(e.find("did you mean 'mmt.occupancy'"), std::string::npos) << e;
  EXPECT_NE(e.find("targets_bad_metric.yaml:8:11: targets[1].year: expected a year within the calibration "
                   "horizon 2020-2024"),
            std::string::npos)
      << e;
}

TEST(CalibrationConfig, UnknownFreeParameterAndReversedBounds) {
  const std::string e = errors_of([] { load_calibration(data("bad_free.yaml")); });
  EXPECT_NE(e.find("bad_free.yaml:5:10: free[0].key: expected a parameter declared"), std::string::npos) << e;
  EXPECT_NE(e.find("did you mean 'mmt.seeking_rate_per_year'"), std::string::npos) << e;
  EXPECT_NE(e.find("bad_free.yaml:9:13: free[1].bounds: expected low < high, found [0.9, 0.1]"),
            std::string::npos)
      << e;
}

TEST(Discrepancy, ZeroAtThePerfectFitAndHalfZSquaredForNormal) {
  Target t;
  t.value = 100, t.lo = 80.4, t.hi = 119.6, t.likelihood = "normal";  // sd = 39.2 / 3.92 = 10
  EXPECT_NEAR(discrepancy(t, 100), 0.0, 1e-12);
  EXPECT_NEAR(discrepancy(t, 120), 2.0, 1e-3);
  t.likelihood = "poisson";
  EXPECT_NEAR(discrepancy(t, 100), 0.0, 1e-12);
  EXPECT_GT(discrepancy(t, 120), 0.0);
  Target b;
  b.value = 0.3, b.n = 100, b.likelihood = "binomial";
  EXPECT_NEAR(discrepancy(b, 0.3), 0.0, 1e-12);
  // Half the binomial deviance is close to 0.5 z^2 for small departures: z = 0.02 / 0.0458.
  EXPECT_NEAR(discrepancy(b, 0.32), 0.5 * (0.02 / 0.04583) * (0.02 / 0.04583), 0.01);
  b.likelihood = "beta_binomial", b.overdispersion = 0.05;
  EXPECT_NEAR(discrepancy(b, 0.3), 0.0, 1e-9);
  EXPECT_LT(discrepancy(b, 0.4), [&] {
    Target c = b;
    c.likelihood = "binomial";
    return discrepancy(c, 0.4);
  }());
}

TEST(PosteriorInScenarios, RowsPickedByWeightAndSharedAcrossScenarios) {
  const Scenario s = load_scenario(data("with_posterior.yaml"));
  ASSERT_TRUE(s.posterior.has_value());
  EXPECT_EQ(s.posterior->keys.size(), 2u);
  int second = 0;
  const int n = 4000;
  for (int r = 0; r < n; ++r) {
    const ParamValues p = draw_parameters(s, 11, static_cast<std::uint64_t>(r));
    const double v = p.number("mmt.seeking_rate_per_year");
    ASSERT_TRUE(v == 0.1 || v == 0.3);
    EXPECT_EQ(p.number("justice.contact_rate_per_year"), v == 0.1 ? 0.2 : 0.4);  // rows stay whole
    second += v == 0.3 ? 1 : 0;
  }
  // Share of the second row: 0.75, binomial sd sqrt(0.75 x 0.25 / 4000) = 0.0068; 4 sd = 0.027.
  EXPECT_NEAR(second / static_cast<double>(n), 0.75, 0.027);
  // The row depends on (seed, replicate) only: another scenario using the posterior gets the same.
  const Scenario other = load_scenario(data("with_posterior.yaml"), {"parameters.mmt.capacity=1234"});
  for (std::uint64_t r = 0; r < 50; ++r) {
    EXPECT_EQ(draw_parameters(s, 3, r).number("mmt.seeking_rate_per_year"),
              draw_parameters(other, 3, r).number("mmt.seeking_rate_per_year"));
  }
}

TEST(PosteriorInScenarios, BadColumnsAndNumbersAreReportedWithFileAndLine) {
  const std::string e1 = errors_of([] { load_scenario(data("with_bad_posterior.yaml")); });
  EXPECT_NE(e1.find("posterior_bad.csv:1"), std::string::npos) << e1;
  EXPECT_NE(e1.find("justice.no_such_rate"), std::string::npos) << e1;
  const std::string e2 = errors_of([] { load_scenario(data("with_badnum_posterior.yaml")); });
  EXPECT_NE(e2.find("posterior_badnum.csv:3"), std::string::npos) << e2;
  EXPECT_NE(e2.find("expected a finite number, found 'abc'"), std::string::npos) << e2;
}

}  // namespace
}  // namespace pathways::calibration
