// Scenario files: loading, validating and resolving a YAML scenario into run settings and parameter values.
//
// FORMAT
//
//   name: Viet Nam baseline            # required string
//   description: Status quo ...        # optional string
//   country: viet_nam                  # optional identifier: whose figures the pack holds (warns when
//                                      #   it relies on another country's module default)
//   extends: ../common/base.yaml       # optional; path relative to this file
//   run:
//     start_year: 2025                 # integer 1900..2200, default 2025
//     years: 10                        # integer 1..200, default 10
//     scale: 10                        # persons per agent, number >= 1, default 1
//     replicates: 20                   # integer >= 1, default 10
//     inner_replicates: 5              # integer >= 1 dividing replicates, default 1: replicates
//                                      # that share one parameter draw (nested PSA, docs/economics.md)
//     seed: 12345                      # optional integer >= 0
//   modules: [a.b, c.d]                # registered module types; default: standard_modules()
//   parameters:                        # nested maps following each declared key path:
//     mmt:                             #   "mmt.capacity" -> parameters: {mmt: {capacity: ...}}
//       capacity: {2025: 50000, 2030: 100000}         # lever: year-value map, step interpolation
//       dropout_rate_per_year: 0.2                     # number
//       take_home: {interpolation: linear, values: {2025: 0.0, 2030: 0.6}}   # lever, stated interpolation
//       retention: {value: 0.3, source: "[seed-42]"}                  # any value may carry its source
//       relapse_rate: {dist: beta, mean: 0.3, sd: 0.05}                      # uncertain (PSA); optional
//       source:
//   parameters_from: posterior.csv     # optional; a calibrated posterior (pathways calibrate), path
//                                      # relative to this file: replicate r takes one row by weight
//   calibration_fit: fit.csv           # optional; that calibration's fit table, shown in the report
//   sensitivity:                       # optional; one-way sensitivity ranges (pathways sensitivity)
//     health.setting_utility_multiplier[detention]: {low: 0.8, high: 0.95, source: "..."}
//
// RULES
//
// - Which parameters exist is decided only by the ParamSpecs of the scenario's modules. Values are
//   checked against the spec's type, range [min, max] (every knot of a lever, every element of a
//   list), choices, list_size, list_sums_to_one and share_group (members of a group must sum to 1
//   within 1e-6; for levers at every knot year of any member). Integers must be whole; booleans are
//   true or false; numbers written in quotes are strings and rejected.
// - A lever is a number (constant) or a year map; years are integers within
//   [start_year, start_year + years] and become simulation days by Calendar::year_start. The
//   horizon checked is the one the files declare (widened to the final one): a `--set run.years=1`
//   smoke run leaves later knots valid, and they are simply never reached.
// - extends: deep merge, base first: maps merge key by key, lists and scalars replace. One
//   exception: a map that is one parameter's value (year keys, `value:`, `dist:` or
//   `interpolation:`) replaces the base's value as a whole, because a lever schedule made of
//   knots from two files is never what the author meant.
// - Distributions: `dist` is beta, gamma, lognormal, normal (each with mean, sd), uniform (min,
//   max) or triangular (min, mode, max); only for Number parameters and constant levers, not for
//   share-group members (a draw would break the sum). Lognormal's mean and sd are those of the
//   value itself, not of its logarithm. The distribution's support must lie within the spec's
//   [min, max]: bounded distributions (beta on [0, 1], uniform, triangular) with their exact
//   support; unbounded ones with the range holding all but 2e-9 of the probability: mean ± 6 sd for
//   the normal, the quantiles at Phi(-6) and 1 - Phi(-6) for gamma and lognormal. Draws are clamped
//   to [min, max], which therefore changes a draw with probability below 2e-9. The scenario's
//   resolved value of an uncertain parameter is its mean (uniform: midpoint; triangular: mode).
// - Errors: everything is validated before anything runs and all problems are reported together
//   in one ScenarioError, one line each: `FILE:LINE:COLUMN: key.path: expected X, found Y`
//   (`--set: key.path: ...` for command-line overrides).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/module.hpp"
#include "core/params.hpp"
#include "core/simulation.hpp"
#include "scenario/diagnostics.hpp"
#include "scenario/posterior.hpp"

namespace pathways {

/// A parameter given as a distribution for probabilistic sensitivity analysis.
struct UncertainParam {
  std::string key;           ///< declared key, e.g. "mmt.relapse_rate"
  std::string dist;          ///< beta, gamma, lognormal, normal, uniform or triangular
  std::vector<double> args;  ///< (mean, sd); uniform: (min, max); triangular: (min, mode, max)
  std::string source;
};

/// A range for the one-way sensitivity analysis, declared under `sensitivity:` (KEY may be
/// LIST[i] or MAP[name]; see scenario/varied_keys.hpp).
struct DeclaredRange {
  std::string key;
  double low = 0.0, high = 0.0;
  std::string source;
};

/// A validated, fully resolved scenario.
struct Scenario {
  std::string name, description, path;  ///< path as given by the user
  std::string country;                  ///< `country:` (a pack's country, e.g. viet_nam); "" if none
  RunConfig run;  ///< start_year, years, scale, modules filled; seed and replicate left to the caller
  int replicates = 10;
  /// Replicates run per parameter draw: replicate r uses draw r / inner_replicates. With more than
  /// one, parameter uncertainty can be told apart from stochastic noise (report/results.hpp).
  int inner_replicates = 1;
  /// Whether replicates differ in their parameters (distributions or a posterior), not only by chance.
  bool has_parameter_uncertainty() const { return !uncertain.empty() || posterior.has_value(); }
  std::optional<std::uint64_t> seed;
  /// Defaults of every spec of the scenario's modules plus the scenario's values (uncertain ones
  /// at their mean, uniform at its midpoint, triangular at its mode).
  ParamValues params;
  std::vector<UncertainParam> uncertain;
  std::optional<PosteriorTable>
      posterior;  ///< from `parameters_from:`, applied per replicate by draw_parameters
  /// From `sensitivity:`: the ranges a one-way sensitivity analysis varies, besides distributions.
  std::vector<DeclaredRange> sensitivity_ranges;
  /// From `calibration_fit:`: how the calibration behind `posterior` matched its targets (report only).
  std::vector<CalibrationFitRow> calibration_fit;
  std::string resolved_yaml;  ///< the fully merged document (extends and --set applied), for manifests
  std::map<std::string, std::string> sources;  ///< declared key -> source text given in the scenario
  std::set<std::string> written_params;        ///< declared keys some file (or --set) gives a value
  std::vector<std::string> files_read;  ///< every file read besides `path` (bases, posterior), as named
  /// Every entity of the run: those its modules declare (settings they run), then those the
  /// scenario declares under `settings:` (also in run.declarations, which the simulation receives).
  std::vector<Declaration> declarations;
};

/// Loads and validates a scenario file; `overrides` are "key.path=VALUE" strings (VALUE is YAML,
/// e.g. "parameters.mmt.capacity={2025: 1, 2030: 0}" or "run.years=5"), applied after extends.
/// Throws ScenarioError listing every problem found.
Scenario load_scenario(const std::string& path, const std::vector<std::string>& overrides = {});

/// The parameter draw replicate `replicate` uses: replicate / inner_replicates.
std::uint64_t draw_of(const Scenario& s, std::uint64_t replicate);

/// The scenario's values with every uncertain parameter replaced by its value in draw `draw`.
/// The stream key is the parameter key alone (not the scenario), so two scenarios of a comparison
/// draw the same values for the same parameter, seed and replicate (common random numbers);
/// draws do not depend on thread count or on the order in which replicates run. With a posterior
/// (`parameters_from:`), one row is then picked by weight with a draw keyed by (seed, replicate)
/// only, and its keys override the values (also common to every scenario of a comparison).
ParamValues draw_parameters(const Scenario& s, std::uint64_t seed, std::uint64_t draw);

/// Every registered module type except those starting with "example." or "test.".
std::vector<std::string> standard_modules();

/// The generated scenario reference (docs/scenario-reference.md): for every registered module
/// (except "test." fixtures) a table key | type | unit | default | range | source | help.
std::string reference_markdown();

/// The reference section of one module, in Markdown.
std::string module_reference_markdown(const ModuleInfo& m);

/// The parameters of one module as plain text, for `pathways describe`.
std::string module_reference_text(const ModuleInfo& m);

}  // namespace pathways
