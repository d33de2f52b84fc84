// Event-queue benchmarks: the classic hold model for each queue, and the scheduler with lazy cancellation.
#include <benchmark/benchmark.h>

#include <cstdint>

#include "core/binary_heap_queue.hpp"
#include "core/calendar_queue.hpp"
#include "core/scheduler.hpp"
#include "fast_rng.hpp"

namespace pathways {
namespace {

using bench::FastRng;  // a few nanoseconds per draw, so the queue, not the generator, is measured

// Holds per measurement for the large sizes (0: let Google Benchmark choose). The timed loop starts
// on the freshly filled queue, so the calendar queue's first window build (a scatter of about 3/4 of
// the events, which in steady state recurs once per 1.4 n holds) is paid inside it: if anything this
// overstates its cost. 10^7 gets n holds only to keep the suite short.
std::int64_t holds_for(std::int64_t n) {
  if (n <= 10000) return 0;
  return n <= 1000000 ? 2 * n : n;
}

// Hold model: n pending events with Exp(1) times (the stationary state, by memorylessness); each
// hold pops the minimum and pushes one event at now + Exp(1).
template <class Queue>
void BM_hold(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  FastRng g(12345);
  Queue q;
  std::uint32_t seq = 0;
  for (std::size_t i = 0; i < n; ++i) q.push(Event{g.exponential(), 0, static_cast<AgentId>(i), ++seq});
  Event e;
  for (auto _ : state) {
    e = q.pop();
    q.push(Event{e.time + g.exponential(), e.kind, e.agent, ++seq});
  }
  benchmark::DoNotOptimize(e);
  state.counters["holds_per_second"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

// Iteration counts are fixed for the large sizes (see holds_for); Google Benchmark picks the small one.
template <class Queue>
void register_hold(const char* name) {
  for (std::int64_t n : {10000, 1000000, 10000000}) {
    auto* b = benchmark::RegisterBenchmark(name, BM_hold<Queue>)->Arg(n);
    if (holds_for(n) > 0) b->Iterations(holds_for(n));
  }
}

// The scheduler on top of a queue: each processed event reschedules its agent, and a quarter of
// them also reschedules a random other agent, which leaves a stale (cancelled) entry behind.
template <class Queue>
void BM_scheduler_hold(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  FastRng g(777);
  BasicScheduler<Queue> sched;
  const EventKind k = sched.register_kind("bench.hold");
  sched.resize(n);
  for (std::size_t a = 0; a < n; ++a) sched.schedule(k, static_cast<AgentId>(a), g.exponential());
  Event e;
  for (auto _ : state) {
    if (!sched.next(e, 1e300)) {
      state.SkipWithError("queue ran dry");
      break;
    }
    sched.schedule(k, e.agent, e.time + g.exponential());
    if ((g.next() & 3) == 0) sched.schedule(k, static_cast<AgentId>(g.next() % n), e.time + g.exponential());
  }
  state.counters["events_per_second"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["stale_share"] =
      static_cast<double>(sched.stale()) / static_cast<double>(sched.stale() + sched.processed());
}

template <class Queue>
void register_scheduler_hold(const char* name) {
  for (std::int64_t n : {10000, 1000000}) {
    auto* b = benchmark::RegisterBenchmark(name, BM_scheduler_hold<Queue>)->Arg(n);
    if (holds_for(n) > 0) b->Iterations(holds_for(n));
  }
}

[[maybe_unused]] const bool registered = [] {
  register_hold<BinaryHeapQueue>("BM_hold<BinaryHeapQueue>");
  register_hold<CalendarQueue>("BM_hold<CalendarQueue>");
  register_scheduler_hold<BinaryHeapQueue>("BM_scheduler_hold<BinaryHeapQueue>");
  register_scheduler_hold<CalendarQueue>("BM_scheduler_hold<CalendarQueue>");
  return true;
}();

}  // namespace
}  // namespace pathways
