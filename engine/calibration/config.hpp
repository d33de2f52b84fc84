// Calibration configuration files: the base scenario, targets, free parameters with priors, run
// overrides and the method, validated with file:line:column diagnostics.
//
// FORMAT (calibration/<country>.yaml; paths relative to this file)
//
//   name: Viet Nam baseline
//   base: ../scenarios/viet_nam/baseline.yaml
//   targets: targets/viet_nam.yaml
//   run: {start_year: 2008, years: 12, scale: 50, replicates_per_particle: 1}   # optional
//   set: {parameters.population.size: 4000}        # optional overrides of the base (YAML values)
//   free:
//     - key: parameters.mmt.seeking_rate_per_year   # Number, Lever (set constant) or list[i]
//       prior: {dist: uniform, min: 0.01, max: 1}   # uniform|normal|lognormal|beta|gamma|triangular
//       bounds: [0.01, 1]                           # optional; default: the prior's support within the
//       spec's range
//   method: {name: abc_smc, particles: 200, generations: 6, min_acceptance: 0.02, quantile: 0.5, seed: 1}
//           # or {name: lhs_nelder_mead, points: 40, evaluations: 120, seed: 1}
//
// TARGETS FILE
//
//   targets:
//     - name: mmt_clients_2019
//       metric: mmt.occupancy              # an output channel of the model
//       year: 2019                         # or years: [2009, 2013] (mean over those years)
//       value: 52200
//       ci: [47000, 57400]                 # or n: 1055 (proportions)
//       likelihood: normal                 # normal | binomial | beta_binomial | poisson
//       overdispersion: 0.05               # beta_binomial only
//       weight: 1
//       source: "[seed-176] ..."
//       definition: "people on methadone in September 2019"
#pragma once

#include <string>
#include <vector>

#include "calibration/abc_smc.hpp"
#include "calibration/prior.hpp"
#include "calibration/targets.hpp"
#include "scenario/scenario.hpp"

namespace pathways::calibration {

struct FreeParameter {
  std::string key;  ///< declared key, e.g. "mmt.seeking_rate_per_year" or "mmt.dropout_rate_per_year[0]"
  Prior prior;
  Origin where;
};

struct MethodSettings {
  std::string name = "abc_smc";  ///< abc_smc or lhs_nelder_mead
  AbcOptions abc;                ///< particles, generations, quantile, min_acceptance, seed
  int points = 0;                ///< lhs_nelder_mead: Latin hypercube points (0: 10 per free parameter)
  int evaluations = 150;         ///< lhs_nelder_mead: Nelder-Mead evaluation budget
};

struct CalibrationConfig {
  std::string path, name;
  Scenario base;  ///< with run and set overrides applied
  std::vector<Target> targets;
  std::vector<FreeParameter> free;
  int replicates_per_particle = 1;
  MethodSettings method;
  std::string fingerprint_text;  ///< everything that determines the result, for checkpoint checks
};

/// Loads and validates a calibration file, its targets and its base scenario. Throws ScenarioError
/// with every problem (unknown metric, target year outside the horizon, reversed bounds, unknown
/// or unusable free parameter, bad prior...).
CalibrationConfig load_calibration(const std::string& path);

/// The metric channels the scenario's modules record (by initialising one simulation).
std::vector<std::string> metric_names(const Scenario& s);

}  // namespace pathways::calibration
