// labels: unit statistical oracle
// StayLaw: planned stays (gamma, fixed, failures at a uniform point) and the exact steady-state
// snapshot of people found inside at the start, against closed forms from renewal theory.
#include "model/stay_law.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "core/rng.hpp"

namespace pathways {
namespace {

/// Mean and its standard error of n draws of f.
template <class F>
std::pair<double, double> mean_and_se(int n, F f) {
  double s = 0.0, ss = 0.0;
  for (int i = 0; i < n; ++i) {
    const double x = f(i);
    s += x;
    ss += x * x;
  }
  const double m = s / n;
  return {m, std::sqrt((ss / n - m * m) / n)};
}

// For a stationary renewal flow, the residual time of someone found inside has mean
// E[L^2] / (2 E[L]) = (mu^2 + sigma^2) / (2 mu); so has the elapsed time.
TEST(StayLaw, SnapshotResidualOfGammaStaysHasTheRenewalMean) {
  StayLaw law{StayLaw::Shape::Gamma, 400.0, 150.0, 0.0};
  const double expect = (400.0 * 400.0 + 150.0 * 150.0) / (2.0 * 400.0);
  const auto [rem, se_r] = mean_and_se(40000, [&](int i) {
    Draws d(7, 0, static_cast<AgentId>(i), 1, 0);
    return law.draw_snapshot(d).remaining_days;
  });
  const auto [ela, se_e] = mean_and_se(40000, [&](int i) {
    Draws d(7, 0, static_cast<AgentId>(i), 1, 0);
    return law.draw_snapshot(d).elapsed_days;
  });
  EXPECT_NEAR(rem, expect, 4 * se_r);
  EXPECT_NEAR(ela, expect, 4 * se_e);
}

TEST(StayLaw, SnapshotOfAFixedStayIsUniformOverIt) {
  StayLaw law{StayLaw::Shape::Fixed, 90.0, 1.0, 0.0};
  int below_30 = 0;
  const int n = 40000;
  for (int i = 0; i < n; ++i) {
    Draws d(8, 0, static_cast<AgentId>(i), 1, 0);
    const auto s = law.draw_snapshot(d);
    EXPECT_NEAR(s.elapsed_days + s.remaining_days, 90.0, 1e-9);
    below_30 += s.remaining_days < 30.0;
  }
  EXPECT_NEAR(below_30, n / 3.0, 4 * std::sqrt(n * (1.0 / 3) * (2.0 / 3)));
}

// With failures at a uniform point U L, completers and failures are found inside in proportion to
// p_c E[L] and p_f E[L] / 2; and a failure's remaining time has mean E[(U L)^2] / (2 E[U L]) = E[L^2] / (3
// E[L]).
TEST(StayLaw, SnapshotWithFailuresFindsEachKindInProportionToItsTimeInside) {
  const double pf = 0.4;
  StayLaw law{StayLaw::Shape::Fixed, 60.0, 1.0, pf};
  const int n = 60000;
  int failing = 0;
  double rem_fail = 0.0;
  for (int i = 0; i < n; ++i) {
    Draws d(9, 0, static_cast<AgentId>(i), 1, 0);
    const auto s = law.draw_snapshot(d);
    if (s.fails) {
      ++failing;
      rem_fail += s.remaining_days;
    }
  }
  const double share = (pf / 2) / (1 - pf / 2);
  EXPECT_NEAR(failing, n * share, 4 * std::sqrt(n * share * (1 - share)));
  // Fixed L = 60: remaining of a failure found inside has mean 60 / 3 = 20 (sd < 60 / sqrt(3)).
  EXPECT_NEAR(rem_fail / failing, 20.0, 4 * 60.0 / std::sqrt(3.0 * failing));
  EXPECT_NEAR(law.expected_days(), 60.0 * (1 - pf / 2), 1e-12);
}

TEST(StayLaw, PlannedStaysFailAtAUniformPoint) {
  StayLaw law{StayLaw::Shape::Fixed, 100.0, 1.0, 0.25};
  const int n = 40000;
  int fails = 0;
  double fail_len = 0.0;
  for (int i = 0; i < n; ++i) {
    Draws d(10, 0, static_cast<AgentId>(i), 1, 0);
    const auto p = law.draw(d);
    if (p.fails) {
      ++fails;
      fail_len += p.length_days;
    } else {
      EXPECT_EQ(p.length_days, 100.0);
    }
  }
  EXPECT_NEAR(fails, 0.25 * n, 4 * std::sqrt(n * 0.25 * 0.75));
  EXPECT_NEAR(fail_len / fails, 50.0, 4 * 100.0 / std::sqrt(12.0 * fails));
}

}  // namespace
}  // namespace pathways
