// Calibration outputs: posterior.csv, generations.csv, fit.csv, the checkpoint files, report.html
// and manifest.json.
#pragma once

#include <string>
#include <vector>

#include "calibration/calibration.hpp"

namespace pathways::calibration {

/// One row per particle: parameter columns by key, weight, distance (numbers round-trip exactly).
std::string posterior_csv(const std::vector<std::string>& keys, const AbcGeneration& g);
/// generation, tolerance, acceptance, ess, simulations.
std::string generations_csv(const std::vector<AbcGeneration>& history);
/// Each target: observed value and interval against the posterior predictive mean and 95% interval.
std::string fit_csv(const std::vector<FitRow>& fit);
std::string calibration_report_html(const CalibrationConfig& c, const CalibrationOutcome& r);
std::string calibration_manifest_json(const CalibrationConfig& c, const CalibrationOutcome& r, int threads,
                                      double wall_seconds);

/// Reads a posterior.csv (or a checkpoint generation file) back: particles, weights, distances.
AbcGeneration read_particles_csv(const std::string& path, std::size_t dim);
/// Reads generations.csv back (statistics only).
std::vector<AbcGeneration> read_generations_csv(const std::string& path);

}  // namespace pathways::calibration
