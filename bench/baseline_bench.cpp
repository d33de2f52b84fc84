// Plain agent DES baseline: a toy 4-state agent model on a bare event queue, no engine services.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include "core/binary_heap_queue.hpp"
#include "core/calendar_queue.hpp"
#include "core/event.hpp"
#include "core/time.hpp"
#include "fast_rng.hpp"

namespace pathways {
namespace {

using bench::FastRng;

constexpr double kYears = 10.0;
constexpr Days kHorizon = kYears * kDaysPerYear;
// Every state is left at the full policy model's event rate (about 2.8 events per agent-year), so
// the toy model does as many events per agent as the real one.
constexpr double kEventsPerAgentYear = 2.8;
constexpr double kMeanHoldDays = kDaysPerYear / kEventsPerAgentYear;

// One agent: a 32-byte record, read and written by every event of the agent.
struct AgentRecord {
  double last_change = 0.0;  // day of the last state change
  float days_in[4] = {};     // days spent in each state, up to last_change
  std::uint32_t changes = 0;
  std::uint8_t state = 0;
};
static_assert(sizeof(AgentRecord) == 32);

// Cumulative transition probabilities from each state (zero diagonal). The last entry is 2.0 so a
// linear search always stops inside the row.
constexpr double kCumulative[4][4] = {
    {0.0, 0.6, 0.7, 2.0},  // 0 -> 1: 0.6, 2: 0.1, 3: 0.3
    {0.3, 0.3, 0.8, 2.0},  // 1 -> 0: 0.3, 2: 0.5, 3: 0.2
    {0.1, 0.5, 0.5, 2.0},  // 2 -> 0: 0.1, 1: 0.4, 3: 0.5
    {0.5, 0.7, 2.0, 2.0},  // 3 -> 0: 0.5, 1: 0.2, 2: 0.3
};

std::uint8_t next_state(std::uint8_t from, double u) {
  std::uint8_t j = 0;
  while (u >= kCumulative[from][j]) ++j;
  return j;
}

// n agents for 10 years, set-up included: each agent starts with one pending event at an Exp time;
// each event pops the minimum, updates the agent's record and pushes the agent's next event.
template <class Queue>
void BM_plain_agent_des(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  FastRng g(20261122);
  std::uint64_t events = 0;
  std::size_t bytes = 0;
  for (auto _ : state) {
    std::vector<AgentRecord> agents(n);
    Queue q;
    for (std::size_t a = 0; a < n; ++a) {
      agents[a].state = static_cast<std::uint8_t>(a & 3);
      q.push(Event{g.exponential() * kMeanHoldDays, 0, static_cast<AgentId>(a), 0});
    }
    // Every agent always has one pending event, so the queue never runs dry.
    while (q.top().time < kHorizon) {
      const Event e = q.pop();
      AgentRecord& r = agents[e.agent];
      const std::uint8_t to = next_state(r.state, g.uniform());
      r.days_in[r.state] += static_cast<float>(e.time - r.last_change);
      r.last_change = e.time;
      r.state = to;
      ++r.changes;
      q.push(Event{e.time + g.exponential() * kMeanHoldDays, 0, e.agent, 0});
      ++events;
    }
    bytes = sizeof(AgentRecord) + q.bytes() / n;
    benchmark::DoNotOptimize(agents.data());
  }
  const double agent_years = static_cast<double>(state.iterations()) * static_cast<double>(n) * kYears;
  state.counters["events_per_second"] =
      benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
  state.counters["agent_years_per_second"] = benchmark::Counter(agent_years, benchmark::Counter::kIsRate);
  state.counters["events_per_agent_year"] = static_cast<double>(events) / agent_years;
  state.counters["bytes_per_agent"] = static_cast<double>(bytes);
}

template <class Queue>
void register_plain(const char* name) {
  for (std::int64_t n : {10000, 100000, 1000000}) {
    auto* b =
        benchmark::RegisterBenchmark(name, BM_plain_agent_des<Queue>)->Arg(n)->Unit(benchmark::kMillisecond);
    if (n >= 1000000) b->Iterations(1);  // 28 M events: one run is enough and keeps the suite short
  }
}

[[maybe_unused]] const bool registered = [] {
  register_plain<BinaryHeapQueue>("BM_plain_heap_agent_des");
  register_plain<CalendarQueue>(
      "BM_plain_calendar_agent_des");  // same model: separates queue from model cost
  return true;
}();

}  // namespace
}  // namespace pathways
