// Levers: evaluation, integration and exact inversion for steps and ramps.
#include "core/lever.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace pathways {
namespace {

Lever step() {
  return Lever{{100.0, 200.0}, {1.0, 3.0}, Interpolation::Step};
}
Lever ramp() {
  return Lever{{100.0, 200.0}, {1.0, 3.0}, Interpolation::Linear};
}

TEST(Lever, StepValuesAndIntegral) {
  const Lever l = step();
  EXPECT_DOUBLE_EQ(l.at(0.0), 1.0);
  EXPECT_DOUBLE_EQ(l.at(150.0), 1.0);
  EXPECT_DOUBLE_EQ(l.at(200.0), 3.0);
  EXPECT_DOUBLE_EQ(l.integral(0.0, 300.0), 200.0 * 1.0 + 100.0 * 3.0);
}

TEST(Lever, RampValuesAndIntegral) {
  const Lever l = ramp();
  EXPECT_DOUBLE_EQ(l.at(150.0), 2.0);
  EXPECT_DOUBLE_EQ(l.at(250.0), 3.0);
  // 100 at 1, the ramp's trapezoid (1+3)/2*100 = 200, then 100 at 3.
  EXPECT_DOUBLE_EQ(l.integral(0.0, 300.0), 100.0 + 200.0 + 300.0);
  EXPECT_DOUBLE_EQ(l.integral(120.0, 180.0), 0.5 * (1.4 + 2.6) * 60.0);
}

TEST(Lever, InversionIsTheInverseOfIntegration) {
  for (const Lever& l : {step(), ramp(), Lever::constant(0.5)}) {
    for (double t0 : {0.0, 50.0, 120.0, 199.0, 250.0}) {
      for (double area : {0.01, 1.0, 37.5, 150.0, 400.0}) {
        const Days t = l.invert(t0, area);
        ASSERT_NEAR(l.integral(t0, t), area, 1e-9 * (1.0 + area)) << "t0=" << t0 << " area=" << area;
      }
    }
  }
}

TEST(Lever, ZeroRateAfterLastKnotNeverFires) {
  const Lever off{{0.0, 10.0}, {1.0, 0.0}, Interpolation::Step};
  EXPECT_DOUBLE_EQ(off.invert(0.0, 5.0), 5.0);
  EXPECT_EQ(off.invert(0.0, 20.0), kNever);
  EXPECT_EQ(next_event_time(off, 11.0, 1.0, 0.5), kNever);
}

}  // namespace
}  // namespace pathways

namespace pathways {
namespace {

// The discounted integral of step and linear levers against a fine midpoint sum.
TEST(Lever, DiscountedIntegralIsExact) {
  const double d = std::log(1.03) / 365.25;
  for (auto interp : {Interpolation::Step, Interpolation::Linear}) {
    const Lever l{{0.0, 400.0, 900.0}, {1000.0, 1500.0, 200.0}, interp};
    double fine = 0.0;
    const double h = 0.01;
    for (double t = 100.0 + h / 2; t < 1300.0; t += h) fine += l.at(t) * std::exp(-d * t) * h;
    EXPECT_NEAR(l.discounted_integral(100.0, 1300.0, d), fine, 1e-6 * fine);
    EXPECT_NEAR(l.discounted_integral(100.0, 1300.0, 0.0), l.integral(100.0, 1300.0), 1e-9);
  }
}

}  // namespace
}  // namespace pathways
