// Full policy-model benchmark: every standard module (HIV included) on a Viet Nam-like population.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdint>

#include "core/ensemble.hpp"
#include "core/event.hpp"
#include "core/simulation.hpp"
#include "model_params.hpp"
#include "process_time.hpp"
#include "scenario/scenario.hpp"

namespace pathways {
namespace {

constexpr int kYears = 10;

using bench::model_params;

// One replicate of n agents over 10 years, set-up included. Counters: events and agent-years per
// second of CPU, queue pushes per event, and memory per agent: the population columns, the
// scheduler's row of version slots and clock rates and the per-(agent, stream) draw counters
// (`bytes_per_agent`), and the event queue (`queue_bytes_per_agent`: the pool chunks ever used,
// that is its peak, plus bucket heads and the loaded bucket).
void run_model(benchmark::State& state, const std::vector<std::string>& modules) {
  const std::int64_t n = state.range(0);
  const ParamValues params = model_params(modules, n);
  std::uint64_t events = 0;
  double agent_years = 0.0, bytes = 0.0, queue_bytes = 0.0;
  std::uint64_t schedules = 0;
  for (auto _ : state) {
    RunConfig c;
    c.seed = 20261122;
    c.start_year = 2025;
    c.years = kYears;
    c.modules = modules;
    Simulation sim(c, params);
    const SeriesTable t = sim.run();
    events += t.events;
    const long life = t.find("health.life_years");
    for (double v : t.values[static_cast<std::size_t>(life)]) agent_years += v;
    const double agents = static_cast<double>(sim.pop.size());
    bytes = static_cast<double>(sim.pop.bytes_per_agent() + sim.sched.bytes_per_agent() +
                                sim.rng.bytes_per_agent());
    queue_bytes = static_cast<double>(sim.sched.queue().bytes()) / agents;
    schedules += sim.sched.scheduled();
  }
  state.counters["events_per_second"] =
      benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
  state.counters["agent_years_per_second"] = benchmark::Counter(agent_years, benchmark::Counter::kIsRate);
  state.counters["events_per_agent_year"] = static_cast<double>(events) / agent_years;
  state.counters["bytes_per_agent"] = bytes;
  state.counters["queue_bytes_per_agent"] = queue_bytes;
  state.counters["schedules_per_event"] = static_cast<double>(schedules) / static_cast<double>(events);
}

void BM_full_model(benchmark::State& state) {
  run_model(state, standard_modules());
}

// The same without the HIV modules, to show what HIV costs.
void BM_model_without_hiv(benchmark::State& state) {
  std::vector<std::string> modules;
  for (const auto& m : standard_modules()) {
    if (m.rfind("process.hiv_", 0) != 0) modules.push_back(m);
  }
  run_model(state, modules);
}

using bench::process_cpu_seconds;

// The replicate ensemble target: eight replicates of the full model on 1 or 2 threads through
// run_jobs, as `pathways run` does, at the demo's 15,000 agents a replicate and at 50,000 (where two
// replicates' working sets no longer fit the shared L3 cache together). With only four replicates,
// ones that differed in length left a thread idle at the end and the measured scaling varied from
// 1.68x to 1.92x between runs; the demo runs 80 jobs. Rates are per wall-clock second, so on two
// idle cores the 2-thread rate should be close to twice the 1-thread rate; `cores_used` (process CPU
// time / wall time) shows whether the second thread had a core.
void BM_full_model_ensemble(benchmark::State& state) {
  const int threads = static_cast<int>(state.range(0));
  const std::int64_t n = state.range(1);
  const std::size_t replicates = 8;
  const std::vector<std::string> modules = standard_modules();
  const ParamValues params = model_params(modules, n);
  std::uint64_t events = 0;
  double agent_years = 0.0;
  const double cpu0 = process_cpu_seconds();
  const auto wall0 = std::chrono::steady_clock::now();
  for (auto _ : state) {
    const auto tables = run_jobs<SeriesTable>(replicates, threads, [&](std::size_t r) {
      RunConfig c;
      c.seed = 20261122;
      c.replicate = r;
      c.start_year = 2025;
      c.years = kYears;
      c.modules = modules;
      Simulation sim(c, params);
      return sim.run();
    });
    for (const auto& t : tables) {
      events += t.events;
      for (double v : t.values[static_cast<std::size_t>(t.find("health.life_years"))]) agent_years += v;
    }
  }
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
  state.counters["cores_used"] = (process_cpu_seconds() - cpu0) / wall;
  state.counters["events_per_second"] =
      benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
  state.counters["agent_years_per_second"] = benchmark::Counter(agent_years, benchmark::Counter::kIsRate);
}

BENCHMARK(BM_full_model)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_full_model)->Arg(100000)->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_full_model)->Arg(1000000)->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_model_without_hiv)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_model_without_hiv)->Arg(100000)->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_full_model_ensemble)
    ->ArgsProduct({{1, 2}, {15000, 50000}})
    ->ArgNames({"threads", "agents"})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MeasureProcessCPUTime()
    ->Iterations(1);

}  // namespace
}  // namespace pathways
