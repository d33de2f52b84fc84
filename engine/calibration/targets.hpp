// Calibration targets: an observed figure for a metric channel, its uncertainty and how a
// simulated value is scored against it.
#pragma once

#include <string>
#include <vector>

#include "core/outputs.hpp"
#include "scenario/diagnostics.hpp"

namespace pathways::calibration {

/// One observed figure. `likelihood` is normal (sd from `ci` as (hi - lo) / (2 x 1.96), or, for
/// a proportion, from `n` as sqrt(p (1 - p) / n)), binomial (a proportion out of `n`),
/// beta_binomial (a proportion out of `n` with intra-class correlation `overdispersion`) or
/// poisson (a count).
struct Target {
  std::string name;
  std::string metric;           ///< output channel, e.g. "mmt.occupancy"
  std::vector<int> years;       ///< calendar years; the simulated value is their mean
  double value = 0.0;           ///< observed value, in the metric's units (persons, share)
  double lo = 0.0, hi = 0.0;    ///< 95% interval (from `ci`, or implied by `n` or the Poisson count)
  double n = 0.0;               ///< sample size (binomial, beta_binomial, normal from n); 0 if not given
  double overdispersion = 0.0;  ///< beta_binomial intra-class correlation rho in (0, 1)
  std::string likelihood = "normal";
  double weight = 1.0;
  std::string source, definition;
  Origin where;  ///< where the target is written
};

/// The target's simulated value in one replicate: the mean of the metric over its years
/// (NaN if the metric or a year is missing from the table).
double simulated_value(const Target& t, const SeriesTable& table);

/// Discrepancy of a simulated value from the observation, 0 at a perfect fit: 0.5 z^2 for normal;
/// for binomial, beta_binomial and poisson the negative log-likelihood minus its minimum over the
/// simulated value (half the deviance), so every choice is on the same scale as 0.5 z^2.
double discrepancy(const Target& t, double simulated);

/// Weighted sum of discrepancies over targets, for predictions in target order.
double total_distance(const std::vector<Target>& targets, const std::vector<double>& predictions);

}  // namespace pathways::calibration
