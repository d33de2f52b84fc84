// labels: statistical determinism
// ABC-SMC against a normal model with a known posterior; thread-count independence; resuming.
#include <gtest/gtest.h>

#include <boost/math/distributions/normal.hpp>
#include <boost/random/normal_distribution.hpp>
#include <cmath>

#include "calibration/abc_smc.hpp"
#include "calibration/nelder_mead.hpp"

namespace pathways::calibration {
namespace {

// Model: mu ~ N(0, 2^2) (truncated to [-10, 10], 5 sd: a negligible 6e-7 of its mass); the
// summary statistic s ~ N(mu, 0.5^2); observed s = 1. Exact posterior: precision 1/4 + 1/0.25 =
// 4.25, mean 4 / 4.25 = 0.941, sd 0.485.
constexpr double kPriorSd = 2.0, kSigma = 0.5, kObserved = 1.0;

double toy_distance(const std::vector<double>& theta, std::uint64_t seed) {
  Draws d(seed, 0, 0, stream_hash("toy"), 0);
  const double s = boost::random::normal_distribution<double>(theta[0], kSigma)(d);
  const double z = (s - kObserved) / kSigma;
  return 0.5 * z * z;  // the same scale as the calibration's normal discrepancy
}

std::vector<Prior> toy_prior() {
  return {Prior{"normal", {0.0, kPriorSd}, -10.0, 10.0}};
}

// Mean and sd of the ABC target at tolerance eps by quadrature: accepting d <= eps means
// |s - 1| <= h = sigma sqrt(2 eps), so the ABC posterior is prior(mu) P(|s - 1| <= h | mu).
std::pair<double, double> abc_target(double eps) {
  const double h = kSigma * std::sqrt(2.0 * eps);
  const boost::math::normal_distribution<double> std_normal;
  double w = 0, m1 = 0, m2 = 0;
  for (int i = 0; i < 20000; ++i) {
    const double mu = -10.0 + 20.0 * (i + 0.5) / 20000;
    const double like = boost::math::cdf(std_normal, (kObserved + h - mu) / kSigma) -
                        boost::math::cdf(std_normal, (kObserved - h - mu) / kSigma);
    const double p = std::exp(-0.5 * mu * mu / (kPriorSd * kPriorSd)) * like;
    w += p, m1 += p * mu, m2 += p * mu * mu;
  }
  return {m1 / w, std::sqrt(m2 / w - (m1 / w) * (m1 / w))};
}

AbcOptions toy_options(int threads) {
  AbcOptions o;
  o.particles = 2000;
  o.generations = 8;
  o.quantile = 0.5;
  o.min_acceptance = 0.01;
  o.seed = 42;
  o.threads = threads;
  return o;
}

TEST(AbcSmcToy, PosteriorMatchesTheAnalyticOne) {
  const AbcResult r = abc_smc(toy_prior(), toy_distance, toy_options(2));
  ASSERT_EQ(r.generations.size(), 8u) << r.stop_reason;
  const AbcGeneration& g = r.generations.back();
  const auto [mean, sd] = weighted_mean_sd(g, 0);
  const double post_sd = std::sqrt(1.0 / 4.25), post_mean = 4.0 / 4.25;
  // Tolerance = Monte Carlo error + the bias that a non-zero final tolerance leaves:
  // - Monte Carlo: 4 standard errors, sd / sqrt(ESS) for the mean and sd / sqrt(2 ESS) for the sd
  //   (normal theory), with ESS = 1 / sum(w^2) of the final generation;
  // - tolerance bias: the exact ABC target at the final tolerance minus the exact posterior, from
  //   quadrature (abc_target), so the check is neither loose nor guessed.
  const auto [target_mean, target_sd] = abc_target(g.tolerance);
  const double se_mean = post_sd / std::sqrt(g.ess), se_sd = post_sd / std::sqrt(2.0 * g.ess);
  EXPECT_GT(g.ess, 500.0);
  EXPECT_LT(g.tolerance, 0.1);  // |s - 1| <= 0.22 sd of the summary: a small ABC inflation
  EXPECT_NEAR(mean, post_mean, 4 * se_mean + std::abs(target_mean - post_mean));
  EXPECT_NEAR(sd, post_sd, 4 * se_sd + std::abs(target_sd - post_sd));
  // And against the ABC target itself, with Monte Carlo error only.
  EXPECT_NEAR(mean, target_mean, 4 * se_mean);
  EXPECT_NEAR(sd, target_sd, 4 * se_sd);
  // Tolerances decrease and every weight is a proper normalised weight.
  for (std::size_t i = 2; i < r.generations.size(); ++i) {
    EXPECT_LE(r.generations[i].tolerance, r.generations[i - 1].tolerance);
  }
  double total = 0;
  for (double w : g.weight) total += w;
  EXPECT_NEAR(total, 1.0, 1e-12);
}

TEST(AbcSmcToy, SameResultForOneAndTwoThreads) {
  AbcOptions o = toy_options(1);
  o.particles = 300;
  o.generations = 4;
  const AbcResult a = abc_smc(toy_prior(), toy_distance, o);
  o.threads = 2;
  const AbcResult b = abc_smc(toy_prior(), toy_distance, o);
  ASSERT_EQ(a.generations.size(), b.generations.size());
  EXPECT_EQ(a.generations.back().theta, b.generations.back().theta);
  EXPECT_EQ(a.generations.back().weight, b.generations.back().weight);
  EXPECT_EQ(a.generations.back().distance, b.generations.back().distance);
}

TEST(AbcSmcToy, ResumingGivesTheUninterruptedResult) {
  AbcOptions o = toy_options(2);
  o.particles = 300;
  o.generations = 5;
  const AbcResult full = abc_smc(toy_prior(), toy_distance, o);
  o.generations = 2;
  int calls = 0;
  AbcResult part = abc_smc(toy_prior(), toy_distance, o, {}, [&](const AbcGeneration&) { ++calls; });
  EXPECT_EQ(calls, 2);
  o.generations = 5;
  const AbcResult resumed = abc_smc(toy_prior(), toy_distance, o, part.generations);
  ASSERT_EQ(resumed.generations.size(), 5u);
  EXPECT_EQ(resumed.generations.back().theta, full.generations.back().theta);
  EXPECT_EQ(resumed.generations.back().weight, full.generations.back().weight);
}

TEST(AbcSmcToy, StopsWhenTheToleranceCannotBeReached) {
  // A distance that never goes below 1 after the prior sample: the first SMC generation's
  // tolerance (median of the prior's distances) is unreachable for most proposals.
  const DistanceFunction f = [](const std::vector<double>& t, std::uint64_t) { return 1.0 + t[0] * t[0]; };
  AbcOptions o = toy_options(2);
  o.particles = 50;
  o.generations = 30;
  o.min_acceptance = 0.2;
  const AbcResult r = abc_smc(toy_prior(), f, o);
  EXPECT_LT(r.generations.size(), 30u);
  EXPECT_FALSE(r.stop_reason.empty());
}

TEST(QuickMethod, FindsTheMinimumOfASmoothDistance) {
  // Deterministic distance with its minimum at (0.3, 2.0) inside uniform priors.
  const DistanceFunction f = [](const std::vector<double>& t, std::uint64_t) {
    return (t[0] - 0.3) * (t[0] - 0.3) / 0.01 + (t[1] - 2.0) * (t[1] - 2.0);
  };
  const std::vector<Prior> priors = {Prior{"uniform", {0, 1}, 0, 1}, Prior{"uniform", {0, 5}, 0, 5}};
  QuickOptions o;
  o.points = 20;
  o.evaluations = 200;
  o.seed = 5;
  const QuickResult r = lhs_nelder_mead(priors, f, o);
  EXPECT_NEAR(r.best[0], 0.3, 1e-2);
  EXPECT_NEAR(r.best[1], 2.0, 5e-2);
  const QuickResult again = lhs_nelder_mead(priors, f, o);
  EXPECT_EQ(r.best, again.best);
}

TEST(Priors, TruncatedQuantilesStayInBoundsAndDensityVanishesOutside) {
  const Prior p{"gamma", {0.2, 0.1}, 0.05, 0.5};
  for (double u : {1e-9, 0.1, 0.5, 0.9, 1 - 1e-9}) {
    EXPECT_GE(p.quantile(u), 0.05);
    EXPECT_LE(p.quantile(u), 0.5);
  }
  EXPECT_EQ(p.density(0.04), 0.0);
  EXPECT_GT(p.density(0.2), 0.0);
  const Prior u{"uniform", {0, 1}, 0, 1};
  EXPECT_NEAR(u.truncated_sd(), 1 / std::sqrt(12.0), 1e-4);
}

}  // namespace
}  // namespace pathways::calibration
