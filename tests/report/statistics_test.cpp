// Oracles for the uncertainty summaries: the Monte Carlo standard error against the analytic
// standard error of a toy, the coverage of the confidence interval of the mean, the split of
// variance between parameters and chance under nested sampling, and the replicates-needed rule.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "example_model/markov_exact.hpp"
#include "report/results.hpp"
#include "support/model_run.hpp"

namespace pathways {
namespace {

constexpr int kAgents = 500;

/// Occupancy of state 0 after one year of the example Markov chain: each agent is there
/// independently with probability p, so the value is Binomial(kAgents, p).
struct MarkovToy {
  ParamValues params = testing::params_for(
      {"example.markov_chain"}, [](ParamValues& v) { v.set_number("example.markov_chain.agents", kAgents); });
  double p = 0.0;
  MarkovToy() {
    p = markov_exact_shares(params.list("example.markov_chain.rates_per_year"),
                            params.list("example.markov_chain.initial_shares"), Lever::constant(1.0),
                            Calendar{2025}.year_start(2026))[0];
  }
  double replicate(std::uint64_t seed, std::uint64_t r) const {
    const SeriesTable t = testing::run_once({"example.markov_chain"}, params, seed, r, 1);
    return testing::value(t, "markov.state_0.occupancy", 0);
  }
};

TEST(Statistics, MonteCarloErrorMatchesTheAnalyticStandardErrorOfABinomialToy) {
  const MarkovToy toy;
  constexpr int n = 400;
  std::vector<double> v;
  for (int r = 0; r < n; ++r) v.push_back(toy.replicate(77, static_cast<std::uint64_t>(r)));
  const Interval iv = interval_of(v, Sampling{1, false});
  const double analytic = std::sqrt(kAgents * toy.p * (1.0 - toy.p) / n);
  // The sample sd has a relative standard error of about 1 / sqrt(2 (n - 1)) = 3.5%; allow four.
  EXPECT_NEAR(iv.mcse / analytic, 1.0, 4.0 / std::sqrt(2.0 * (n - 1)));
  EXPECT_NEAR(iv.mean, kAgents * toy.p, 4.0 * analytic);
  EXPECT_EQ(iv.kind, IntervalKind::MeanConfidence);
  EXPECT_EQ(iv.parameter_share, 0.0);
}

TEST(Statistics, ConfidenceIntervalOfTheMeanCoversTheTrueMeanNinetyFivePercentOfTheTime) {
  const MarkovToy toy;
  constexpr int experiments = 200, n = 10;
  int covered = 0;
  for (int e = 0; e < experiments; ++e) {
    std::vector<double> v;
    for (int r = 0; r < n; ++r) v.push_back(toy.replicate(1000 + static_cast<std::uint64_t>(e), r));
    const Interval iv = interval_of(v, Sampling{1, false});
    if (iv.lo95 <= kAgents * toy.p && kAgents * toy.p <= iv.hi95) ++covered;
  }
  // Binomial(200, 0.95): four standard errors are 6.2 percentage points.
  EXPECT_NEAR(covered / double(experiments), 0.95, 4.0 * std::sqrt(0.95 * 0.05 / experiments));
}

TEST(Statistics, NestedSamplingSplitsVarianceBetweenParametersAndChance) {
  // value = theta_draw + noise, theta ~ N(0, 2^2), noise ~ N(0, 3^2): parameters' share 4 / 13.
  std::mt19937_64 rng(12345);
  std::normal_distribution<double> theta(0.0, 2.0), noise(0.0, 3.0);
  constexpr int draws = 400, inner = 5;
  std::vector<double> v;
  for (int d = 0; d < draws; ++d) {
    const double t = theta(rng);
    for (int i = 0; i < inner; ++i) v.push_back(t + noise(rng));
  }
  const Interval iv = interval_of(v, Sampling{inner, true});
  EXPECT_EQ(iv.kind, IntervalKind::ParameterUncertainty);
  EXPECT_EQ(iv.n, std::size_t{draws});
  // The between-draw variance estimate (true 4 + 9 / 5 = 5.8) has a standard error of about
  // 5.8 sqrt(2 / 399) = 0.41, i.e. 0.032 on the share; allow four.
  EXPECT_NEAR(iv.parameter_share, 4.0 / 13.0, 4.0 * 0.032);
  // Monte Carlo error of the mean: the sd of draw means over sqrt(draws), about sqrt(5.8 / 400).
  EXPECT_NEAR(iv.mcse / std::sqrt(5.8 / draws), 1.0, 4.0 / std::sqrt(2.0 * (draws - 1)));
  // Bounds are the type-7 percentiles of the draw means exactly.
  std::vector<double> m = draw_means(v, inner);
  std::sort(m.begin(), m.end());
  const double h = (draws - 1) * 0.025;
  const auto lo = static_cast<std::size_t>(h);
  EXPECT_DOUBLE_EQ(iv.lo95, m[lo] + (h - lo) * (m[lo + 1] - m[lo]));
}

TEST(Statistics, DrawMeansSkipMissingValues) {
  const double nan = std::nan("");
  const auto m = draw_means({1.0, 3.0, nan, 5.0, nan, nan}, 2);
  ASSERT_EQ(m.size(), 3u);
  EXPECT_EQ(m[0], 2.0);
  EXPECT_EQ(m[1], 5.0);
  EXPECT_TRUE(std::isnan(m[2]));
}

TEST(Statistics, ReplicatesNeededMakesTheDifferenceTwoMonteCarloErrors) {
  // 10 replicates, difference 1, MCSE 1: the MCSE falls as 1 / sqrt(n), so 40 replicates give 0.5.
  EXPECT_EQ(replicates_needed(1.0, 1.0, 10), 40u);
  EXPECT_EQ(replicates_needed(-1.0, 1.0, 10), 40u);
  EXPECT_EQ(replicates_needed(3.0, 1.0, 10), 0u);  // already distinguishable
  EXPECT_EQ(replicates_needed(0.0, 1.0, 10), 0u);  // no difference to detect
}

TEST(Statistics, ConfidenceIntervalUsesStudentT) {
  // Values 1..5: mean 3, sd sqrt(2.5), t(4, 0.975) = 2.776445.
  const Interval iv = interval_of({1, 2, 3, 4, 5}, Sampling{1, false});
  const double half = 2.7764451051977987 * std::sqrt(2.5 / 5.0);
  EXPECT_NEAR(iv.lo95, 3.0 - half, 1e-9);
  EXPECT_NEAR(iv.hi95, 3.0 + half, 1e-9);
}

}  // namespace
}  // namespace pathways
