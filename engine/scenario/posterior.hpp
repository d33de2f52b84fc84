// A calibrated posterior as a scenario's parameter source: reading posterior.csv, picking a row per
// replicate, and setting scalar parameters (numbers, constant levers, list elements) by key.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/params.hpp"
#include "scenario/diagnostics.hpp"

namespace pathways {

/// Weighted parameter rows (one per posterior particle), keyed by declared parameter keys.
struct PosteriorTable {
  std::string path;               ///< as resolved (relative to the scenario file that names it)
  std::vector<std::string> keys;  ///< e.g. "mmt.seeking_rate_per_year", "mmt.dropout_rate_per_year[0]"
  std::vector<std::vector<double>> rows;
  std::vector<double> weights;  ///< non-negative, sum > 0
};

/// The spec of a scalar key: a Number or Lever key, or "list.key[i]" for element i of a List.
/// Returns nullptr and sets `why` (what was expected) when the key is not settable as one number.
const ParamSpec* scalar_spec(const std::vector<ParamSpec>& specs, const std::string& key, std::string& why);

/// Sets a scalar key: numbers, levers (as a constant), or one element of a list.
void set_scalar(ParamValues& values, const std::string& key, double v);

/// Reads a posterior CSV (header: parameter keys, then `weight`, optionally `distance` and other
/// columns after it). Unknown keys, bad or out-of-range numbers and missing weights are reported
/// with the CSV's file and line (the `cited_at` origin for a missing file).
PosteriorTable read_posterior_csv(const std::string& path, const std::vector<ParamSpec>& specs,
                                  const Origin& cited_at, std::vector<Diagnostic>& diags);

/// The row used by replicate `replicate`: drawn by weight with a key of (seed, replicate) only, so
/// every scenario of a comparison uses the same row (common random numbers).
std::size_t pick_posterior_row(const PosteriorTable& t, std::uint64_t seed, std::uint64_t replicate);

/// One row of a calibration's fit table (fit.csv of `pathways calibrate`): a target, what was
/// observed and what the calibrated model predicts for it.
struct CalibrationFitRow {
  std::string target, metric;
  double observed = 0.0, predicted_mean = 0.0, predicted_lo95 = 0.0, predicted_hi95 = 0.0;
  bool within = false;  ///< the observed value lies within the predicted 95% range
};

/// Reads a fit.csv written by `pathways calibrate` (columns by name: target, metric, observed,
/// predicted_mean, predicted_lo95, predicted_hi95, observed_within_predicted_95); problems go to
/// `diags` with the CSV's file and line (the `cited_at` origin for a missing file).
std::vector<CalibrationFitRow> read_calibration_fit_csv(const std::string& path, const Origin& cited_at,
                                                        std::vector<Diagnostic>& diags);

/// Sets the row's values into `values`.
void apply_posterior_row(const PosteriorTable& t, std::size_t row, ParamValues& values);

}  // namespace pathways
