// Expected life-years remaining under Gompertz background mortality plus a constant extra hazard,
// discounted or not: the value of a survivor's future at the horizon.
#pragma once

#include <cstdint>
#include <map>
#include <tuple>

namespace pathways {

/// Expected (discounted) years remaining at age x for the hazard a exp(b (x + t)) + h, discount rate
/// delta (continuous, per year): the integral over t >= 0 of exp(-(a/b) e^{bx} (e^{bt} - 1) - (h + delta) t).
/// With b = 0 it is 1 / (a + h + delta). Computed by Simpson's rule on quarter years up to where the
/// integrand falls below 1e-12 (at most 150 years), memoised by age to 0.1 year.
class LifeYears {
 public:
  double remaining(double age_years, double a, double b, double h_per_year, double delta_per_year) const;

 private:
  mutable std::map<std::tuple<long, double, double, double, double>, double> memo_;
};

}  // namespace pathways
