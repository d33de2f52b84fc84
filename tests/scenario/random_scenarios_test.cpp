// Property: `validate` and `run` agree on random scenarios. Each draws a few parameters of the
// standard modules at random from anywhere in their declared ranges (log-uniform over wide ones,
// extremes included); a scenario the loader accepts must run to its horizon, and one it rejects must
// be rejected with located diagnostics. Small populations keep each run quick.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <random>
#include <string>

#include "core/module.hpp"
#include "scenario/run_replicate.hpp"
#include "scenario/scenario.hpp"

namespace pathways {
namespace {

std::string number_text(double v, bool integer) {
  char buf[64];
  std::snprintf(buf, sizeof buf, integer ? "%.0f" : "%.17g", integer ? std::round(v) : v);
  return buf;
}

/// A value anywhere in [min, max]: an end point one time in five, else uniform over narrow ranges
/// and log-uniform over wide ones (rates from 1e-3 to 1e3 matter equally).
double draw_in_range(double lo, double hi, std::mt19937_64& rng) {
  std::uniform_real_distribution<double> u(0.0, 1.0);
  const double r = u(rng);
  if (r < 0.1) return lo;
  if (r < 0.2) return hi;
  if (lo > 0.0 && hi / lo > 100.0) return std::exp(std::log(lo) + u(rng) * (std::log(hi) - std::log(lo)));
  if (lo == 0.0 && hi > 100.0) return std::exp(std::log(1e-3) + u(rng) * (std::log(hi) - std::log(1e-3)));
  return lo + u(rng) * (hi - lo);
}

TEST(RandomScenarios, ValidateAndRunAgree) {
  const std::string small = std::string(std::getenv("PATHWAYS_SOURCE_DIR")) + "/tests/cli/data/small.yaml";
  std::vector<ParamSpec> candidates;
  for (const auto& p : param_specs_of(standard_modules(), {})) {
    const bool scalar =
        p.type == ParamType::Number || p.type == ParamType::Integer || p.type == ParamType::Lever;
    // Sizes are the resource check's business (a billion agents is valid and refused before a run).
    if (scalar && p.key != "population.size" && p.key.find("capacity") == std::string::npos) {
      candidates.push_back(p);
    }
  }
  ASSERT_GT(candidates.size(), 100u);
  std::mt19937_64 rng(20261129);
  int accepted = 0, rejected = 0;
  constexpr int kScenarios = 150;
  for (int k = 0; k < kScenarios; ++k) {
    std::vector<std::string> overrides = {"run.years=1", "run.scale=10", "parameters.population.size=300"};
    std::string drawn;
    for (int j = 0; j < 4; ++j) {
      const ParamSpec& p = candidates[rng() % candidates.size()];
      // Upper bounds of 1e9 places or persons would only test the machine's memory.
      const double v = draw_in_range(p.min, std::min(p.max, 1e6), rng);
      const std::string text = number_text(v, p.type == ParamType::Integer);
      overrides.push_back("parameters." + p.key + "=" + text);
      drawn += " " + p.key + "=" + text;
    }
    try {
      const Scenario s = load_scenario(small, overrides);
      ++accepted;
      EXPECT_NO_THROW({
        const SeriesTable t = run_replicate(s, 7, 0);
        EXPECT_EQ(t.years, 1) << drawn;
      }) << "accepted by the loader but failed to run:"
         << drawn;
    } catch (const ScenarioError& e) {
      ++rejected;
      ASSERT_FALSE(e.diagnostics.empty()) << drawn;
      for (const auto& d : e.diagnostics) EXPECT_FALSE(d.path.empty() && d.where.line == 0) << d.to_string();
    }
  }
  // Most draws are valid alone; cross-field rules (shares, age bounds) reject some.
  EXPECT_GT(accepted, kScenarios / 2) << rejected << " rejected";
}

}  // namespace
}  // namespace pathways
