// Random-number benchmarks: cost per variate from a Philox Draws, and cost of opening a Draws per event.
#include <benchmark/benchmark.h>

#include <boost/random/gamma_distribution.hpp>
#include <cstdint>

#include "core/rng.hpp"

namespace pathways {
namespace {

void per_draw(benchmark::State& state) {
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

// Four 64-bit outputs per Philox4x64-10 block, so three of four draws only read a buffered word.
void BM_draws_uniform(benchmark::State& state) {
  Draws d(1, 0, 0, 0, 0);
  for (auto _ : state) benchmark::DoNotOptimize(d.uniform());
  per_draw(state);
}
BENCHMARK(BM_draws_uniform);

void BM_draws_exponential(benchmark::State& state) {
  Draws d(1, 0, 0, 0, 0);
  for (auto _ : state) benchmark::DoNotOptimize(d.exponential());
  per_draw(state);
}
BENCHMARK(BM_draws_exponential);

// Boost's gamma uses different algorithms below and above shape 1 (argument: shape x 10).
void BM_draws_gamma(benchmark::State& state) {
  const double shape = static_cast<double>(state.range(0)) / 10.0;
  Draws d(1, 0, 0, 0, 0);
  boost::random::gamma_distribution<double> gamma(shape, 1.0);
  for (auto _ : state) benchmark::DoNotOptimize(gamma(d));
  per_draw(state);
}
BENCHMARK(BM_draws_gamma)->Arg(5)->Arg(20);

// What a model pays per event: open the agent's next Draws (a counter-column read and increment,
// then a fresh Philox block on first use) and take one exponential. Agents are visited in a
// scattered order, as events visit them, over a population of 10^6.
void BM_agent_draws_per_event(benchmark::State& state) {
  const std::size_t n = 1000000;
  RandomStreams rng(1, 0);
  const StreamHandle h = rng.stream("bench.per_event");
  rng.resize(n);
  std::uint64_t a = 0;
  for (auto _ : state) {
    a = (a + 0x9e3779b97f4a7c15ULL) % n;
    Draws d = rng.agent_draws(h, static_cast<AgentId>(a));
    benchmark::DoNotOptimize(d.exponential());
  }
  per_draw(state);
}
BENCHMARK(BM_agent_draws_per_event);

}  // namespace
}  // namespace pathways
