// Distributed runs (docs/distributed.md): the same replicate ensemble on 1 or 2 MPI ranks, and the
// runner's own costs per job and per byte of result, from which the doc projects to 100 nodes.
// Run by scripts/bench-distributed under `mpirun -n 1` and `mpirun -n 2`; every rank runs every
// benchmark (the jobs are collective) and only the first reports.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "cluster/cluster.hpp"
#include "cluster/job_store.hpp"
#include "cluster/jobs.hpp"
#include "core/simulation.hpp"
#include "model_params.hpp"
#include "scenario/scenario.hpp"

namespace pathways {
namespace {

using bench::model_params;

// Sixteen replicates of 15,000 agents over 10 years, one thread per rank: the replicate ensemble of
// `pathways run` spread over the ranks. Rates are per wall-clock second of the whole ensemble.
void BM_rank_ensemble(benchmark::State& state) {
  const std::vector<std::string> modules = standard_modules();
  const ParamValues params = model_params(modules, 15000);
  std::uint64_t events = 0;
  cluster::BatchStats total;
  double wall = 0.0;
  for (auto _ : state) {
    cluster::BatchStats stats;
    cluster::JobHooks hooks;
    hooks.stats = &stats;
    const auto t0 = std::chrono::steady_clock::now();
    const auto tables = cluster::run_everywhere<SeriesTable>(
        16, 1,
        [&](std::size_t r) {
          RunConfig c;
          c.seed = 20261122;
          c.replicate = r;
          c.start_year = 2025;
          c.years = 10;
          c.modules = modules;
          Simulation sim(c, params);
          return sim.run();
        },
        hooks);
    wall += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    cluster::add_load(total, stats);
    for (const auto& t : tables) events += t.events;
  }
  // Where the time went: the share of ranks x wall time spent in jobs (1 is perfect), and the
  // busiest rank's time over the mean (1 is a perfect balance; the rest is the last job's tail).
  if (cluster::is_first()) {
    double sum = 0.0, top = 0.0;
    for (double b : total.busy_seconds) sum += b, top = std::max(top, b);
    state.counters["busy_share"] = sum / (wall * cluster::ranks());
    state.counters["busiest_over_mean"] = top / (sum / cluster::ranks());
    state.counters["seconds_per_replicate"] = sum / (16.0 * static_cast<double>(state.iterations()));
  }
  state.counters["ranks"] = cluster::ranks();
  state.counters["events_per_second"] =
      benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
  state.counters["replicates_per_second"] =
      benchmark::Counter(16.0 * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

// The runner's cost per job: 4,000 jobs of 100 microseconds of arithmetic each, one thread per rank,
// so that the time beyond 4,000 x 100 us / ranks is the dealing out (a request and a reply per job
// over MPI, a thread hand-over on the first rank), the final broadcast and, with a store (argument
// 1), writing each finished job to disk (local disk here; flushed with fsync).
void BM_job_overhead(benchmark::State& state) {
  constexpr std::size_t kJobs = 4000;
  constexpr double kWork = 100e-6;
  const bool keep = state.range(0) != 0;
  const auto dir = std::filesystem::temp_directory_path() / "pathways-bench-jobs";
  double wall = 0.0;
  cluster::BatchStats total;
  for (auto _ : state) {
    std::unique_ptr<cluster::JobStore> store;
    if (keep && cluster::is_first()) store = std::make_unique<cluster::JobStore>(dir, "bench", false);
    cluster::BatchStats stats;
    cluster::JobHooks hooks;
    hooks.store = store.get();
    hooks.stats = &stats;
    const auto t0 = std::chrono::steady_clock::now();
    const auto out = cluster::run_everywhere<double>(
        kJobs, 1,
        [&](std::size_t i) {
          const auto start = std::chrono::steady_clock::now();
          double x = static_cast<double>(i);
          while (std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() < kWork)
            x = x * 1.0000001 + 1.0;
          return x;
        },
        hooks);
    wall += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    benchmark::DoNotOptimize(out.data());
    if (store) store->remove();
    cluster::add_load(total, stats);
  }
  const double per_rank = static_cast<double>(kJobs) / cluster::ranks();
  const double ideal = per_rank * kWork * static_cast<double>(state.iterations());
  state.counters["ranks"] = cluster::ranks();
  // The coordinator's serial time per request answered (receive, decode, keep, reply): one coordinator
  // can feed at most 1 / this many requests a second.
  state.counters["coordinator_us_per_request"] =
      total.requests > 0 ? total.coordinator_seconds / static_cast<double>(total.requests) * 1e6 : 0.0;
  state.counters["overhead_us_per_job"] =
      (wall - ideal) / (per_rank * static_cast<double>(state.iterations())) * 1e6;
}

// The cost per byte of results: 64 jobs each returning `bytes` bytes (a Viet Nam replicate's table
// is about 0.1 MB), sent to the first rank and broadcast back to every rank.
void BM_result_bytes(benchmark::State& state) {
  const auto bytes = static_cast<std::size_t>(state.range(0));
  constexpr std::size_t kJobs = 64;
  for (auto _ : state) {
    const auto out = cluster::run_everywhere<std::vector<double>>(
        kJobs, 1, [&](std::size_t i) { return std::vector<double>(bytes / 8, static_cast<double>(i)); });
    benchmark::DoNotOptimize(out.data());
  }
  state.counters["ranks"] = cluster::ranks();
  state.SetBytesProcessed(static_cast<std::int64_t>(kJobs * bytes) * state.iterations());
}

BENCHMARK(BM_rank_ensemble)->Iterations(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_job_overhead)
    ->Arg(0)
    ->Arg(1)
    ->ArgName("store")
    ->Iterations(3)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_result_bytes)
    ->Arg(100000)
    ->Arg(1000000)
    ->Iterations(5)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// Prints nothing: the report of every rank but the first.
class Silent : public benchmark::BenchmarkReporter {
 public:
  bool ReportContext(const Context&) override { return true; }
  void ReportRuns(const std::vector<Run>&) override {}
};

}  // namespace
}  // namespace pathways

int main(int argc, char** argv) {
  pathways::cluster::Session mpi(argc, argv);
  // Only the first rank writes the results file.
  std::vector<char*> args(argv, argv + argc);
  if (!pathways::cluster::is_first()) {
    args.erase(std::remove_if(args.begin() + 1, args.end(),
                              [](const char* a) { return std::strncmp(a, "--benchmark_out", 15) == 0; }),
               args.end());
  }
  int n = static_cast<int>(args.size());
  benchmark::Initialize(&n, args.data());
  if (pathways::cluster::is_first()) {
    benchmark::RunSpecifiedBenchmarks();
  } else {
    pathways::Silent silent;
    benchmark::RunSpecifiedBenchmarks(&silent);
  }
  benchmark::Shutdown();
  return 0;
}
