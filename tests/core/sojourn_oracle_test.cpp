// Oracle: non-exponential (gamma, Weibull) holding times drawn and scheduled through the engine
// match their analytic distribution functions (Kolmogorov-Smirnov at a fixed seed).
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/math/distributions/gamma.hpp>
#include <boost/math/distributions/weibull.hpp>
#include <boost/math/special_functions/gamma.hpp>
#include <cmath>
#include <functional>
#include <string>

#include "support/model_run.hpp"

namespace pathways {
namespace {

constexpr double kMeanDays = 365.25 / 0.5;  // exit rate 0.5 per year

// Kolmogorov-Smirnov statistic of a sample against a continuous CDF.
double ks_statistic(std::vector<double> x, const std::function<double(double)>& cdf) {
  std::sort(x.begin(), x.end());
  const double n = static_cast<double>(x.size());
  double d = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double f = cdf(x[i]);
    d = std::max({d, f - static_cast<double>(i) / n, static_cast<double>(i + 1) / n - f});
  }
  return d;
}

// Runs a two-state chain (0 -> 1, absorbing) whose holding time in state 0 has the given shape,
// and reads each agent's exit time from the module's own entry-day column.
std::vector<double> exit_times(const std::string& sojourn, double shape, int agents) {
  ParamValues p = testing::params_for({"example.markov_chain"}, [&](ParamValues& v) {
    v.set_number("example.markov_chain.agents", agents);
    v.set_list("example.markov_chain.initial_shares", {1.0, 0.0});
    v.set_list("example.markov_chain.rates_per_year", {0.0, 0.5, 0.0, 0.0});
    v.set_choice("example.markov_chain.sojourn", sojourn);
    v.set_number("example.markov_chain.sojourn_shape", shape);
  });
  RunConfig c;
  c.seed = 99;
  c.years = 60;  // long enough that nearly every agent has left state 0
  c.modules = {"example.markov_chain"};
  Simulation sim(c, p);
  sim.run();
  const auto& state = sim.pop.column<std::uint8_t>("markov.state");
  const auto& entered = sim.pop.column<double>("markov.entered_day");
  std::vector<double> out;
  for (std::size_t a = 0; a < state.size(); ++a) {
    if (state[a] == 1) out.push_back(entered[a]);  // censored agents (still in 0) are excluded below
  }
  return out;
}

// 1.949 / sqrt(n) is the 0.1% critical value of the KS statistic for large n.
double ks_critical(std::size_t n) {
  return 1.949 / std::sqrt(static_cast<double>(n));
}

TEST(SojournOracle, GammaHoldingTimesMatchTheirCdf) {
  const double shape = 2.5;
  const auto times = exit_times("gamma", shape, 20000);
  boost::math::gamma_distribution<double> g(shape, kMeanDays / shape);
  // The horizon (60 years = 30 means) censors a fraction ~1e-12: every agent has left.
  ASSERT_EQ(times.size(), 20000u);
  EXPECT_LT(ks_statistic(times, [&](double x) { return boost::math::cdf(g, x); }), ks_critical(times.size()));
}

TEST(SojournOracle, WeibullHoldingTimesMatchTheirCdf) {
  const double shape = 0.7;
  const auto times = exit_times("weibull", shape, 20000);
  const double scale = kMeanDays / boost::math::tgamma(1.0 + 1.0 / shape);
  boost::math::weibull_distribution<double> w(shape, scale);
  // Weibull(0.7) leaves P(T > 60 y) = exp(-(21915/scale)^0.7), about 1e-8: no censoring expected.
  ASSERT_EQ(times.size(), 20000u);
  EXPECT_LT(ks_statistic(times, [&](double x) { return boost::math::cdf(w, x); }), ks_critical(times.size()));
}

TEST(SojournOracle, ExponentialHoldingTimesMatchTheirCdf) {
  const auto times = exit_times("exponential", 1.0, 20000);
  ASSERT_EQ(times.size(), 20000u);
  EXPECT_LT(ks_statistic(times, [&](double x) { return 1.0 - std::exp(-x / kMeanDays); }),
            ks_critical(times.size()));
}

TEST(SojournOracle, KsTestRejectsAWrongDistribution) {
  // The test has power: gamma(2.5) holding times are far from an exponential with the same mean.
  const auto times = exit_times("gamma", 2.5, 20000);
  EXPECT_GT(ks_statistic(times, [&](double x) { return 1.0 - std::exp(-x / kMeanDays); }),
            ks_critical(times.size()));
}

}  // namespace
}  // namespace pathways
