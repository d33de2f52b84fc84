// Piecewise calendar-time parameters (policy levers) and exact sampling of hazards that follow them.
#pragma once

#include <limits>
#include <vector>

#include "core/time.hpp"

namespace pathways {

enum class Interpolation { Step, Linear };

/// A value that changes with calendar time: knots (day, value), held constant before the first
/// knot and after the last; between knots either held (Step) or interpolated (Linear).
struct Lever {
  std::vector<Days> days;      ///< strictly increasing knot times (simulation days)
  std::vector<double> values;  ///< value at each knot
  Interpolation interpolation = Interpolation::Step;

  static Lever constant(double v) { return Lever{{0.0}, {v}, Interpolation::Step}; }

  bool is_constant() const;
  double at(Days t) const;
  /// Integral of the lever over [a, b], a <= b.
  double integral(Days a, Days b) const;
  /// Integral of lever(t) exp(-delta t) over [a, b] (exact for step and linear pieces): the present
  /// value at day 0 of a flow of lever(t) per day.
  double discounted_integral(Days a, Days b, double delta_per_day) const;
  /// Smallest T >= t0 with integral(t0, T) == area (area >= 0); +infinity if the lever's remaining
  /// integral never reaches it. With area = E / base_rate, E ~ Exp(1), this draws the exact event
  /// time of an inhomogeneous Poisson clock with rate base_rate * lever(t).
  Days invert(Days t0, double area) const;
  /// Times at which the lever's value or slope changes.
  const std::vector<Days>& change_points() const { return days; }
  double min_value() const;
  double max_value() const;
  /// The limit of the lever from the left at t (differs from at(t) only at a step knot).
  double before(Days t) const;
  /// First time >= t0 at which the lever is at least `level` (kNever-like +infinity if never).
  Days first_time_at_least(Days t0, double level) const;
};

inline constexpr Days kNever = std::numeric_limits<Days>::infinity();

/// Time of the next event of a clock with rate `rate_per_day * lever(t)` started at `now`, given
/// a unit exponential variate `e`.
inline Days next_event_time(const Lever& lever, Days now, double rate_per_day, double e) {
  if (rate_per_day <= 0.0) return kNever;
  if (lever.is_constant()) {
    const double r = rate_per_day * lever.values.front();
    return r > 0.0 ? now + e / r : kNever;
  }
  return lever.invert(now, e / rate_per_day);
}

}  // namespace pathways
