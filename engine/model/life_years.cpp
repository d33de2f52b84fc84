// Remaining life-years by numerical integration of the survival curve.
#include "model/life_years.hpp"

#include <cmath>

namespace pathways {

double LifeYears::remaining(double age_years, double a, double b, double h, double delta) const {
  const long age_tenths = std::lround(std::fmax(0.0, age_years) * 10.0);
  const auto key = std::make_tuple(age_tenths, a, b, h, delta);
  if (const auto it = memo_.find(key); it != memo_.end()) return it->second;
  const double x = static_cast<double>(age_tenths) / 10.0;
  const double k = h + delta;
  double value = 0.0;
  if (b <= 1e-12) {
    value = (a + k) > 0.0 ? 1.0 / (a + k) : 150.0;
  } else {
    const double c = (a / b) * std::exp(b * x);
    const auto f = [&](double t) { return std::exp(-c * std::expm1(b * t) - k * t); };
    const double step = 0.25;
    double sum = f(0.0), t = 0.0;
    // Simpson over pairs of steps until the integrand is negligible.
    while (t < 150.0) {
      const double mid = f(t + step), end = f(t + 2 * step);
      value += step / 3.0 * (sum + 4.0 * mid + end);
      t += 2 * step;
      sum = end;
      if (end < 1e-12) break;
    }
  }
  memo_.emplace(key, value);
  return value;
}

}  // namespace pathways
