// Exact integration of piecewise-constant rates over time, by calendar year, with and without discounting.
#pragma once

#include <cmath>
#include <limits>

#include "core/time.hpp"

namespace pathways {

/// Continuous-time discounting: an annual rate r becomes delta = ln(1 + r) per year, so that one
/// dollar paid at day t is worth exp(-delta t / 365.25) today and a payment one year out is worth
/// exactly 1 / (1 + r).
struct Discounting {
  double delta_per_day = 0.0;

  static Discounting annual(double rate) { return Discounting{std::log1p(rate) / kDaysPerYear}; }
  double factor(Days t) const { return std::exp(-delta_per_day * t); }
  /// Integral of the discount factor over [a, b]: the present value of one unit per day.
  double integral(Days a, Days b) const {
    if (delta_per_day == 0.0) return b - a;
    return (std::exp(-delta_per_day * a) - std::exp(-delta_per_day * b)) / delta_per_day;
  }
};

/// Integrates a rate (people in a setting, dollars per day, utility per day) that changes only at
/// events. `advance` must be called with non-decreasing times and always the same Discounting (the
/// cached factor below belongs to it); `take` returns the year's totals.
struct RateIntegrator {
  double rate = 0.0;  ///< current value per day
  Days last = 0.0;
  double total = 0.0;       ///< undiscounted integral since the last take()
  double discounted = 0.0;  ///< discounted integral since the last take()
  /// exp(-delta last) when known (NaN: not computed since `last` moved with a zero rate). The same
  /// value Discounting::integral would compute, kept so that each event costs one exp, not two.
  double factor_at_last = 1.0;

  void advance(Days t, const Discounting& d) {
    if (t <= last) return;
    if (rate != 0.0) {
      total += rate * (t - last);
      if (d.delta_per_day == 0.0) {
        discounted += rate * (t - last);
      } else {
        if (std::isnan(factor_at_last)) factor_at_last = std::exp(-d.delta_per_day * last);
        const double factor_at_t = std::exp(-d.delta_per_day * t);
        discounted += rate * ((factor_at_last - factor_at_t) / d.delta_per_day);
        factor_at_last = factor_at_t;
        last = t;
        return;
      }
    }
    factor_at_last = std::numeric_limits<double>::quiet_NaN();
    last = t;
  }
  void change(Days t, const Discounting& d, double delta_rate) {
    advance(t, d);
    rate += delta_rate;
  }
  void reset_totals() { total = discounted = 0.0; }
};

}  // namespace pathways
