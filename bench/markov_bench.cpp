// Whole-engine benchmarks: the example Markov model through Simulation, alone and as a threaded ensemble.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdint>

#include "core/ensemble.hpp"
#include "core/module.hpp"
#include "core/simulation.hpp"
#include "process_time.hpp"

namespace pathways {
namespace {

constexpr const char* kType = "example.markov_chain";
constexpr int kYears = 10;

ParamValues markov_params(std::int64_t agents) {
  ParamValues params = ParamValues::defaults(find_module(kType)->params);
  params.set_number("example.markov_chain.agents", static_cast<double>(agents));
  return params;
}

RunConfig markov_config(std::uint64_t replicate) {
  RunConfig config;
  config.seed = 20261122;
  config.replicate = replicate;
  config.start_year = 2025;
  config.years = kYears;
  config.modules = {kType};
  return config;
}

// One replicate of n agents over 10 years, set-up (agent creation, first events) included.
void BM_markov_simulation(benchmark::State& state) {
  const std::int64_t n = state.range(0);
  const ParamValues params = markov_params(n);
  std::uint64_t events = 0;
  std::size_t bytes = 0;
  for (auto _ : state) {
    Simulation sim(markov_config(0), params);
    const SeriesTable table = sim.run();
    events += table.events;
    bytes = sim.pop.bytes_per_agent() + sim.sched.bytes_per_agent() + sim.rng.bytes_per_agent();
  }
  const double runs = static_cast<double>(state.iterations());
  state.counters["events_per_second"] =
      benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
  state.counters["agent_years_per_second"] =
      benchmark::Counter(runs * static_cast<double>(n) * kYears, benchmark::Counter::kIsRate);
  state.counters["bytes_per_agent"] = static_cast<double>(bytes);
}
BENCHMARK(BM_markov_simulation)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_markov_simulation)->Arg(100000)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_markov_simulation)->Arg(1000000)->Unit(benchmark::kMillisecond)->Iterations(1);

using bench::process_cpu_seconds;

// Four replicates of 10^5 agents on 1 or 2 threads (run_jobs, as `pathways example` does). Rates
// are per wall-clock second, so 2 threads should approach twice the 1-thread rate on 2 idle cores.
// On a shared machine they may not: `cores_used` (process CPU time / wall time) tells whether the
// second thread got a core at all, and the CPU column is the whole process's CPU time.
void BM_markov_ensemble(benchmark::State& state) {
  const int threads = static_cast<int>(state.range(0));
  const std::int64_t n = 100000;
  const std::size_t replicates = 4;
  const ParamValues params = markov_params(n);
  std::uint64_t events = 0;
  const double cpu0 = process_cpu_seconds();
  const auto wall0 = std::chrono::steady_clock::now();
  for (auto _ : state) {
    const auto tables = run_jobs<SeriesTable>(replicates, threads, [&](std::size_t r) {
      Simulation sim(markov_config(r), params);
      return sim.run();
    });
    for (const auto& t : tables) events += t.events;
  }
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
  state.counters["cores_used"] = (process_cpu_seconds() - cpu0) / wall;
  const double runs = static_cast<double>(state.iterations());
  state.counters["events_per_second"] =
      benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
  state.counters["agent_years_per_second"] = benchmark::Counter(
      runs * static_cast<double>(replicates) * static_cast<double>(n) * kYears, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_markov_ensemble)
    ->Arg(1)
    ->Arg(2)
    ->ArgName("threads")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MeasureProcessCPUTime()
    ->Iterations(2);

}  // namespace
}  // namespace pathways
