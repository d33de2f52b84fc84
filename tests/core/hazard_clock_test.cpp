// HazardClock: exact first-event laws through rate changes and breakpoints, pending draws kept
// while the hazard is unchanged, and draws beyond the horizon kept out of the queue.
#include "core/hazard_clock.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>
#include <vector>

#include "support/model_run.hpp"
#include "support/tolerances.hpp"

namespace pathways {
namespace {

// What the probe module does: every agent's clock starts at `rate` (optionally cut at
// `first_break`); at `change_at` a global event calls set() again with `rate_after` for every agent
// whose clock has not fired; a clock that fires at its breakpoint is set to `rate_after`.
struct ProbeSetup {
  std::size_t agents = 20000;
  double rate = 1.0 / 200.0;  // per day
  Days first_break = kNever;
  Days change_at = kNever;
  double rate_after = 1.0 / 200.0;
};
ProbeSetup g_setup;

struct Records {
  std::vector<Days> first;   ///< per agent: time of the first (non-break) event, kNever if none
  std::vector<Days> breaks;  ///< times at which a clock fired at its breakpoint
  std::uint64_t redrawn_at_change = 0;
};

class ClockProbe final : public Module {
 public:
  void init(Simulation& sim) override {
    clock_.init(sim, "test.clock", this, sim.rng.stream("test.clock"));
    change_ = sim.register_kind("test.change", this, KindScope::Global);
  }
  void start(Simulation& sim) override {
    sim.add_agents(g_setup.agents);
    rec.first.assign(g_setup.agents, kNever);
    for (AgentId a = 0; a < g_setup.agents; ++a) clock_.set(sim, a, g_setup.rate, g_setup.first_break);
    if (g_setup.change_at < sim.horizon()) sim.sched.schedule(change_, kGlobalAgent, g_setup.change_at);
  }
  void handle(Simulation& sim, const Event& ev) override {
    if (ev.kind == change_) {
      const std::uint64_t before = sim.sched.scheduled();
      for (AgentId a = 0; a < rec.first.size(); ++a) {
        if (rec.first[a] == kNever) clock_.set(sim, a, g_setup.rate_after);
      }
      rec.redrawn_at_change = sim.sched.scheduled() - before;
      return;
    }
    if (clock_.fired_at_break(sim, ev.agent)) {
      rec.breaks.push_back(ev.time);
      clock_.set(sim, ev.agent, g_setup.rate_after);
      return;
    }
    rec.first[ev.agent] = ev.time;  // the first event: the clock is not set again
  }

  Records rec;

 private:
  HazardClock clock_;
  EventKind change_ = 0;
};
const ModuleRegistration probe_registration{
    ModuleInfo{.type = "test.hazard_clock_probe",
               .description = "HazardClock probe",
               .create = [] { return std::unique_ptr<Module>(new ClockProbe()); },
               .order = 9010}};

// Runs one year (horizon 365 days) and returns the probe's records.
Records run_probe(const ProbeSetup& setup, std::uint64_t seed) {
  g_setup = setup;
  RunConfig c;
  c.seed = seed;
  c.years = 1;
  c.modules = {"test.hazard_clock_probe"};
  const ParamValues p = testing::params_for(c.modules);
  Simulation sim(c, p);
  sim.run();
  return static_cast<const ClockProbe&>(*sim.module("test.hazard_clock_probe")).rec;
}

// P(first event <= t) for a hazard r1 until T and r2 after.
std::function<double(double)> piecewise_cdf(double r1, Days T, double r2) {
  return [=](double t) { return 1.0 - std::exp(-r1 * std::min(t, T) - r2 * std::max(t - T, 0.0)); };
}

// Kolmogorov-Smirnov distance between the first-event times of n agents (kNever when censored at
// the horizon) and a CDF, over the observed range. Censoring only shortens the range compared, so
// the usual critical value stays conservative.
double ks_distance(std::vector<Days> times, const std::function<double(double)>& cdf) {
  const double n = static_cast<double>(times.size());
  std::sort(times.begin(), times.end());
  double d = 0.0;
  for (std::size_t i = 0; i < times.size() && times[i] < kNever; ++i) {
    const double f = cdf(times[i]);
    d = std::max({d, f - static_cast<double>(i) / n, static_cast<double>(i + 1) / n - f});
  }
  return d;
}
// 1.949 / sqrt(n): the 0.1% critical value of the KS distance for large n.
double ks_critical(std::size_t n) {
  return 1.949 / std::sqrt(static_cast<double>(n));
}

double count_by(const std::vector<Days>& times, Days t) {
  return static_cast<double>(std::count_if(times.begin(), times.end(), [t](Days x) { return x <= t; }));
}

TEST(HazardClock, RateChangeGivesPiecewiseExponentialFirstEvents) {
  ProbeSetup s;
  s.change_at = 100.0;
  s.rate_after = 1.0 / 50.0;
  const Records r = run_probe(s, 11);
  const auto cdf = piecewise_cdf(s.rate, s.change_at, s.rate_after);
  const double n = static_cast<double>(s.agents);
  EXPECT_LT(ks_distance(r.first, cdf), ks_critical(s.agents));
  testing::expect_binomial(count_by(r.first, 100.0), n, cdf(100.0), "first events by the change");
  testing::expect_binomial(count_by(r.first, 150.0), n, cdf(150.0), "first events 50 days after the change");
  EXPECT_GT(r.redrawn_at_change, 0u);
  // The check has power: the same times are far from the law without the change.
  EXPECT_GT(ks_distance(r.first, piecewise_cdf(s.rate, kNever, s.rate)), ks_critical(s.agents));
}

TEST(HazardClock, SettingTheSameRateAgainKeepsThePendingDraw) {
  // By memorylessness the pending time is still an exact draw: set() with an unchanged rate must
  // keep it, so the run is identical, draw for draw, to one where set() is not called again.
  ProbeSetup s;
  s.change_at = 100.0;
  const Records again = run_probe(s, 12);
  s.change_at = kNever;
  const Records once = run_probe(s, 12);
  EXPECT_EQ(again.redrawn_at_change, 0u);
  EXPECT_EQ(again.first, once.first);
  EXPECT_LT(ks_distance(again.first, piecewise_cdf(s.rate, kNever, s.rate)), ks_critical(s.agents));
}

TEST(HazardClock, BreakpointFiresWhenTheDrawIsLaterAndRedraws) {
  // Rate 1/100 per day cut at day 30, then 1/25 per day from the break on.
  ProbeSetup s;
  s.rate = 1.0 / 100.0;
  s.first_break = 30.0;
  s.rate_after = 1.0 / 25.0;
  const Records r = run_probe(s, 13);
  const double n = static_cast<double>(s.agents);
  // Exactly the agents whose draw was later than the break see it, exactly at the break.
  EXPECT_TRUE(std::all_of(r.breaks.begin(), r.breaks.end(), [](Days t) { return t == 30.0; }));
  EXPECT_EQ(count_by(r.first, 30.0) + static_cast<double>(r.breaks.size()), n);
  testing::expect_binomial(static_cast<double>(r.breaks.size()), n, std::exp(-0.3),
                           "clocks cut at the break");
  // After the break the clock is redrawn at the new rate, from the break.
  EXPECT_LT(ks_distance(r.first, piecewise_cdf(s.rate, 30.0, s.rate_after)), ks_critical(s.agents));
}

TEST(HazardClock, AClockThatFiredDrawsAgainAtTheSameRate) {
  // Only a pending draw is kept: once the event has fired, set() with the same rate draws anew.
  RunConfig c;
  const ParamValues p = testing::params_for({});
  Simulation sim(c, p);
  HazardClock clock;
  clock.init(sim, "test.clock", nullptr, sim.rng.stream("test.clock"));
  sim.add_agents(1);
  clock.set(sim, 0, 0.5);
  clock.set(sim, 0, 0.5);
  EXPECT_EQ(sim.sched.scheduled(), 1u);
  Event e;
  ASSERT_TRUE(sim.sched.next(e, kNever));
  EXPECT_FALSE(clock.fired_at_break(sim, 0));
  clock.set(sim, 0, 0.5);
  EXPECT_EQ(sim.sched.scheduled(), 2u);
  EXPECT_TRUE(sim.sched.pending(clock.kind(), 0));
}

TEST(HazardClock, DrawsBeyondTheHorizonStayOutOfTheQueueAndAreKept) {
  RunConfig c;
  c.seed = 14;
  c.years = 1;
  const ParamValues p = testing::params_for({});
  Simulation sim(c, p);
  HazardClock clock;
  const StreamHandle stream = sim.rng.stream("test.far");
  clock.init(sim, "test.far", nullptr, stream);
  const std::size_t n = 1000;
  sim.add_agents(n);
  // P(draw before the 365-day horizon) = 1 - exp(-365e-7), about 4e-5 per agent.
  const double rate = 1e-7;
  for (AgentId a = 0; a < n; ++a) clock.set(sim, a, rate);
  std::size_t pending = 0;
  for (AgentId a = 0; a < n; ++a) pending += sim.sched.pending(clock.kind(), a) ? 1 : 0;
  EXPECT_LE(pending, 2u);
  EXPECT_EQ(sim.sched.live(), pending);
  EXPECT_EQ(sim.sched.queued(), pending);  // the draws beyond the horizon take no queue entry
  // The same hazard again: every draw is kept, in or out of the queue.
  const std::uint64_t scheduled = sim.sched.scheduled();
  for (AgentId a = 0; a < n; ++a) clock.set(sim, a, rate);
  EXPECT_EQ(sim.sched.scheduled(), scheduled);
  EXPECT_EQ(sim.sched.queued(), pending);
  // ...and no random draw was taken: each agent's next draw on the stream is its second.
  for (AgentId a = 0; a < 10; ++a) {
    EXPECT_EQ(sim.rng.agent_draws(stream, a)(), Draws(c.seed, c.replicate, a, stream.hash, 1)())
        << "agent " << a;
  }
  // A different hazard does draw again.
  for (AgentId a = 10; a < 20; ++a) {
    clock.set(sim, a, 2 * rate);
    EXPECT_EQ(sim.rng.agent_draws(stream, a)(), Draws(c.seed, c.replicate, a, stream.hash, 2)())
        << "agent " << a;
  }
}

}  // namespace
}  // namespace pathways
