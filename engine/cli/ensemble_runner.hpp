// Runs every (scenario, replicate) pair of a run or comparison in parallel, with common random numbers.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "cluster/cluster.hpp"
#include "report/results.hpp"

namespace pathways::cli {

struct EnsembleOptions {
  std::uint64_t seed = 0;
  int replicates = 0;
  int threads = 0;
  bool progress = true;
  /// Called (from the worker thread) after each replicate with the number done and the total:
  /// how an embedding program (the Python module) shows progress. Must not throw.
  std::function<void(std::size_t done, std::size_t total)> on_job_done;
  /// First rank: finished replicates are kept here as they complete, and those already kept (an
  /// interrupted run resumed) are not run again. Null: nothing is kept.
  cluster::JobStore* store = nullptr;
  /// First rank: jobs and busy time of each rank, added up over every batch of the run.
  cluster::BatchStats* load = nullptr;
};

/// Runs `replicates` replicates of each scenario. Replicate r of every scenario uses seed `seed`
/// and replicate index r, and the same parameter draws, so scenarios are compared with common
/// random numbers. The jobs are spread over every rank of a distributed run (cluster.hpp) and
/// every thread; results are in scenario then replicate order whatever the ranks and threads.
std::vector<ScenarioResults> run_ensemble(const std::vector<Scenario>& scenarios,
                                          const EnsembleOptions& opts);

}  // namespace pathways::cli
