// One definition of what a run produces: the ensemble, its summaries and every output file's text.
// The command line writes the files into its output folder; the Python module returns the same text
// as tables, so both give the same bytes for the same inputs and seed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cli/ensemble_runner.hpp"
#include "cli/sensitivity_runner.hpp"
#include "report/economics.hpp"
#include "report/results.hpp"
#include "report/writers.hpp"

namespace pathways::cli {

struct RunOutputs {
  std::vector<ScenarioResults> results;
  std::vector<SummaryRow> summary;
  std::vector<ComparisonRow> comparison;  ///< empty for a single scenario
  RunInfo info;
  /// Every output file in writing order (series.csv, summary.csv, retention.csv, comparison.csv,
  /// economics.csv, value_of_information.csv, sensitivity.csv, report.html, manifest.json), as text.
  std::vector<std::pair<std::string, std::string>> files;

  /// The text of one file; throws std::out_of_range when the run did not produce it.
  const std::string& file(const std::string& name) const;
};

/// The seed when neither the command nor the baseline gives one.
inline constexpr std::uint64_t kDefaultSeed = 20261122;

/// Throws UserError unless the scenarios can be compared with the first: different names, the
/// same start year, years, scale and inner replicates (a comparison pairs replicates year by year).
void check_comparable(const std::vector<Scenario>& scenarios);

/// The ensemble of a run: `seed` if given, else the baseline's run.seed, else kDefaultSeed;
/// `replicates` if above 0, else the baseline's (a multiple of its inner replicates, else UserError).
EnsembleOptions ensemble_options(const Scenario& base, int replicates, std::optional<std::uint64_t> seed,
                                 int threads, bool progress);

/// Runs `scenarios` (compared with the first when more than one) and, when `varied` is not empty,
/// the one-way sensitivity analysis of `loaded` (the scenarios as written) over them; then builds
/// every output. `command` ("run", "compare" or "sensitivity") and `threads_requested` go to the
/// manifest.
RunOutputs run_and_report(const std::vector<Scenario>& loaded, const std::vector<Scenario>& scenarios,
                          const EnsembleOptions& e, const EconomicsOptions& econ,
                          const std::vector<SensitivityParameter>& varied, const std::string& command,
                          int threads_requested);

}  // namespace pathways::cli
