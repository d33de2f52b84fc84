// ABC-SMC (Beaumont et al. 2009 [beaumont2009]; Toni et al. 2009) with an adaptive tolerance schedule,
// deterministic for any thread count, resumable from any finished generation.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "calibration/prior.hpp"

namespace pathways::cluster {
class JobStore;
}

namespace pathways::calibration {

/// Distance between the data and one simulation at parameters `theta`, whose random numbers are
/// keyed by `sim_seed`; must be a pure function of its arguments (called from several threads).
using DistanceFunction = std::function<double(const std::vector<double>& theta, std::uint64_t sim_seed)>;

struct AbcOptions {
  int particles = 200;
  int generations = 6;           ///< total, counting generation 0 (the prior sample, tolerance infinite)
  double quantile = 0.5;         ///< next tolerance: this quantile of the current generation's distances
  double min_acceptance = 0.02;  ///< stop after a generation whose acceptance rate falls below this
  std::uint64_t seed = 1;
  int threads = 0;  ///< 0: all cores
  /// First rank: every finished particle is kept here (batch = generation), so that a killed
  /// generation resumes without rerunning the particles it finished. Null: nothing is kept.
  cluster::JobStore* store = nullptr;
};

/// One finished generation: its particles, their normalised weights and distances.
struct AbcGeneration {
  int index = 0;
  double tolerance = 0.0;   ///< infinite for generation 0
  double acceptance = 1.0;  ///< particles accepted / simulations run
  double ess = 0.0;         ///< effective sample size 1 / sum(w^2)
  std::uint64_t simulations = 0;
  std::vector<std::vector<double>> theta;  ///< [particle][parameter]
  std::vector<double> weight, distance;
};

struct AbcResult {
  std::vector<AbcGeneration> generations;  ///< every finished generation; the last is the posterior
  std::string stop_reason;
};

/// Called after every finished generation (checkpoints, progress); not called for the generations
/// passed in `resume_from`.
using GenerationCallback = std::function<void(const AbcGeneration&)>;

/// Runs ABC-SMC. Generation g >= 1: tolerance = `quantile` of generation g-1's distances; each
/// particle i tries attempts a = 0, 1, ...: with Draws keyed (seed, g, i, a) it picks a particle of
/// g-1 by weight, perturbs it with a normal kernel of covariance 2 x the weighted covariance
/// (Cholesky factor), and, inside the prior bounds, simulates with a seed keyed the same way; it is
/// accepted when distance <= tolerance. Weights: prior(theta) / sum_j w_j K(theta | theta_j).
/// A particle gives up after ceil(10 / min_acceptance) attempts; the generation is then dropped
/// and the run stops (tolerance too small to reach). `resume_from` (finished generations of an
/// earlier run with the same settings) continues exactly where it ended.
AbcResult abc_smc(const std::vector<Prior>& priors, const DistanceFunction& distance,
                  const AbcOptions& options, std::vector<AbcGeneration> resume_from = {},
                  const GenerationCallback& on_generation = {});

/// Weighted mean and standard deviation of parameter k in a generation.
std::pair<double, double> weighted_mean_sd(const AbcGeneration& g, std::size_t k);

/// Weighted quantile of parameter k (p in [0, 1]).
double weighted_quantile(const AbcGeneration& g, std::size_t k, double p);

/// A seed for a simulation, derived from a random key (seed, generation, particle, attempt).
std::uint64_t derived_seed(std::uint64_t seed, std::uint64_t generation, std::uint64_t particle,
                           std::uint64_t attempt);

}  // namespace pathways::calibration
