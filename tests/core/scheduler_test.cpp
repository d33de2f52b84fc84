// Scheduler: replacement, lazy cancellation, the total order among simultaneous events.
#include <gtest/gtest.h>

#include <vector>

#include "core/scheduler.hpp"

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

}  // namespace
}  // namespace pathways
