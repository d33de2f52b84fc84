// Parameter distributions: sample moments of each of the six against their analytic values, and
// the reproducibility and common-random-number properties of draw_parameters.
#include "scenario/distributions.hpp"

#include <gtest/gtest.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include "scenario/scenario.hpp"

namespace pathways {
namespace {

std::string fixture(const std::string& rel) {
  const char* src = std::getenv("PATHWAYS_SOURCE_DIR");
  return std::string(src ? src : ".") + "/tests/scenario/" + rel;
}

struct Moments {
  double mean, sd, se_mean, se_sd;
};

// Sample mean and sd with their standard errors (the sd's from the sample fourth moment).
Moments moments(const std::vector<double>& x) {
  const double n = static_cast<double>(x.size());
  double m = 0;
  for (double v : x) m += v;
  m /= n;
  double m2 = 0, m4 = 0;
  for (double v : x) {
    const double d = (v - m) * (v - m);
    m2 += d;
    m4 += d * d;
  }
  m2 /= n;
  m4 /= n;
  const double sd = std::sqrt(m2 * n / (n - 1));
  return {m, sd, sd / std::sqrt(n), std::sqrt((m4 - m2 * m2) / n) / (2 * sd)};
}

class DistributionMoments : public ::testing::TestWithParam<UncertainParam> {};

TEST_P(DistributionMoments, MatchAnalyticMeanAndSd) {
  const UncertainParam& u = GetParam();
  constexpr int kDraws = 20000;
  std::vector<double> x;
  x.reserve(kDraws);
  const auto [lo, hi] = distribution_support(u);
  for (int r = 0; r < kDraws; ++r) {
    Draws d(12345, static_cast<std::uint64_t>(r), kGlobalAgent - 1, stream_hash("param:" + u.key), 0);
    x.push_back(draw_value(u, d));
    ASSERT_GE(x.back(), lo);
    ASSERT_LE(x.back(), hi);
  }
  const Moments m = moments(x);
  EXPECT_NEAR(m.mean, distribution_mean(u), 4 * m.se_mean) << u.dist;
  EXPECT_NEAR(m.sd, distribution_sd(u), 4 * m.se_sd) << u.dist;
}

INSTANTIATE_TEST_SUITE_P(Six, DistributionMoments,
                         ::testing::Values(UncertainParam{"a.beta", "beta", {0.3, 0.05}, ""},
                                           UncertainParam{"a.beta_wide", "beta", {0.2, 0.3}, ""},
                                           UncertainParam{"a.gamma", "gamma", {2.0, 0.5}, ""},
                                           UncertainParam{"a.gamma_skewed", "gamma", {1.0, 2.0}, ""},
                                           UncertainParam{"a.lognormal", "lognormal", {5.0, 2.0}, ""},
                                           UncertainParam{"a.normal", "normal", {-1.0, 3.0}, ""},
                                           UncertainParam{"a.uniform", "uniform", {2.0, 10.0}, ""},
                                           UncertainParam{"a.triangular", "triangular", {0.0, 1.0, 5.0}, ""}),
                         [](const ::testing::TestParamInfo<UncertainParam>& p) {
                           return p.param.key.substr(2);
                         });

TEST(DrawParameters, ReproducibleAndVaryingByReplicateAndSeed) {
  const Scenario s = load_scenario(fixture("good/uncertain.yaml"));
  const ParamValues a = draw_parameters(s, 7, 3);
  const ParamValues b = draw_parameters(s, 7, 3);
  const ParamValues c = draw_parameters(s, 7, 4);
  const ParamValues d = draw_parameters(s, 8, 3);
  for (const auto& u : s.uncertain) {
    EXPECT_EQ(a.number(u.key), b.number(u.key)) << u.key;
    EXPECT_NE(a.number(u.key), c.number(u.key)) << u.key;
    EXPECT_NE(a.number(u.key), d.number(u.key)) << u.key;
    EXPECT_NE(a.number(u.key), s.params.number(u.key)) << u.key;
    EXPECT_EQ(a.lever(u.key).at(0), a.number(u.key)) << u.key;
  }
  // Fixed parameters are untouched.
  EXPECT_EQ(a.integer("test.scenario.count"), s.params.integer("test.scenario.count"));
}

TEST(DrawParameters, TwoScenariosDrawTheSameValueForTheSameParameter) {
  const Scenario s = load_scenario(fixture("good/uncertain.yaml"));
  const Scenario t = load_scenario(fixture("good/uncertain_other.yaml"));
  for (std::uint64_t r = 0; r < 50; ++r) {
    EXPECT_EQ(draw_parameters(s, 11, r).number("test.scenario.prob"),
              draw_parameters(t, 11, r).number("test.scenario.prob"));
  }
}

TEST(DrawParameters, IndependentOfTheOrderReplicatesAreDrawn) {
  const Scenario s = load_scenario(fixture("good/uncertain.yaml"));
  std::vector<double> forward, backward(20);
  for (std::uint64_t r = 0; r < 20; ++r)
    forward.push_back(draw_parameters(s, 5, r).number("test.scenario.effect"));
  for (std::uint64_t r = 20; r-- > 0;) backward[r] = draw_parameters(s, 5, r).number("test.scenario.effect");
  EXPECT_EQ(forward, backward);
}

TEST(DrawParameters, IndependentOfThreadCount) {
  const Scenario s = load_scenario(fixture("good/uncertain.yaml"));
  constexpr std::size_t kReplicates = 256;
  std::vector<double> serial(kReplicates), parallel(kReplicates);
  for (std::size_t r = 0; r < kReplicates; ++r)
    serial[r] = draw_parameters(s, 9, r).number("test.scenario.rate_per_year");
  tbb::task_arena arena(4);
  arena.execute([&] {
    tbb::parallel_for(std::size_t{0}, kReplicates, [&](std::size_t r) {
      parallel[r] = draw_parameters(s, 9, r).number("test.scenario.rate_per_year");
    });
  });
  EXPECT_EQ(serial, parallel);
}

TEST(DrawParameters, ScenarioMeansOverReplicates) {
  const Scenario s = load_scenario(fixture("good/uncertain.yaml"));
  std::vector<double> p;
  for (std::uint64_t r = 0; r < 20000; ++r)
    p.push_back(draw_parameters(s, 1, r).number("test.scenario.prob"));
  const Moments m = moments(p);
  EXPECT_NEAR(m.mean, 0.3, 4 * m.se_mean);
  EXPECT_NEAR(m.sd, 0.05, 4 * m.se_sd);
}

TEST(Distributions, SupportOfUnboundedOnesLeavesOutTwoInAMillionThousand) {
  const auto [lo, hi] = distribution_support(UncertainParam{"x", "normal", {1.0, 2.0}, ""});
  EXPECT_DOUBLE_EQ(lo, -11.0);
  EXPECT_DOUBLE_EQ(hi, 13.0);
  const auto [glo, ghi] = distribution_support(UncertainParam{"x", "gamma", {2.0, 0.5}, ""});
  EXPECT_GT(glo, 0.0);
  EXPECT_LT(ghi, 10.0);
}

TEST(Distributions, QuantilesMatchClosedFormsAndDraws) {
  // Normal: mean +- 1.959964 sd; uniform and triangular: closed forms.
  EXPECT_NEAR(distribution_quantile(UncertainParam{"x", "normal", {1.0, 2.0}, ""}, 0.025),
              1.0 - 1.959963985 * 2.0, 1e-8);
  EXPECT_DOUBLE_EQ(distribution_quantile(UncertainParam{"x", "uniform", {2.0, 4.0}, ""}, 0.25), 2.5);
  // Triangular(0, 0, 1): F(x) = 1 - (1 - x)^2, so the median is 1 - sqrt(0.5).
  EXPECT_NEAR(distribution_quantile(UncertainParam{"x", "triangular", {0.0, 0.0, 1.0}, ""}, 0.5),
              1.0 - std::sqrt(0.5), 1e-12);
  // Beta, gamma and lognormal: the share of 20,000 draws below the 10th percentile is binomial.
  for (const UncertainParam& u : {UncertainParam{"test.scenario.prob", "beta", {0.3, 0.05}, ""},
                                  UncertainParam{"test.scenario.prob", "gamma", {0.3, 0.05}, ""},
                                  UncertainParam{"test.scenario.prob", "lognormal", {0.3, 0.05}, ""}}) {
    const double q = distribution_quantile(u, 0.1);
    double below = 0.0;
    constexpr int n = 20000;
    for (int r = 0; r < n; ++r) {
      Draws d(5, static_cast<std::uint64_t>(r), 0, 0, 0);
      below += draw_value(u, d) < q ? 1.0 : 0.0;
    }
    EXPECT_NEAR(below / n, 0.1, 4.0 * std::sqrt(0.1 * 0.9 / n)) << u.dist;
  }
}

}  // namespace
}  // namespace pathways
