// Output files of a run: CSV tables, the manifest, and the atomic output folder they are written to.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "report/economics.hpp"
#include "report/results.hpp"

namespace pathways {

/// A number as written in every output: shortest text that reads back to the same double; NA for
/// NaN or infinity.
std::string format_number(double v);
/// A CSV field of text, quoted when it contains a comma, quote or line break, and defused (quoted, with
/// a leading apostrophe) when a spreadsheet would read it as a formula (= + - @ tab at the start).
std::string csv_field(const std::string& s);

std::string series_csv(const std::vector<ScenarioResults>& results);
std::string summary_csv(const std::vector<SummaryRow>& rows);
std::string retention_csv(const std::vector<ScenarioResults>& results);
std::string comparison_csv(const std::vector<ComparisonRow>& rows);

/// What the manifest records about a run besides the scenarios themselves.
struct RunInfo {
  std::string command;  ///< "run" or "compare"
  std::uint64_t seed = 0;
  int threads = 0;                         ///< per rank
  int ranks = 1;                           ///< MPI ranks (1 without mpirun)
  std::vector<std::size_t> jobs_per_rank;  ///< replicates each rank ran (docs/distributed.md)
  std::vector<double> busy_seconds_per_rank;
  std::size_t jobs_resumed = 0;  ///< replicates taken from an interrupted run (--resume)
  int replicates = 0;
  double wall_seconds = 0.0;
  std::uint64_t events = 0;
  std::uint64_t invariant_checks = 0;
  std::vector<std::string> invariants;  ///< names of the invariant checks that ran
  EconomicsOptions economics;           ///< perspective, horizon and thresholds of the comparison
};

std::string manifest_json(const std::vector<ScenarioResults>& results, const RunInfo& info);

}  // namespace pathways
