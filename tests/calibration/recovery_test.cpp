// labels: statistical
// Parameter recovery with the full model: synthetic targets made by the model at known values of
// the MMT seeking rate and the police contact rate are calibrated from wide uniform priors.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>

#include "calibration/calibration.hpp"
#include "core/simulation.hpp"
#include "scenario/posterior.hpp"

namespace pathways::calibration {
namespace {

constexpr double kSeekTrue = 0.15, kContactTrue = 0.25;

Target target(const std::string& metric, std::vector<int> years, double value) {
  Target t;
  t.name = metric;
  t.metric = metric;
  t.years = std::move(years);
  t.value = value;
  // 95% interval of +-10% of the value: sd = 0.1 v / 1.96, an observation a little better than
  // the model's own replicate noise at this size, so the posterior must narrow but not collapse.
  t.lo = 0.9 * value;
  t.hi = 1.1 * value;
  t.source = "synthetic";
  return t;
}

TEST(ParameterRecovery, KnownValuesInsideNarrowedCredibleIntervals) {
  CalibrationConfig c;
  c.path = "recovery";
  c.name = "recovery";
  c.base =
      load_scenario(std::string(std::getenv("PATHWAYS_SOURCE_DIR")) + "/tests/calibration/data/small.yaml");
  c.free = {FreeParameter{"mmt.seeking_rate_per_year", Prior{"uniform", {0.02, 0.6}, 0.02, 0.6}, {}},
            FreeParameter{"justice.contact_rate_per_year", Prior{"uniform", {0.05, 1.0}, 0.05, 1.0}, {}}};
  // Synthetic observations: the mean of 4 replicates at the true values, with a seed that the
  // calibration never uses.
  ParamValues truth = c.base.params;
  set_scalar(truth, "mmt.seeking_rate_per_year", kSeekTrue);
  set_scalar(truth, "justice.contact_rate_per_year", kContactTrue);
  double mmt = 0, arrests = 0, centre = 0;
  for (std::uint64_t r = 0; r < 4; ++r) {
    RunConfig rc = c.base.run;
    rc.seed = 987654321;
    rc.replicate = r;
    Simulation sim(rc, truth);
    const SeriesTable t = sim.run();
    mmt += simulated_value(target("mmt.occupancy", {2023, 2024}, 0), t) / 4;
    arrests += simulated_value(target("justice.arrests", {2021, 2022, 2023, 2024}, 0), t) / 4;
    centre += simulated_value(target("compulsory_centre.occupancy", {2024}, 0), t) / 4;
  }
  c.targets = {target("mmt.occupancy", {2023, 2024}, mmt),
               target("justice.arrests", {2021, 2022, 2023, 2024}, arrests),
               target("compulsory_centre.occupancy", {2024}, centre)};
  c.method.abc.particles = 100;
  c.method.abc.generations = 5;
  c.method.abc.quantile = 0.5;
  c.method.abc.min_acceptance = 0.05;
  c.method.abc.seed = 2024;
  CalibrateOptions o;
  o.threads = 2;
  o.progress = false;
  const CalibrationOutcome r = calibrate(c, o);
  ASSERT_EQ(r.history.size(), 5u) << r.stop_reason;
  const double truths[] = {kSeekTrue, kContactTrue};
  for (std::size_t k = 0; k < 2; ++k) {
    const double lo = weighted_quantile(r.posterior, k, 0.025), hi = weighted_quantile(r.posterior, k, 0.975);
    EXPECT_LE(lo, truths[k]) << r.keys[k];
    EXPECT_GE(hi, truths[k]) << r.keys[k];
    // Narrower than the prior: the posterior sd below half the uniform prior's sd.
    EXPECT_LT(weighted_mean_sd(r.posterior, k).second, 0.5 * c.free[k].prior.truncated_sd()) << r.keys[k];
  }
  for (const auto& f : r.fit) EXPECT_TRUE(f.within) << f.target->name;
}

}  // namespace
}  // namespace pathways::calibration
