// Evaluation, integration and inversion of piecewise-constant and piecewise-linear levers.
#include "core/lever.hpp"

#include <algorithm>
#include <cmath>

namespace pathways {

namespace {

// Segment i covers [days[i], days[i+1]) (i = -1: before the first knot; i = n-1: after the last).
struct Segment {
  Days start, end;
  double value_at_start, slope;
};

Segment segment_at(const Lever& l, std::ptrdiff_t i) {
  const auto n = static_cast<std::ptrdiff_t>(l.days.size());
  if (i < 0) return {-kNever, l.days.front(), l.values.front(), 0.0};
  if (i >= n - 1) return {l.days.back(), kNever, l.values.back(), 0.0};
  const double v0 = l.values[static_cast<std::size_t>(i)];
  if (l.interpolation == Interpolation::Step) {
    return {l.days[static_cast<std::size_t>(i)], l.days[static_cast<std::size_t>(i + 1)], v0, 0.0};
  }
  const double v1 = l.values[static_cast<std::size_t>(i + 1)];
  const Days a = l.days[static_cast<std::size_t>(i)], b = l.days[static_cast<std::size_t>(i + 1)];
  return {a, b, v0, (v1 - v0) / (b - a)};
}

std::ptrdiff_t segment_index(const Lever& l, Days t) {
  // Index of the last knot <= t, or -1.
  const auto it = std::upper_bound(l.days.begin(), l.days.end(), t);
  return static_cast<std::ptrdiff_t>(it - l.days.begin()) - 1;
}

double value_in(const Segment& s, Days t) {
  return s.slope == 0.0 ? s.value_at_start : s.value_at_start + s.slope * (t - s.start);
}

double area_in(const Segment& s, Days a, Days b) {
  return 0.5 * (value_in(s, a) + value_in(s, b)) * (b - a);
}

}  // namespace

bool Lever::is_constant() const {
  return std::all_of(values.begin(), values.end(), [&](double v) { return v == values.front(); });
}

double Lever::at(Days t) const {
  return value_in(segment_at(*this, segment_index(*this, t)), t);
}

double Lever::integral(Days a, Days b) const {
  double total = 0.0;
  for (std::ptrdiff_t i = segment_index(*this, a);; ++i) {
    const Segment s = segment_at(*this, i);
    const Days lo = std::max(a, s.start), hi = std::min(b, s.end);
    if (hi > lo) total += area_in(s, lo, hi);
    if (s.end >= b) break;
  }
  return total;
}

double Lever::discounted_integral(Days a, Days b, double delta_per_day) const {
  if (delta_per_day == 0.0) return integral(a, b);
  const double d = delta_per_day;
  double total = 0.0;
  for (std::ptrdiff_t i = segment_index(*this, a);; ++i) {
    const Segment s = segment_at(*this, i);
    const Days lo = std::max(a, s.start), hi = std::min(b, s.end);
    if (hi > lo) {
      // int_lo^hi (v + k (t - lo)) e^{-d t} dt, with v the value at lo and k the slope (closed form).
      const double v = value_in(s, lo), k = s.slope;
      const double elo = std::exp(-d * lo), ehi = std::exp(-d * hi);
      total += v * (elo - ehi) / d + k * ((elo - ehi) / (d * d) - (hi - lo) * ehi / d);
    }
    if (s.end >= b) break;
  }
  return total;
}

Days Lever::invert(Days t0, double area) const {
  if (area <= 0.0) return t0;
  double remaining = area;
  for (std::ptrdiff_t i = segment_index(*this, t0);; ++i) {
    const Segment s = segment_at(*this, i);
    const Days lo = std::max(t0, s.start);
    const double f_lo = value_in(s, lo);
    if (s.end == kNever) {
      return f_lo > 0.0 ? lo + remaining / f_lo : kNever;
    }
    const double seg_area = area_in(s, lo, s.end);
    if (seg_area >= remaining) {
      if (s.slope == 0.0) return lo + remaining / f_lo;
      // Solve slope/2 d^2 + f_lo d = remaining in the numerically stable form.
      const double disc = std::max(0.0, f_lo * f_lo + 2.0 * s.slope * remaining);
      const double d = 2.0 * remaining / (f_lo + std::sqrt(disc));
      return std::min(lo + d, s.end);
    }
    remaining -= seg_area;
  }
}

double Lever::min_value() const {
  return *std::min_element(values.begin(), values.end());
}
double Lever::max_value() const {
  return *std::max_element(values.begin(), values.end());
}

double Lever::before(Days t) const {
  if (interpolation == Interpolation::Linear) return at(t);
  for (std::size_t i = days.size(); i-- > 0;) {
    if (days[i] < t) return values[i];
  }
  return values.front();
}

Days Lever::first_time_at_least(Days t0, double level) const {
  if (at(t0) >= level) return t0;
  for (std::size_t i = 0; i < days.size(); ++i) {
    if (days[i] <= t0) continue;
    if (interpolation == Interpolation::Linear && i > 0) {
      const double v0 = values[i - 1], v1 = values[i];
      if (v1 >= level && v1 > v0) {
        const Days t = days[i - 1] + (level - v0) / (v1 - v0) * (days[i] - days[i - 1]);
        return std::max(t, t0);
      }
    } else if (values[i] >= level) {
      return days[i];
    }
  }
  return std::numeric_limits<Days>::infinity();
}

}  // namespace pathways
