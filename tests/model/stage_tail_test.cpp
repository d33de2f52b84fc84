// labels: unit oracle
// Survivors' futures after the horizon: the stage chain against closed forms for constant hazards
// and against a fine independent integration under Gompertz mortality.
#include "model/stage_tail.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace pathways {
namespace {

constexpr std::size_t kDependent = 2, kRemissionAfterDependent = 5;

std::array<double, kTailStates> only(std::size_t state) {
  std::array<double, kTailStates> s{};
  s[state] = 1.0;
  return s;
}

TEST(StageTail, WithoutTransitionsAConstantHazardGivesOneOverTheRate) {
  TailChain c;
  c.death_per_year[kDependent] = 0.01;
  const StageTail tail(c);
  for (double delta : {0.0, std::log(1.03)}) {
    const TailYears y = tail.years(only(kDependent), 35.0, 0.02, 0.0, 0.005, delta);
    EXPECT_NEAR(y.years[static_cast<std::size_t>(Stage::Dependent)], 1.0 / (0.02 + 0.005 + 0.01), 1e-12);
    EXPECT_NEAR(y.discounted[static_cast<std::size_t>(Stage::Dependent)], 1.0 / (0.02 + 0.005 + 0.01 + delta),
                1e-12);
    EXPECT_EQ(y.years[static_cast<std::size_t>(Stage::Remission)], 0.0);
  }
}

// Two states, dependent D and remission R, remission at rate r and relapse at s, killing k in both:
// starting in D the expected time in D is (k + s) / (k (k + r + s)) and in R is r / (k (k + r + s)).
TEST(StageTail, TwoStateChainMatchesItsClosedForm) {
  TailChain c;
  const double r = 0.3, s = 1.1, k = 0.04;
  c.rate_per_year[kDependent][kRemissionAfterDependent] = r;
  c.rate_per_year[kRemissionAfterDependent][kDependent] = s;
  const StageTail tail(c);
  const TailYears y = tail.years(only(kDependent), 40.0, k, 0.0, 0.0, 0.0);
  EXPECT_NEAR(y.years[static_cast<std::size_t>(Stage::Dependent)], (k + s) / (k * (k + r + s)), 1e-10);
  EXPECT_NEAR(y.years[static_cast<std::size_t>(Stage::Remission)], r / (k * (k + r + s)), 1e-10);
  // A start split between states is the mix of the two starts.
  std::array<double, kTailStates> mix{};
  mix[kDependent] = 0.25;
  mix[kRemissionAfterDependent] = 0.75;
  const TailYears m = tail.years(mix, 40.0, k, 0.0, 0.0, 0.0);
  EXPECT_NEAR(m.total(), 1.0 / k, 1e-10);
  EXPECT_NEAR(m.years[static_cast<std::size_t>(Stage::Remission)],
              0.25 * r / (k * (k + r + s)) + 0.75 * (k + r) / (k * (k + r + s)), 1e-10);
}

/// The same quantities by explicit Euler steps of 1/2000 year: p' = p A, survival and discounting
/// applied directly (an integration independent of the grid of matrix exponentials).
TailYears euler(const TailChain& c, std::size_t start, double age, double a, double b, double h,
                double delta) {
  std::array<double, kTailStates> p{};
  p[start] = 1.0;
  TailYears out;
  const double dt = 1.0 / 2000.0;
  for (double t = 0.0; t < 150.0; t += dt) {
    const double survive = std::exp(-(a / b) * std::exp(b * age) * std::expm1(b * t) - h * t);
    for (std::size_t i = 0; i < kTailStates; ++i) {
      out.years[static_cast<std::size_t>(tail_stage(i))] += p[i] * survive * dt;
      out.discounted[static_cast<std::size_t>(tail_stage(i))] += p[i] * survive * std::exp(-delta * t) * dt;
    }
    std::array<double, kTailStates> next = p;
    for (std::size_t i = 0; i < kTailStates; ++i) {
      for (std::size_t j = 0; j < kTailStates; ++j) {
        if (i == j) continue;
        next[i] -= p[i] * c.rate_per_year[i][j] * dt;
        next[j] += p[i] * c.rate_per_year[i][j] * dt;
      }
      next[i] -= p[i] * c.death_per_year[i] * dt;
    }
    p = next;
    if (survive < 1e-12) break;
  }
  return out;
}

TEST(StageTail, GompertzWithTransitionsMatchesAFineIntegration) {
  TailChain c;
  for (std::size_t i = 0; i < 3; ++i) {
    c.rate_per_year[i][3 + i] = 0.1 + 0.05 * static_cast<double>(i);
    c.rate_per_year[3 + i][i] = 1.0;
  }
  c.rate_per_year[0][1] = 0.3;
  c.rate_per_year[1][2] = 0.4;
  c.rate_per_year[1][0] = 0.1;
  c.rate_per_year[2][1] = 0.05;
  c.death_per_year[2] = 0.006;
  c.death_per_year[1] = 0.002;
  const StageTail tail(c);
  const double a = 8.54e-5, b = 0.09, delta = std::log(1.03);
  for (double age : {25.0, 50.0}) {
    const TailYears y = tail.years(only(kDependent), age, a, b, 0.003, delta);
    const TailYears ref = euler(c, kDependent, age, a, b, 0.003, delta);
    for (std::size_t s = 0; s < kStages; ++s) {
      // Euler's first-order error at dt = 1/2000 year is about 1e-4 of the total.
      EXPECT_NEAR(y.years[s], ref.years[s], 2e-4 * ref.total()) << age << " stage " << s;
      EXPECT_NEAR(y.discounted[s], ref.discounted[s], 2e-4 * ref.total_discounted()) << age << " stage " << s;
    }
  }
}

}  // namespace
}  // namespace pathways
