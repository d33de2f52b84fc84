// Scheduler: replacement, lazy cancellation, the total order among simultaneous events, purges of
// superseded entries, global kinds, and the 24-bit versions kept in queued events.
#include "core/scheduler.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>
#include <tuple>
#include <vector>

#include "support/split_mix.hpp"

namespace pathways {
namespace {

TEST(Scheduler, ReschedulingReplacesThePendingEvent) {
  Scheduler s;
  const EventKind k = s.register_kind("k");
  s.resize(3);
  s.schedule(k, 1, 10.0);
  s.schedule(k, 1, 5.0);
  s.schedule(k, 2, 7.0);
  s.cancel(k, 2);
  Event e;
  ASSERT_TRUE(s.next(e, 100.0));
  EXPECT_EQ(e.agent, 1u);
  EXPECT_DOUBLE_EQ(e.time, 5.0);
  EXPECT_FALSE(s.next(e, 100.0));  // the 10.0 copy and the cancelled event are stale
  EXPECT_EQ(s.stale(), 2u);
}

TEST(Scheduler, SimultaneousEventsFollowKindThenAgent) {
  Scheduler s;
  const EventKind a = s.register_kind("a"), b = s.register_kind("b");
  s.resize(5);
  s.schedule(b, 0, 1.0);
  s.schedule(a, 4, 1.0);
  s.schedule(a, 2, 1.0);
  s.schedule(b, 3, 0.5);
  std::vector<std::pair<EventKind, AgentId>> order;
  Event e;
  while (s.next(e, 10.0)) order.emplace_back(EventKind{e.kind}, e.agent);
  const std::vector<std::pair<EventKind, AgentId>> expected = {{b, 3}, {a, 2}, {a, 4}, {b, 0}};
  EXPECT_EQ(order, expected);
}

TEST(Scheduler, StopsAtTheHorizonAndKeepsLaterEvents) {
  Scheduler s;
  const EventKind k = s.register_kind("k");
  s.resize(1);
  s.schedule(k, kGlobalAgent, 5.0);
  s.schedule(k, 0, 20.0);
  Event e;
  ASSERT_TRUE(s.next(e, 10.0));
  EXPECT_EQ(e.agent, kGlobalAgent);
  EXPECT_FALSE(s.next(e, 10.0));
  ASSERT_TRUE(s.next(e, 30.0));
  EXPECT_EQ(e.agent, 0u);
}

TEST(Scheduler, CancelAllPendingAndGlobalKinds) {
  Scheduler s;
  const EventKind k0 = s.register_kind("k0"), k1 = s.register_kind("k1");
  const std::size_t row = s.bytes_per_agent();
  const EventKind tick = s.register_kind("tick", KindScope::Global);
  EXPECT_EQ(s.bytes_per_agent(), row);  // a global kind takes no per-agent memory
  s.resize(3);
  s.schedule(k0, 1, 5.0);
  s.schedule(k1, 1, 6.0);
  s.schedule(k0, 2, 7.0);
  s.schedule(tick, kGlobalAgent, 1.0);
  EXPECT_TRUE(s.pending(k0, 1) && s.pending(k1, 1) && s.pending(k0, 2) && s.pending(tick, kGlobalAgent));
  EXPECT_FALSE(s.pending(k1, 2));
  s.cancel_all(1);  // every per-agent kind of agent 1, and nothing else
  EXPECT_FALSE(s.pending(k0, 1) || s.pending(k1, 1));
  EXPECT_TRUE(s.pending(k0, 2) && s.pending(tick, kGlobalAgent));
  EXPECT_EQ(s.live(), 2u);
  // A global kind has no slot per agent: using it for an agent is a programming error, and must
  // not change any state.
  EXPECT_THROW(s.schedule(tick, 0, 1.0), std::logic_error);
  EXPECT_THROW(s.cancel(tick, 0), std::logic_error);
  EXPECT_THROW((void)s.pending(tick, 0), std::logic_error);
  EXPECT_EQ(s.live(), 2u);
  Event e;
  ASSERT_TRUE(s.next(e, 100.0));
  EXPECT_EQ(e.kind, tick);
  EXPECT_EQ(e.agent, kGlobalAgent);
  EXPECT_FALSE(s.pending(tick, kGlobalAgent));  // fired: no longer pending
  ASSERT_TRUE(s.next(e, 100.0));
  EXPECT_EQ(e.agent, 2u);
  EXPECT_FALSE(s.next(e, 100.0));
}

TEST(Scheduler, KindsRegisteredAfterAgentsExistKeepPendingEventsAndClockRates) {
  // Registering a per-agent kind widens every agent's row of slots: pending events of the other
  // kinds must stay pending (a lost version would turn them into superseded entries), and clock
  // rates kept beside their versions must stay with their agents.
  Scheduler s;
  const EventKind a = s.register_kind("a");
  s.resize(4);
  s.schedule(a, 3, 2.0);
  s.schedule(a, 1, 1.0);
  const EventKind c = s.register_kind("c", KindScope::PerAgentClock);  // a version and a rate
  s.set_clock_rate(c, 3, 0.25f);
  const EventKind b = s.register_kind("b");
  EXPECT_TRUE(s.pending(a, 3) && s.pending(a, 1));
  EXPECT_FALSE(s.pending(b, 3) || s.pending(c, 3));
  EXPECT_EQ(s.clock_rate(c, 3), 0.25f);
  EXPECT_EQ(s.clock_rate(c, 2), 0.0f);
  s.schedule(b, 3, 1.5);
  s.schedule(c, 0, 0.5);
  EXPECT_EQ(s.clock_rate(c, 3), 0.25f);  // scheduling another slot of the row leaves it alone
  std::vector<std::pair<EventKind, AgentId>> order;
  Event e;
  while (s.next(e, 10.0)) order.emplace_back(EventKind{e.kind}, e.agent);
  const std::vector<std::pair<EventKind, AgentId>> expected = {{c, 0}, {a, 1}, {b, 3}, {a, 3}};
  EXPECT_EQ(order, expected);
}

// Drives a calendar-queue and a binary-heap scheduler with the same random operations, with heavy
// rescheduling far ahead so that superseded entries pile up and get purged many times, and checks
// both after every operation against a plain map of what is pending.
TEST(Scheduler, PurgesKeepBothQueuesEqualToAReferenceMap) {
  BasicScheduler<CalendarQueue> cal;
  BasicScheduler<BinaryHeapQueue> heap;
  constexpr std::uint32_t kKinds = 4, kAgents = 3000, kHot = 200;
  for (const char* name : {"k0", "k1", "k2", "k3"}) {
    cal.register_kind(name);
    heap.register_kind(name);
  }
  const EventKind tick = cal.register_kind("tick", KindScope::Global);
  heap.register_kind("tick", KindScope::Global);
  cal.resize(kAgents);
  heap.resize(kAgents);

  using Key = std::pair<EventKind, AgentId>;
  std::map<Key, Days> when;                              // pending (kind, agent) -> time
  std::set<std::tuple<Days, EventKind, AgentId>> order;  // the same, in firing order
  const auto forget = [&](EventKind k, AgentId a) {
    const auto it = when.find({k, a});
    if (it == when.end()) return;
    order.erase({it->second, k, a});
    when.erase(it);
  };
  const auto schedule = [&](EventKind k, AgentId a, Days t) {
    forget(k, a);
    when[{k, a}] = t;
    order.insert({t, k, a});
    cal.schedule(k, a, t);
    heap.schedule(k, a, t);
  };
  const auto cancel = [&](EventKind k, AgentId a) {
    forget(k, a);
    cal.cancel(k, a);
    heap.cancel(k, a);
  };

  testing::Mix g{2024};
  Days now = 0.0;
  Event ec, eh;
  std::uint64_t fired = 0, fired_since_check = 0;
  const auto pop = [&](Days until) {
    const bool hc = cal.next(ec, until), hh = heap.next(eh, until);
    ASSERT_EQ(hc, hh);
    const bool due = !order.empty() && std::get<0>(*order.begin()) <= until;
    ASSERT_EQ(hc, due) << "the scheduler and the reference disagree on whether an event is due";
    if (!hc) return;
    // The earliest pending event in the total order, with the time it was last scheduled at.
    const auto [t, k, a] = *order.begin();
    ASSERT_EQ(ec.time, t);
    ASSERT_EQ(EventKind{ec.kind}, k);
    ASSERT_EQ(ec.agent, a);
    ASSERT_TRUE(eh.time == ec.time && eh.kind == ec.kind && eh.agent == ec.agent && eh.version == ec.version);
    forget(k, a);
    now = t;
    ++fired;
    ++fired_since_check;
  };

  for (int step = 0; step < 400000; ++step) {
    const double r = g.uniform();
    // Mostly a few hot agents, so most schedules replace a pending event.
    const AgentId a = g.chance(0.8) ? g.below(kHot) : g.below(kAgents);
    const EventKind k = g.below(kKinds);
    if (r < 0.55) {
      const double u = g.uniform();
      schedule(k, a, u < 0.1 ? now : now + (u < 0.5 ? 10.0 * g.uniform() : 1e5 * g.uniform()));
    } else if (r < 0.65) {
      cancel(k, a);
    } else if (r < 0.66) {
      for (EventKind j = 0; j < kKinds; ++j) forget(j, a);
      cal.cancel_all(a);
      heap.cancel_all(a);
    } else if (r < 0.67) {
      schedule(tick, kGlobalAgent, now + 50.0 * g.uniform());
    } else {
      const Days until = now + 5.0 * g.uniform();
      pop(until);
      now = std::max(now, until);  // time moves on even when nothing was due
    }
    if (HasFatalFailure()) return;
    ASSERT_EQ(cal.live(), when.size()) << "step " << step;
    ASSERT_EQ(heap.live(), when.size()) << "step " << step;
    ASSERT_EQ(cal.queued(), heap.queued()) << "step " << step;
    // A schedule purges when superseded entries outnumber the live ones by more than 4096; events
    // that fire afterwards lower the live count without a purge.
    if (r < 0.55 || (r >= 0.66 && r < 0.67)) fired_since_check = 0;
    ASSERT_LE(cal.queued(), 2 * cal.live() + 4096 + fired_since_check) << "step " << step;
    ASSERT_EQ(cal.pending(k, a), when.count({k, a}) == 1) << "step " << step;
    ASSERT_EQ(cal.pending(tick, kGlobalAgent), when.count({tick, kGlobalAgent}) == 1) << "step " << step;
  }
  for (AgentId a = 0; a < kAgents; ++a) {
    for (EventKind k = 0; k < kKinds; ++k) {
      ASSERT_EQ(cal.pending(k, a), when.count({k, a}) == 1);
      ASSERT_EQ(heap.pending(k, a), when.count({k, a}) == 1);
    }
  }
  EXPECT_GE(cal.compactions(), 5u);
  EXPECT_EQ(cal.compactions(), heap.compactions());
  while (!order.empty()) {
    pop(1e18);
    if (HasFatalFailure()) return;
  }
  pop(1e18);  // nothing left: both say so
  EXPECT_EQ(cal.live(), 0u);
  EXPECT_EQ(cal.processed(), fired);
  EXPECT_EQ(heap.processed(), fired);
  EXPECT_EQ(cal.stale(), heap.stale());
}

// A slot's version has kAgentVersionBits (16) bits, or kGlobalVersionBits (24) for a global kind. It
// moves on by one when its event fires or is cancelled and by two when it is rescheduled, so it comes
// back to the same value after about 2^(bits-2) fire-and-reschedule cycles. Old entries still queued by
// then must not be mistaken for the new one: the scheduler promises to purge them before that can
// happen.
enum class Wrap { AtFire, AtCancel, AtSchedule };
struct WrapCase {
  Wrap how;
  bool global;  // a global kind (kGlobalAgent, 24 bits) rather than agent 0's (16 bits)
};
// Later than every cycle below (one day each), so old entries stay queued until the end.
constexpr Days kFar = 1e8;

class VersionWrap : public ::testing::TestWithParam<WrapCase> {};

TEST_P(VersionWrap, SupersededEntriesNeverFire) {
  const Wrap how = GetParam().how;
  // Superseded entries of one slot, far ahead, with consecutive versions: fewer than the purge
  // threshold, so only the wrap itself can remove them. Versions are odd while an event is pending,
  // so the parity of their number decides whether the slot's version later crosses the 2^bits
  // boundary when an event fires (or is cancelled), or when one is scheduled.
  const std::uint32_t old_entries = how == Wrap::AtSchedule ? 1001 : 1000;
  Scheduler s;
  const EventKind k = s.register_kind("k", GetParam().global ? KindScope::Global : KindScope::PerAgent);
  const AgentId a = GetParam().global ? kGlobalAgent : 0;
  const unsigned bits = GetParam().global ? Scheduler::kGlobalVersionBits : Scheduler::kAgentVersionBits;
  s.resize(1);
  for (std::uint32_t j = 0; j < old_entries; ++j) s.schedule(k, a, kFar + j);
  Event e;
  Days t = 0.0;
  std::uint32_t last = 0;
  bool wrapped = false;
  for (std::uint32_t cycle = 0;; ++cycle) {
    ASSERT_LT(cycle, 1u << (bits - 1)) << "the version never wrapped";
    t += 1.0;
    s.schedule(k, a, t);
    const std::uint32_t v = s.queue().top().version;  // the new entry precedes the old ones
    wrapped = wrapped || v < last;
    last = v;
    if (how == Wrap::AtCancel) {
      s.cancel(k, a);
      if (s.next(e, t)) FAIL() << "a cancelled event fired, cycle " << cycle;
    } else if (!s.next(e, t) || e.time != t) {
      FAIL() << "the event scheduled at " << t << " did not fire, cycle " << cycle;
    }
    // Stop in the middle of the old entries' versions, so that the next schedule reuses the
    // version of one of them.
    if (wrapped && v >= old_entries) break;
  }
  s.schedule(k, a, 2 * kFar);
  ASSERT_TRUE(s.next(e, 1e18));
  EXPECT_EQ(e.time, 2 * kFar) << "a superseded entry (version " << e.version
                              << ") fired in place of the live one";
  EXPECT_FALSE(s.next(e, 1e18));
  EXPECT_EQ(s.queued(), 0u);
}

INSTANTIATE_TEST_SUITE_P(Crossings, VersionWrap,
                         ::testing::Values(WrapCase{Wrap::AtFire, false}, WrapCase{Wrap::AtCancel, false},
                                           WrapCase{Wrap::AtSchedule, false}, WrapCase{Wrap::AtFire, true},
                                           WrapCase{Wrap::AtCancel, true}, WrapCase{Wrap::AtSchedule, true}),
                         [](const ::testing::TestParamInfo<WrapCase>& p) {
                           const std::string how = p.param.how == Wrap::AtFire     ? "AtFire"
                                                   : p.param.how == Wrap::AtCancel ? "AtCancel"
                                                                                   : "AtSchedule";
                           return how + (p.param.global ? "Global" : "Agent");
                         });

TEST(Scheduler, EntryScheduledAtAWrapNeverFiresAfterTheNextWrap) {
  // A purge forced when a schedule crosses a 2^16 boundary must not keep the entries whose version
  // equals the slot's new one. The entry scheduled at the previous crossing has exactly that version:
  // here it is scheduled far ahead, superseded, and must still not fire 2^16 versions later.
  Scheduler s;
  const EventKind k = s.register_kind("k");
  s.resize(1);
  Event e;
  Days t = 1.0;
  // Schedule, reschedule, fire: from here on each cycle moves the version by four and it crosses
  // each 2^16 boundary in a schedule, right after a pending version of 2^16 - 3 fired.
  s.schedule(k, 0, t);
  s.schedule(k, 0, t);
  ASSERT_TRUE(s.next(e, t));
  int wraps = 0;
  for (std::uint32_t cycle = 0; wraps < 2; ++cycle) {
    ASSERT_LT(cycle, 1u << 24) << "the version never wrapped";
    t += 1.0;
    s.schedule(k, 0, t);
    const std::uint32_t v = s.queue().top().version;
    if (!s.next(e, t) || e.time != t) FAIL() << "the event at " << t << " did not fire, cycle " << cycle;
    if (v != (1u << Scheduler::kAgentVersionBits) - 3) continue;
    // The next schedule crosses a boundary, and the scheduler purges superseded entries then.
    const std::uint64_t purges = s.compactions();
    if (++wraps == 1) {
      s.schedule(k, 0, kFar);  // will be superseded and stay queued
      ASSERT_EQ(s.compactions(), purges + 1) << "expected the first wrap here";
      t += 1.0;
      s.schedule(k, 0, t);
      s.schedule(k, 0, t);  // a second reschedule keeps the cycle's phase
      ASSERT_TRUE(s.next(e, t));
      ASSERT_EQ(e.time, t);
    } else {
      s.schedule(k, 0, 2 * kFar);
      ASSERT_EQ(s.compactions(), purges + 1) << "expected the second wrap here";
      ASSERT_TRUE(s.next(e, 1e18));
      EXPECT_EQ(e.time, 2 * kFar) << "the entry superseded at the previous wrap fired instead";
    }
  }
}

}  // namespace
}  // namespace pathways
