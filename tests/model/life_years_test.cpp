// labels: unit oracle
// Remaining life-years: the closed form 1 / (a + h + delta) for a constant hazard, and an independent
// fine-step integral of the Gompertz survival curve.
#include "model/life_years.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace pathways {
namespace {

TEST(LifeYears, ConstantHazardHasTheClosedForm) {
  const LifeYears ly;
  for (double h : {0.0, 0.01, 0.3}) {
    for (double d : {0.0, std::log(1.03)}) {
      EXPECT_NEAR(ly.remaining(35.0, 0.02, 0.0, h, d), 1.0 / (0.02 + h + d), 1e-12) << h << " " << d;
    }
  }
}

// The integral of exp(-(a/b) e^{bx} (e^{bt} - 1) - k t) by the trapezoid rule on a 1/1000-year grid.
double reference(double x, double a, double b, double k) {
  const double c = (a / b) * std::exp(b * x), dt = 1e-3;
  double sum = 0.5, t = dt;
  for (; t < 150.0; t += dt) {
    const double f = std::exp(-c * std::expm1(b * t) - k * t);
    sum += f;
    if (f < 1e-14) break;
  }
  return sum * dt;
}

TEST(LifeYears, GompertzMatchesAFineIntegral) {
  const LifeYears ly;
  const double a = 8.54e-5, b = 0.09;
  for (double age : {20.0, 45.0, 70.0}) {
    for (double k : {0.0, 0.0296, 0.1}) {
      const double ref = reference(age, a, b, k);
      EXPECT_NEAR(ly.remaining(age, a, b, k, 0.0), ref, 1e-5 * ref) << age << " " << k;
    }
  }
  // A male Viet Nam-like life table gives a remaining life expectancy near 50 years at age 20.
  EXPECT_NEAR(ly.remaining(20.0, a, b, 0.0, 0.0), 52.0, 4.0);
}

}  // namespace
}  // namespace pathways
