// The quick method: Latin hypercube screening of the prior, then Nelder-Mead from the best point.
#pragma once

#include <cstdint>
#include <vector>

#include "calibration/abc_smc.hpp"
#include "calibration/prior.hpp"

namespace pathways::calibration {

struct QuickOptions {
  int points = 0;         ///< Latin hypercube points (0: 10 per parameter)
  int evaluations = 150;  ///< Nelder-Mead evaluation budget after the screening
  std::uint64_t seed = 1;
  int threads = 0;
};

struct QuickResult {
  std::vector<double> best;
  double best_distance = 0.0;
  std::uint64_t simulations = 0;
  std::vector<std::vector<double>> screened;  ///< the hypercube points, in draw order
  std::vector<double> screened_distance;
};

/// Deterministic: the hypercube is drawn with Draws keyed by `seed`, points are mapped through the
/// truncated priors' quantiles (so the screening follows the prior), and every evaluation uses the
/// same simulation seed (common random numbers make the objective smooth enough for the simplex).
/// Nelder-Mead works on the prior's probability scale u in [0, 1]^d, clamped to the bounds.
QuickResult lhs_nelder_mead(const std::vector<Prior>& priors, const DistanceFunction& distance,
                            const QuickOptions& options);

}  // namespace pathways::calibration
