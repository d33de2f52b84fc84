// A scenario whose only change raises mortality within the policy period (no naloxone for three
// years, then the same coverage as the baseline, so survivors face the same risks after the
// horizon) must lose QALYs and gain DALYs, and in lifetime terms each extra death must cost QALYs
// of the order of a survivor's discounted remaining life expectancy: what a lifetime horizon is for.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "scenario/run_replicate.hpp"
#include "scenario/scenario.hpp"
#include "support/model_run.hpp"

namespace pathways {
namespace {

using testing::last;
using testing::total;

TEST(MortalityProperty, MoreDeathsLoseLifetimeQalysAndAddDalys) {
  const std::string small = std::string(std::getenv("PATHWAYS_SOURCE_DIR")) + "/tests/cli/data/small.yaml";
  const Scenario base = load_scenario(small, {"parameters.harm_reduction.naloxone_coverage=0.8"});
  const Scenario deadlier =
      load_scenario(small, {"parameters.harm_reduction.naloxone_coverage={2025: 0, 2028: 0.8}"});
  double d_deaths = 0, d_qalys = 0, d_dalys = 0, future_ly = 0, survivors = 0;
  constexpr int kReplicates = 6;
  for (std::uint64_t r = 0; r < kReplicates; ++r) {
    const SeriesTable a = run_replicate(base, 99, r), b = run_replicate(deadlier, 99, r);
    d_deaths += total(b, "population.deaths") - total(a, "population.deaths");
    d_qalys += total(b, "health.lifetime_qalys_discounted") - total(a, "health.lifetime_qalys_discounted");
    d_dalys += total(b, "health.lifetime_dalys_discounted") - total(a, "health.lifetime_dalys_discounted");
    future_ly += total(a, "health.life_years_after_horizon_discounted");
    survivors += last(a, "population.alive");
  }
  ASSERT_GT(d_deaths, 0.0);
  EXPECT_LT(d_qalys, 0.0);
  EXPECT_GT(d_dalys, 0.0);
  // A survivor's discounted remaining life expectancy, discounted to the start of the run (the
  // horizon is 3 years); deaths fall within those years, when a death forfeits about as much.
  const double life_expectancy = future_ly / survivors;
  const double per_death = -d_qalys / d_deaths;
  // QALYs are life-years times utilities of 0.6-0.88, and those who die of overdose are the
  // dependent users who would have lived shorter lives: between a quarter and 1.2 times.
  EXPECT_GT(per_death, 0.25 * life_expectancy) << per_death << " vs " << life_expectancy;
  EXPECT_LT(per_death, 1.2 * life_expectancy) << per_death << " vs " << life_expectancy;
}

TEST(MortalityProperty, NaloxoneStopsAtTheHorizonLikeEveryServiceButArt) {
  // Naloxone switched on exactly at the horizon changes nothing within the run (same random numbers,
  // same people at the horizon), and nothing after it: survivors' futures have no service, so a
  // benefit whose cost nobody pays is never credited.
  const std::string small = std::string(std::getenv("PATHWAYS_SOURCE_DIR")) + "/tests/cli/data/small.yaml";
  const Scenario without =
      load_scenario(small, {"run.years=1", "parameters.harm_reduction.naloxone_coverage=0"});
  const Scenario at_horizon =
      load_scenario(small, {"run.years=1", "parameters.harm_reduction.naloxone_coverage={2025: 0, 2026: 1}"});
  const SeriesTable a = run_replicate(without, 5, 0), b = run_replicate(at_horizon, 5, 0);
  ASSERT_EQ(total(a, "population.deaths"), total(b, "population.deaths"));
  ASSERT_GT(total(a, "health.life_years_after_horizon_discounted"), 0.0);
  for (const char* m : {"health.qalys_after_horizon_discounted", "health.life_years_after_horizon_discounted",
                        "health.lifetime_dalys_discounted"}) {
    EXPECT_EQ(total(a, m), total(b, m)) << m;
  }
}

}  // namespace
}  // namespace pathways
