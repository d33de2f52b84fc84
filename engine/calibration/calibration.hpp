// Running a calibration of the model: the distance of a parameter vector to the targets, ABC-SMC or
// the quick method with checkpoints, and the posterior predictive fit.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "calibration/abc_smc.hpp"
#include "calibration/config.hpp"

namespace pathways::calibration {

/// The targets' simulated values at `theta` (mean over replicates_per_particle replicates with seed
/// `sim_seed`, replicates 0..R-1) and their distance to the observations.
struct Evaluation {
  double distance = 0.0;
  std::vector<double> predictions;  ///< in target order
};
Evaluation evaluate(const CalibrationConfig& c, const std::vector<double>& theta, std::uint64_t sim_seed);

/// Command-line settings that override the config's method.
struct CalibrateOptions {
  int particles = 0;    ///< 0: the config's
  int generations = 0;  ///< 0: the config's
  std::uint64_t seed = 0;
  bool seed_given = false;
  int threads = 0;
  std::string checkpoint_dir;  ///< empty: no checkpoints
  bool resume = false;         ///< continue from checkpoint_dir
  bool progress = true;        ///< a line per generation on stderr (when it is a terminal)
};

/// One target's observation against the posterior predictive distribution.
struct FitRow {
  const Target* target = nullptr;
  double mean = 0.0, lo95 = 0.0, hi95 = 0.0;  ///< weighted over posterior draws with fresh seeds
  bool within = false;                        ///< the observed value lies in [lo95, hi95]
};

struct CalibrationOutcome {
  std::vector<std::string> keys;       ///< free parameter keys, in config order
  AbcGeneration posterior;             ///< final particles, weights and distances
  std::vector<AbcGeneration> history;  ///< statistics of every generation (particles only in the last)
  std::vector<FitRow> fit;
  std::string stop_reason;
  std::uint64_t simulations = 0;  ///< including the posterior predictive runs
  AbcOptions settings;            ///< as used (after command-line overrides)
};

/// Runs the configured method. With a checkpoint_dir, every finished ABC generation is saved there
/// (generation_<g>.csv and generations.csv); `resume` continues from the last saved generation and
/// gives the same result as an uninterrupted run. Throws std::runtime_error if the checkpoint does
/// not belong to this configuration.
CalibrationOutcome calibrate(const CalibrationConfig& c, const CalibrateOptions& o);

/// A fingerprint of everything that determines the result except the number of generations.
std::string fingerprint(const CalibrationConfig& c, const AbcOptions& a);

}  // namespace pathways::calibration
