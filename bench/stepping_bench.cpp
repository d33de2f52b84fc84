// Event-driven vs time-stepped (daily) execution of the same 5-state continuous-time Markov chain.
#include <benchmark/benchmark.h>

#include <Eigen/Dense>
#include <array>
#include <cmath>
#include <cstdint>
#include <ctime>
#include <string>
#include <unsupported/Eigen/MatrixFunctions>
#include <vector>

#include "core/calendar_queue.hpp"
#include "core/event.hpp"
#include "core/time.hpp"
#include "fast_rng.hpp"

namespace pathways {
namespace {

using bench::FastRng;

constexpr int kStates = 5;
constexpr std::size_t kAgents = 100000;
constexpr int kDays = 3652;  // 10 years in whole daily steps; both versions stop at this day
constexpr double kYears = kDays / kDaysPerYear;
constexpr std::uint64_t kSeed = 20261122;

using Row = std::array<double, kStates>;
using Matrix = Eigen::Matrix<double, kStates, kStates>;
using Counts = std::array<std::size_t, kStates>;

// Rates per year from i to j (row-major, diagonal ignored), before scaling: an irreducible chain
// (episodic, harmful, dependent, remission, treatment) whose exit rates differ by a factor of 3.2
// between states, as in the policy model, where a state's exit rate is not the mean rate.
constexpr std::array<double, kStates* kStates> kBaseRates = {
    0.00, 0.30, 0.02, 0.40, 0.00,  //
    0.20, 0.00, 0.25, 0.15, 0.02,  //
    0.00, 0.10, 0.00, 0.10, 0.05,  //
    0.15, 0.05, 0.05, 0.00, 0.00,  //
    0.00, 0.00, 0.30, 0.50, 0.00,
};
// Away from equilibrium at the start, so that at low rates the occupancy check tests the dynamics.
constexpr Row kInitialShares = {0.5, 0.3, 0.2, 0.0, 0.0};

// Cumulative probabilities of weights w for a categorical draw by linear search. Entries from the
// last positive weight on are 2.0, so rounding can never carry a uniform past it.
Row cumulative(const Row& w) {
  double total = 0.0;
  int last = 0;
  for (int j = 0; j < kStates; ++j) {
    total += w[j];
    if (w[j] > 0.0) last = j;
  }
  Row c{};
  double sum = 0.0;
  for (int j = 0; j < kStates; ++j) {
    sum += w[j] / total;
    c[j] = j >= last ? 2.0 : sum;
  }
  return c;
}

std::uint8_t draw(const Row& cum, double u) {
  std::uint8_t j = 0;
  while (u >= cum[j]) ++j;
  return j;
}

// The chain with every rate scaled so that, at equilibrium, there are `events_per_agent_year`
// transitions per agent-year.
struct Chain {
  Matrix q;                         // generator, per day
  Row exit{};                       // q_i, per day
  std::array<Row, kStates> jump{};  // cumulative rows of the embedded jump chain
  Row initial{};                    // cumulative initial shares
};

Chain make_chain(double events_per_agent_year) {
  Matrix q0 = Matrix::Zero();
  for (int i = 0; i < kStates; ++i) {
    for (int j = 0; j < kStates; ++j) {
      if (i != j) q0(i, j) = kBaseRates[static_cast<std::size_t>(i * kStates + j)];
    }
    q0(i, i) = -q0.row(i).sum();
  }
  // Equilibrium pi: pi q0 = 0 with the shares summing to 1 (one equation replaced by the sum).
  Matrix a = q0.transpose();
  a.row(kStates - 1).setOnes();
  Eigen::Matrix<double, kStates, 1> b = Eigen::Matrix<double, kStates, 1>::Zero();
  b(kStates - 1) = 1.0;
  const Eigen::Matrix<double, kStates, 1> pi = a.fullPivLu().solve(b);
  const double base_events = -(pi.transpose() * q0.diagonal())(0);
  Chain c;
  c.q = q0 * (events_per_agent_year / base_events / kDaysPerYear);
  for (int i = 0; i < kStates; ++i) {
    c.exit[i] = -c.q(i, i);
    Row w{};
    for (int j = 0; j < kStates; ++j) w[j] = i == j ? 0.0 : c.q(i, j);
    c.jump[i] = cumulative(w);
  }
  c.initial = cumulative(kInitialShares);
  return c;
}

// Empty when every state's final count is within 5 binomial standard errors of n p0 exp(Q t), the
// exact occupancy; otherwise the reason. Agents are independent, so the counts are multinomial.
std::string check_occupancy(const Chain& c, const Counts& counts) {
  Eigen::Matrix<double, 1, kStates> p0;
  for (int i = 0; i < kStates; ++i) p0(i) = kInitialShares[i];
  const Eigen::Matrix<double, 1, kStates> p = p0 * (c.q * static_cast<double>(kDays)).exp();
  const auto n = static_cast<double>(kAgents);
  for (int i = 0; i < kStates; ++i) {
    const double se = std::sqrt(n * p(i) * (1.0 - p(i)));
    const double z = (static_cast<double>(counts[i]) - n * p(i)) / se;
    if (!(std::abs(z) <= 5.0)) {
      return "state " + std::to_string(i) + " occupancy is " + std::to_string(z) +
             " standard errors from p0 exp(Qt)";
    }
  }
  return {};
}

std::vector<std::uint8_t> initial_states(const Chain& c, FastRng& g) {
  std::vector<std::uint8_t> s(kAgents);
  for (auto& x : s) x = draw(c.initial, g.uniform());
  return s;
}

Counts occupancy(const std::vector<std::uint8_t>& s) {
  Counts counts{};
  for (std::uint8_t x : s) ++counts[x];
  return counts;
}

// CPU time of this thread, which is what Google Benchmark's CPU column measures.
double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

// cpu: seconds of thread CPU time spent in the timed loop (all iterations).
void report(benchmark::State& state, const Chain& c, const Counts& counts, std::uint64_t events, double cpu) {
  const double agent_years = static_cast<double>(state.iterations()) * static_cast<double>(kAgents) * kYears;
  state.counters["agent_years_per_second"] = benchmark::Counter(agent_years, benchmark::Counter::kIsRate);
  state.counters["events_per_agent_year"] = static_cast<double>(events) / agent_years;
  // A plain number, not an inverted rate counter, which the console would print with a unit "s".
  state.counters["ns_per_agent_year"] = 1e9 * cpu / agent_years;
  if (const std::string error = check_occupancy(c, counts); !error.empty())
    state.SkipWithError(error.c_str());
}

// (a) Event-driven: one pending exit event per agent, at an exponential holding time; the
// destination is drawn from the jump chain when it fires. A bare CalendarQueue (the scheduler's
// queue) rather than the scheduler: nothing is ever cancelled, so version slots would be dead weight.
void BM_event_driven_markov(benchmark::State& state) {
  const Chain c = make_chain(static_cast<double>(state.range(0)) / 10.0);
  Row mean_hold{};
  for (int i = 0; i < kStates; ++i) mean_hold[i] = 1.0 / c.exit[i];
  FastRng g(kSeed);
  Counts counts{};
  std::uint64_t events = 0;
  const double cpu0 = thread_cpu_seconds();
  for (auto _ : state) {
    std::vector<std::uint8_t> s = initial_states(c, g);
    CalendarQueue q;
    for (std::size_t a = 0; a < kAgents; ++a) {
      q.push(Event{g.exponential() * mean_hold[s[a]], 0, static_cast<AgentId>(a), 0});
    }
    // Every state has a positive exit rate, so every agent always has one pending event.
    while (q.top().time < kDays) {
      const Event e = q.pop();
      const std::uint8_t to = draw(c.jump[s[e.agent]], g.uniform());
      s[e.agent] = to;
      q.push(Event{e.time + g.exponential() * mean_hold[to], 0, e.agent, 0});
      ++events;
    }
    counts = occupancy(s);
  }
  report(state, c, counts, events, thread_cpu_seconds() - cpu0);
}

// (b) Time-stepped, dt = 1 day, agents' states in one column (structure of arrays). Each day every
// agent draws one uniform u: it leaves its state i when u >= stay_i, and then (u - stay_i) /
// (1 - stay_i), again uniform, picks the destination, so it is one uniform per agent per day.
//  - first order (the usual scheme): stay_i = exp(-q_i dt), destination from the jump chain. At most
//    one transition per day, so it is biased once q_i dt is not small.
//  - exact: the rows of exp(Q dt), the chain's exact daily transition matrix (several jumps within
//    a day included), split the same way. Same cost per agent-day, exact at every rate.
template <bool kExactDaily>
void BM_time_stepped_markov(benchmark::State& state) {
  const Chain c = make_chain(static_cast<double>(state.range(0)) / 10.0);
  Row stay{}, leave_scale{};
  std::array<Row, kStates> move = c.jump;
  const Matrix p = c.q.exp();  // dt = 1 day
  for (int i = 0; i < kStates; ++i) {
    stay[i] = kExactDaily ? p(i, i) : std::exp(-c.exit[i]);
    leave_scale[i] = 1.0 / (1.0 - stay[i]);
    if (kExactDaily) {
      Row w{};
      for (int j = 0; j < kStates; ++j) w[j] = i == j ? 0.0 : p(i, j);
      move[i] = cumulative(w);
    }
  }
  FastRng g(kSeed);
  Counts counts{};
  std::uint64_t changes = 0;
  const double cpu0 = thread_cpu_seconds();
  for (auto _ : state) {
    std::vector<std::uint8_t> s = initial_states(c, g);
    for (int day = 0; day < kDays; ++day) {
      for (std::uint8_t& x : s) {
        const double u = g.uniform();
        if (u < stay[x]) continue;  // most agents, most days: one compare
        x = draw(move[x], (u - stay[x]) * leave_scale[x]);
        ++changes;
      }
    }
    counts = occupancy(s);
  }
  report(state, c, counts, changes, thread_cpu_seconds() - cpu0);
}

// Argument: events per agent-year x 10 (0.5, 2.8 as in the full policy model, 10, 50, 200).
void rates(benchmark::internal::Benchmark* b) {
  for (std::int64_t r : {5, 28, 100, 500, 2000}) b->Arg(r);
  b->Unit(benchmark::kMillisecond);
}
BENCHMARK(BM_event_driven_markov)->Apply(rates);
BENCHMARK_TEMPLATE(BM_time_stepped_markov, false)->Name("BM_time_stepped_markov")->Apply(rates);
BENCHMARK_TEMPLATE(BM_time_stepped_markov, true)->Name("BM_time_stepped_markov_exact")->Apply(rates);

}  // namespace
}  // namespace pathways
