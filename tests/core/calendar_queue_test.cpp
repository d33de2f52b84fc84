// Property tests: CalendarQueue pops exactly the sequence BinaryHeapQueue pops, for any interleaving
// of pushes, pops and purges; its BucketPool lists keep exactly the events put in them.
#include "core/calendar_queue.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <tuple>
#include <vector>

#include "core/binary_heap_queue.hpp"
#include "core/bucket_pool.hpp"
#include "core/scheduler.hpp"
#include "support/split_mix.hpp"

namespace pathways {
namespace {

using testing::Mix;

bool same(const Event& a, const Event& b) {
  return a.time == b.time && a.kind == b.kind && a.agent == b.agent && a.version == b.version;
}

// Drives both queues with the same operations and checks every pop, top and size.
struct Pair {
  explicit Pair(std::size_t coarse_buckets = CalendarQueue::kCoarseBuckets) : cal(coarse_buckets) {}
  BinaryHeapQueue ref;
  CalendarQueue cal;
  std::uint64_t pops = 0;

  void push(const Event& e) {
    ref.push(e);
    cal.push(e);
    ASSERT_EQ(ref.size(), cal.size());
  }
  void pop() {
    ASSERT_FALSE(cal.empty());
    const Event expect_top = ref.top();
    ASSERT_TRUE(same(cal.top(), expect_top));
    const Event a = ref.pop();
    const Event b = cal.pop();
    ASSERT_TRUE(same(a, b)) << "pop " << pops << ": heap (" << a.time << ", " << a.kind << ", " << a.agent
                            << ", " << a.version << ") calendar (" << b.time << ", " << b.kind << ", "
                            << b.agent << ", " << b.version << ")";
    ASSERT_EQ(ref.size(), cal.size());
    ++pops;
  }
  template <class Pred>
  void remove_if(Pred pred) {
    ref.remove_if(pred);
    cal.remove_if(pred);
    ASSERT_EQ(ref.size(), cal.size());
    if (!ref.empty()) {
      ASSERT_TRUE(same(cal.top(), ref.top()));
    }
  }
  void drain() {
    while (!ref.empty()) {
      pop();
      if (::testing::Test::HasFatalFailure()) return;
    }
    ASSERT_TRUE(cal.empty());
  }
};

// Times drawn from a mix of shapes seen in models: exponential holds, coarse (tied) grid times,
// exact repeats of "now", bursts at one instant, and far-future or never-firing events.
double draw_delay(Mix& g, int profile) {
  const double u = g.uniform();
  switch (profile) {
    case 0:
      return -std::log(g.uniform());  // hold model
    case 1:
      return std::floor(-std::log(g.uniform()) * 3.0);  // integer days: many ties
    case 2:
      return u < 0.3 ? 0.0 : -std::log(g.uniform()) * 500.0;  // many events at "now"
    case 3:
      if (u < 0.05) return 1e9 * g.uniform();  // far future
      if (u < 0.06) return std::numeric_limits<double>::infinity();
      return -std::log(g.uniform()) * 365.25;
    default:
      return u < 0.5 ? 1e-12 * g.uniform() : 7300.0 * g.uniform();  // two very different scales
  }
}

Event make_event(Mix& g, double t, std::uint32_t& version) {
  // Few kinds and agents, so equal times with different (or equal) keys are common.
  return Event{t, g.below(4), g.chance(0.05) ? kGlobalAgent : g.below(50), ++version % 7};
}

// (time profile, cap on coarse buckets): the default cap, and a cap of 4 so that a few thousand
// events already fill coarse buckets that must be spread into fine ones.
class CalendarQueueProperty : public ::testing::TestWithParam<std::tuple<int, std::size_t>> {};

TEST_P(CalendarQueueProperty, RandomInterleavingsMatchBinaryHeap) {
  const auto [profile, coarse] = GetParam();
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    SCOPED_TRACE(::testing::Message() << "profile " << profile << " seed " << seed);
    Mix g{seed * 7919 + static_cast<std::uint64_t>(profile)};
    Pair q{coarse};
    std::uint32_t version = 0;
    double now = 0.0;
    const int steps = 4000 + static_cast<int>(g.below(4000));
    for (int step = 0; step < steps; ++step) {
      const double r = g.uniform();
      if (r < 0.02) {
        // Burst: many events at one instant, then at a spread of times.
        const double t = now + (g.chance(0.5) ? 0.0 : draw_delay(g, profile));
        const std::uint32_t n = 1 + g.below(300);
        for (std::uint32_t i = 0; i < n; ++i) q.push(make_event(g, t, version));
      } else if (r < 0.03) {
        // Drain to empty, then refill from the current time.
        while (!q.ref.empty() && g.chance(0.999)) {
          now = q.ref.top().time;
          q.pop();
          if (HasFatalFailure()) return;
        }
      } else if (r < 0.52 || q.ref.empty()) {
        q.push(make_event(g, now + draw_delay(g, profile), version));
      } else {
        now = q.ref.top().time;
        q.pop();
      }
      if (HasFatalFailure()) return;
    }
    q.drain();
    if (HasFatalFailure()) return;
  }
}

// A purge of the kind the scheduler does (scattered entries), of the front of the queue (the loaded
// bucket and the late heap), of a few agents, or rarely of everything.
void purge(Pair& q, Mix& g, double now) {
  const std::uint32_t m = 2 + g.below(5), c = g.below(m);
  const std::uint32_t which = g.below(10);
  if (which < 4) {
    q.remove_if([=](const Event& e) { return e.version % m == c; });
  } else if (which < 7) {
    const double until = now + (g.chance(0.5) ? 0.0 : 10.0 * g.uniform());
    q.remove_if([=](const Event& e) { return e.time <= until; });
  } else if (which < 9) {
    q.remove_if([=](const Event& e) { return e.agent == c; });
  } else {
    q.remove_if([](const Event&) { return true; });
  }
}

TEST_P(CalendarQueueProperty, PurgesKeepThePopOrderOfTheRest) {
  const auto [profile, coarse] = GetParam();
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    SCOPED_TRACE(::testing::Message() << "profile " << profile << " seed " << seed);
    Mix g{seed * 104729 + static_cast<std::uint64_t>(profile)};
    Pair q{coarse};
    std::uint32_t version = 0;
    double now = 0.0;
    for (int step = 0; step < 4000; ++step) {
      const double r = g.uniform();
      if (r < 0.05) {
        // Pushes at exactly `now` go to the late heap (their bucket is loaded), which a purge must
        // rebuild as a heap.
        const std::uint32_t n = 1 + g.below(50);
        for (std::uint32_t i = 0; i < n; ++i) q.push(make_event(g, now, version));
      } else if (r < 0.10) {
        purge(q, g, now);
      } else if (r < 0.55 || q.ref.empty()) {
        q.push(make_event(g, now + draw_delay(g, profile), version));
      } else {
        now = q.ref.top().time;
        q.pop();
      }
      if (HasFatalFailure()) return;
    }
    q.drain();
    if (HasFatalFailure()) return;
  }
}

INSTANTIATE_TEST_SUITE_P(Profiles, CalendarQueueProperty,
                         ::testing::Combine(::testing::Values(0, 1, 2, 3, 4),
                                            ::testing::Values(CalendarQueue::kCoarseBuckets,
                                                              std::size_t{4})));

TEST(CalendarQueue, HoldModelAtScaleMatchesBinaryHeap) {
  // Large enough for thousands of buckets and several window rebuilds.
  Mix g{42};
  Pair q;
  std::uint32_t version = 0;
  for (int i = 0; i < 100000; ++i) q.push(make_event(g, -std::log(g.uniform()), version));
  for (int i = 0; i < 400000; ++i) {
    const double now = q.ref.top().time;
    q.pop();
    if (HasFatalFailure()) return;
    q.push(make_event(g, now - std::log(g.uniform()), version));
  }
  EXPECT_GT(q.cal.rebuilds(), 1u);
  EXPECT_GT(q.cal.bucket_count(), 1000u);
  // Filling an empty queue builds a window from its first event; a respill must then fix it.
  EXPECT_GE(q.cal.respills(), 1u);
  q.drain();
}

TEST(CalendarQueue, FineTierAtScaleMatchesBinaryHeap) {
  // Few coarse buckets for many events: every coarse bucket is spread into fine buckets, and pushes
  // land in the fine tier, the coarse tier, the late heap and the overflow.
  Mix g{43};
  Pair q{64};
  std::uint32_t version = 0;
  for (int i = 0; i < 100000; ++i) q.push(make_event(g, -std::log(g.uniform()), version));
  for (int i = 0; i < 300000; ++i) {
    const double now = q.ref.top().time;
    q.pop();
    if (HasFatalFailure()) return;
    q.push(make_event(g, now - std::log(g.uniform()) * (g.chance(0.1) ? 0.01 : 1.0), version));
  }
  EXPECT_EQ(q.cal.bucket_count(), 64u);
  EXPECT_GT(q.cal.fine_spreads(), 100u);
  EXPECT_GT(q.cal.rebuilds(), 1u);
  q.drain();
}

TEST(CalendarQueue, TiesAtNowDoNotRespillOverAndOver) {
  // A daily-step pattern: every event is at a whole day and half of the follow-ups are at the same
  // instant. The tie groups cannot be split, so the queue must not keep re-bucketing them.
  Mix g{17};
  Pair q;
  std::uint32_t version = 0;
  for (int i = 0; i < 50000; ++i) q.push(make_event(g, static_cast<double>(g.below(30)), version));
  for (int i = 0; i < 300000; ++i) {
    const double now = q.ref.top().time;
    q.pop();
    if (HasFatalFailure()) return;
    q.push(make_event(g, g.chance(0.5) ? now : now + 1.0 + static_cast<double>(g.below(30)), version));
  }
  EXPECT_LT(q.cal.respills(), 50u);
  q.drain();
}

TEST(CalendarQueue, EventsBeforeTheLastPopStillComeOutInOrder) {
  // The scheduler never does this, but the queue must not silently misorder if someone does.
  Mix g{3};
  Pair q;
  std::uint32_t version = 0;
  for (int i = 0; i < 2000; ++i) q.push(make_event(g, 100.0 * g.uniform(), version));
  for (int i = 0; i < 500; ++i) q.pop();
  for (int i = 0; i < 200; ++i) q.push(make_event(g, 100.0 * g.uniform(), version));
  q.drain();
}

TEST(CalendarQueue, AllEqualTimesAndInfinities) {
  Mix g{5};
  Pair q;
  std::uint32_t version = 0;
  const double inf = std::numeric_limits<double>::infinity();
  for (int i = 0; i < 3000; ++i) q.push(make_event(g, 5.0, version));
  for (int i = 0; i < 100; ++i) q.push(make_event(g, inf, version));
  for (int i = 0; i < 1000; ++i) q.pop();
  for (int i = 0; i < 100; ++i) q.push(make_event(g, 5.0, version));
  for (int i = 0; i < 100; ++i) q.push(make_event(g, 5.0 + g.uniform(), version));
  q.drain();
  // Only infinite times: they still come out, ordered by kind, agent and version.
  for (int i = 0; i < 500; ++i) q.push(make_event(g, inf, version));
  q.push(make_event(g, 1.0, version));
  q.drain();
}

TEST(CalendarQueue, ClearKeepsItUsable) {
  Mix g{9};
  Pair q;
  std::uint32_t version = 0;
  for (int round = 0; round < 5; ++round) {
    for (int i = 0; i < 5000; ++i) q.push(make_event(g, 1000.0 * g.uniform(), version));
    for (int i = 0; i < 1234; ++i) q.pop();
    q.ref.clear();
    q.cal.clear();
    EXPECT_TRUE(q.cal.empty());
    EXPECT_EQ(q.cal.size(), 0u);
  }
  for (int i = 0; i < 5000; ++i) q.push(make_event(g, 1000.0 * g.uniform(), version));
  q.drain();
}

TEST(CalendarQueue, SchedulerWithCancellationMatchesBinaryHeap) {
  // The whole scheduler on each queue: lazy cancellation leaves stale entries in the queue.
  BasicScheduler<BinaryHeapQueue> a;
  BasicScheduler<CalendarQueue> b;
  for (const char* name : {"k0", "k1", "k2"}) {
    a.register_kind(name);
    b.register_kind(name);
  }
  const std::size_t agents = 5000;
  a.resize(agents);
  b.resize(agents);
  Mix g{11};
  for (AgentId i = 0; i < agents; ++i) {
    const EventKind k = g.below(3);
    const double t = -std::log(g.uniform()) * 100.0;
    a.schedule(k, i, t);
    b.schedule(k, i, t);
  }
  Event ea, eb;
  for (int step = 0; step < 200000; ++step) {
    const bool ha = a.next(ea, 1e18);
    const bool hb = b.next(eb, 1e18);
    ASSERT_EQ(ha, hb);
    if (!ha) break;
    ASSERT_TRUE(same(ea, eb)) << "step " << step;
    const AgentId other = g.below(static_cast<std::uint32_t>(agents));
    if (g.chance(0.1)) {
      const EventKind c = g.below(3);
      a.cancel(c, other);
      b.cancel(c, other);
    }
    const EventKind k = g.below(3);
    const double t = ea.time - std::log(g.uniform()) * 100.0;
    a.schedule(k, ea.agent, t);
    b.schedule(k, ea.agent, t);
    if (g.chance(0.2)) {
      const double t2 = ea.time + std::floor(-std::log(g.uniform()) * 30.0);
      a.schedule(0, other, t2);
      b.schedule(0, other, t2);
    }
  }
  EXPECT_EQ(a.processed(), b.processed());
  EXPECT_EQ(a.stale(), b.stale());
  EXPECT_GT(b.stale(), 0u);
}

TEST(CalendarQueue, PurgesAtScaleMatchBinaryHeap) {
  // Thousands of buckets and a non-empty overflow: purges go through every part of the queue.
  Mix g{23};
  Pair q;
  std::uint32_t version = 0;
  for (int i = 0; i < 50000; ++i) q.push(make_event(g, -std::log(g.uniform()) * 100.0, version));
  for (int i = 0; i < 200000; ++i) {
    const double now = q.ref.top().time;
    q.pop();
    if (HasFatalFailure()) return;
    q.push(make_event(g, now - std::log(g.uniform()) * (g.chance(0.01) ? 1e5 : 100.0), version));
    if (i % 5000 == 0) {
      const std::uint32_t c = g.below(3);
      q.remove_if([c](const Event& e) { return e.version % 3 == c; });
      for (int j = 0; j < 15000; ++j) q.push(make_event(g, now - std::log(g.uniform()) * 100.0, version));
    }
    if (HasFatalFailure()) return;
  }
  EXPECT_GT(q.cal.bucket_count(), 1000u);
  q.drain();
}

// The events of a list, in event order, to compare lists as multisets.
std::vector<Event> sorted(std::vector<Event> v) {
  std::sort(v.begin(), v.end(), event_before);
  return v;
}
bool same_events(const std::vector<Event>& a, const std::vector<Event>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), same);
}

TEST(BucketPool, ListsKeepExactlyTheirEvents) {
  // Random pushes, moves between lists, drains and purges on many lists sharing one pool, against
  // a plain vector per list.
  BucketPool pool;
  constexpr std::uint32_t kLists = 24;
  std::vector<BucketPool::List> lists(kLists, BucketPool::kEmpty);
  std::vector<std::vector<Event>> ref(kLists);
  const auto contents = [&](std::uint32_t i) {
    std::vector<Event> v;
    pool.for_each(lists[i], [&v](const Event& e) { v.push_back(e); });
    return sorted(v);
  };
  Mix g{31};
  std::uint32_t version = 0;
  for (int step = 0; step < 30000; ++step) {
    const std::uint32_t i = g.below(kLists), j = g.below(kLists);
    const double r = g.uniform();
    if (r < 0.75) {
      const Event e = make_event(g, static_cast<double>(g.below(100)), version);
      pool.push(lists[i], e);
      ref[i].push_back(e);
    } else if (r < 0.80 && i != j) {
      // consume() hands each chunk back before reading the next, while f pushes into another list.
      pool.consume(lists[i], [&](const Event& e) { pool.push(lists[j], e); });
      ref[j].insert(ref[j].end(), ref[i].begin(), ref[i].end());
      ref[i].clear();
    } else if (r < 0.85) {
      std::vector<Event> out;
      pool.drain_into(lists[i], out);
      ASSERT_TRUE(same_events(sorted(out), sorted(ref[i]))) << "step " << step;
      ref[i].clear();
    } else if (r < 0.95) {
      const std::uint32_t m = 2 + g.below(4), c = g.below(m);
      const auto pred = [=](const Event& e) { return e.agent % m == c; };
      const std::size_t before = ref[i].size();
      const std::size_t removed = pool.remove_if(lists[i], pred);
      std::erase_if(ref[i], pred);
      ASSERT_EQ(removed, before - ref[i].size()) << "step " << step;
    } else {
      ASSERT_TRUE(same_events(contents(i), sorted(ref[i]))) << "step " << step;
    }
    // A list keeps no chunk once it is empty, whatever emptied it.
    ASSERT_EQ(lists[i] == BucketPool::kEmpty, ref[i].empty()) << "step " << step;
  }
  for (std::uint32_t i = 0; i < kLists; ++i) {
    EXPECT_TRUE(same_events(contents(i), sorted(ref[i]))) << "list " << i;
  }
}

TEST(BucketPool, ChunksAreReusedOnceTheirEventsAreTakenOut) {
  BucketPool pool;
  std::vector<BucketPool::List> lists(16, BucketPool::kEmpty);
  const auto fill = [&] {  // about 2,900 chunks
    for (std::uint32_t n = 0; n < 20000; ++n) {
      pool.push(lists[n % 16], Event{static_cast<double>(n), 0, n, 0});
    }
  };
  fill();
  const std::size_t bytes = pool.bytes();
  EXPECT_GE(bytes, 20000 * sizeof(Event));
  for (auto& l : lists) pool.consume(l, [](const Event&) {});
  fill();
  EXPECT_EQ(pool.bytes(), bytes) << "chunks drained by consume() were not reused";
  for (auto& l : lists) pool.remove_if(l, [](const Event&) { return true; });
  fill();
  EXPECT_EQ(pool.bytes(), bytes) << "chunks emptied by remove_if() were not reused";
  // Moving every event into one list reuses the chunks as they are read.
  for (std::size_t i = 0; i + 1 < lists.size(); ++i) {
    pool.consume(lists[i], [&](const Event& e) { pool.push(lists.back(), e); });
  }
  // At most one chunk more: a push can need a fresh chunk just before the chunk being read goes back.
  EXPECT_LE(pool.bytes(), bytes + BucketPool::kChunkEvents * sizeof(Event) + 2 * sizeof(std::uint32_t))
      << "moving events between lists grew the pool";
  std::size_t n = 0;
  pool.for_each(lists.back(), [&n](const Event&) { ++n; });
  EXPECT_EQ(n, 20000u);
}

}  // namespace
}  // namespace pathways
