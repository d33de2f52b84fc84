// Runs a one-way sensitivity analysis: the base case (every parameter at its central value) and,
// for each varied parameter, every scenario with it low and then high, in one parallel batch.
#pragma once

#include <string>
#include <vector>

#include "cli/ensemble_runner.hpp"
#include "report/sensitivity.hpp"

namespace pathways::cli {

/// The parameters to vary: every uncertain parameter of the scenarios (the first scenario that
/// gives one a distribution supplies its range: the 2.5th and 97.5th percentiles), then the
/// ranges the scenarios declare under `sensitivity:`, then each
/// `KEY=LOW:HIGH` of `explicit_ranges` (which replaces a distribution's range for that key); KEY
/// may be LIST[i] or MAP[name] (a setting or a class, e.g. health.setting_utility_multiplier[detention]).
/// Throws UserError naming the option and what was expected for a malformed or unknown key.
std::vector<SensitivityParameter> sensitivity_parameters(const std::vector<Scenario>& scenarios,
                                                         const std::vector<std::string>& explicit_ranges);

/// The scenarios with every distribution removed (parameters at their central values; a
/// calibrated posterior is kept, so calibrated parameters still vary by replicate).
std::vector<Scenario> base_case(std::vector<Scenario> scenarios);

/// Runs the base case (unless `base` is given) and the low and high runs of each parameter with
/// common random numbers, then summarises them. `base`, when not empty, must be the results of
/// base_case(scenarios) with the same options.
Sensitivity run_sensitivity(const std::vector<Scenario>& scenarios,
                            const std::vector<SensitivityParameter>& params, const EnsembleOptions& opts,
                            const EconomicsOptions& econ, const std::vector<ScenarioResults>& base = {});

}  // namespace pathways::cli
