// Oracle: a 5-state continuous-time Markov chain run through the engine with 100,000 agents
// matches p0 exp(Q t) (and p0 exp(Q M(t)) for a stepped or ramped rate lever) at several times.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "example_model/markov_exact.hpp"
#include "support/model_run.hpp"

namespace pathways {
namespace {

constexpr int kAgents = 100000;
constexpr int kStartYear = 2025;

// Compares simulated occupancy with the exact shares at the end of the given years. Each state's
// count is binomial(n, p) under the model, so the tolerance is 4 binomial standard errors.
void expect_matches_exact(const ParamValues& params, const std::vector<int>& year_ends, std::uint64_t seed) {
  const std::vector<std::string> modules = {"example.markov_chain"};
  const SeriesTable t = testing::run_once(modules, params, seed, 0, year_ends.back(), kStartYear);
  const Calendar cal{kStartYear};
  const auto& rates = params.list("example.markov_chain.rates_per_year");
  const auto& p0 = params.list("example.markov_chain.initial_shares");
  for (int y : year_ends) {
    const Days day = cal.year_start(kStartYear + y);
    const auto exact =
        markov_exact_shares(rates, p0, params.lever("example.markov_chain.rate_multiplier"), day);
    for (std::size_t s = 0; s < p0.size(); ++s) {
      const double observed =
          testing::value(t, "markov.state_" + std::to_string(s) + ".occupancy", y - 1) / kAgents;
      const double se = std::sqrt(exact[s] * (1.0 - exact[s]) / kAgents);
      EXPECT_NEAR(observed, exact[s], 4.0 * se + 1e-12) << "state " << s << " after " << y << " years";
    }
  }
}

ParamValues base_params() {
  return testing::params_for({"example.markov_chain"},
                             [](ParamValues& p) { p.set_number("example.markov_chain.agents", kAgents); });
}

TEST(MarkovOracle, OccupancyMatchesMatrixExponential) {
  expect_matches_exact(base_params(), {1, 2, 5, 10}, 101);
}

TEST(MarkovOracle, SteppedRateMatchesInhomogeneousSolution) {
  ParamValues p = base_params();
  const Calendar cal{kStartYear};
  // The multiplier jumps from 1 to 2.5 on 1 January 2027 and to 0.4 on 1 January 2029.
  p.set_lever("example.markov_chain.rate_multiplier",
              Lever{{cal.year_start(2025), cal.year_start(2027), cal.year_start(2029)},
                    {1.0, 2.5, 0.4},
                    Interpolation::Step});
  expect_matches_exact(p, {1, 2, 3, 4, 6}, 202);
}

TEST(MarkovOracle, RampedRateMatchesInhomogeneousSolution) {
  ParamValues p = base_params();
  const Calendar cal{kStartYear};
  // A linear ramp from 1.0 in 2026 down to 0.2 in 2030, then constant.
  p.set_lever("example.markov_chain.rate_multiplier",
              Lever{{cal.year_start(2026), cal.year_start(2030)}, {1.0, 0.2}, Interpolation::Linear});
  expect_matches_exact(p, {1, 2, 3, 5, 7}, 303);
}

TEST(MarkovOracle, TransitionCountMatchesExpectedFlow) {
  // Expected transitions in year 1 = integral over the year of sum_i n p_i(t) q_i; compare with a
  // Poisson-like tolerance of 4 sqrt(expected) (transitions of independent agents).
  const ParamValues p = base_params();
  const SeriesTable t = testing::run_once({"example.markov_chain"}, p, 404, 0, 1, kStartYear);
  const auto& rates = p.list("example.markov_chain.rates_per_year");
  const auto& p0 = p.list("example.markov_chain.initial_shares");
  const std::size_t k = p0.size();
  double expected = 0.0;
  const int steps = 3650;
  for (int i = 0; i < steps; ++i) {
    const Days day = (i + 0.5) * 365.0 / steps;
    const auto shares = markov_exact_shares(rates, p0, Lever::constant(1.0), day);
    for (std::size_t s = 0; s < k; ++s) {
      double q = 0.0;
      for (std::size_t j = 0; j < k; ++j) q += (j == s) ? 0.0 : rates[s * k + j];
      expected += kAgents * shares[s] * per_day(q) * 365.0 / steps;
    }
  }
  EXPECT_NEAR(testing::value(t, "markov.transitions", 0), expected, 4.0 * std::sqrt(expected));
}

}  // namespace
}  // namespace pathways
