// Prior distributions of free calibration parameters: density and draws, truncated to bounds.
#pragma once

#include <string>
#include <vector>

#include "core/rng.hpp"

namespace pathways::calibration {

/// A prior truncated to [lo, hi]. `dist` is uniform (min, max), normal (mean, sd), lognormal
/// (mean, sd of the value itself), beta (mean, sd), gamma (mean, sd) or triangular (min, mode, max),
/// with the same argument conventions as scenario distributions.
struct Prior {
  std::string dist;
  std::vector<double> args;
  double lo = 0.0;  ///< bounds: the prior is zero outside [lo, hi]
  double hi = 0.0;

  /// Unnormalised density at x (0 outside the bounds); the truncation constant is the same for
  /// every particle, so it cancels in importance weights.
  double density(double x) const;
  /// The quantile of the truncated prior at probability u in (0, 1).
  double quantile(double u) const;
  /// One draw from the truncated prior (by inversion of the CDF, so exactly one uniform per draw).
  double draw(Draws& d) const { return quantile(d.uniform()); }
  /// The prior's own support, before truncation (infinite for normal, [0, inf) for gamma...).
  std::pair<double, double> support() const;
  /// Standard deviation of the truncated prior (numerically, for reports and tests).
  double truncated_sd() const;
};

/// The argument names of a distribution ({} if the name is unknown).
std::vector<std::string> prior_argument_names(const std::string& dist);

/// An empty string if the arguments are valid for the distribution, else what was expected.
std::string check_prior_arguments(const std::string& dist, const std::vector<double>& args);

}  // namespace pathways::calibration
