// Discrete-event scheduler: per-agent pending events by kind, lazy cancellation by version counters.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/binary_heap_queue.hpp"
#include "core/calendar_queue.hpp"
#include "core/event.hpp"
#include "core/huge_pages.hpp"
#include "core/prefetch.hpp"

namespace pathways {

/// Whether an event kind belongs to agents (one pending event per agent) or to the population
/// (one pending event in all, scheduled for kGlobalAgent). Global kinds take no per-agent memory.
/// A clock kind (HazardClock) also keeps a float rate per agent beside its version, so that the
/// clock's "is this draw still valid" test reads the same cache line.
enum class KindScope : std::uint8_t { PerAgent, PerAgentClock, Global };

/// Each (agent, kind) pair has at most one live pending event: scheduling replaces it, cancelling
/// removes it. Both only bump the slot's version; superseded queue entries are skipped when popped,
/// and purged in one pass whenever a schedule or cancel finds them outnumbering the live ones, so
/// the queue stays near at most twice the live events (pops can lower the live count between
/// checks).
///
/// Slot versions are odd while an event is pending and even otherwise, so `pending()` needs no
/// extra memory. They (and clock rates) are stored agent-major (all kinds of one agent side by side): an
/// event usually reschedules several clocks of its agent, and those slots then share a cache line or two
/// instead of touching one array per kind.
///
/// A per-agent version has 16 bits (kAgentVersionBits), a global one 24 (the width of an event's
/// version field). When a version wraps, every queued entry of its slot is purged (none of them is
/// live then), so an old entry can never come to match a new version. A slot wraps at the soonest
/// after 2^14 = 16,384 schedules of one (agent, kind) pair (a schedule and a firing move it by 4, a
/// reschedule by 2), far more than an agent of the full model has in a run (about 3 events per
/// agent-year over all its kinds), so purges stay rare; in exchange the full model's row of 11 clocks
/// and 5 plain kinds is 76 bytes instead of 108.
template <class Queue>
class BasicScheduler {
 public:
  /// Registers an event kind. Kinds registered earlier win ties at equal times.
  EventKind register_kind(std::string_view name, KindScope scope = KindScope::PerAgent) {
    for (EventKind k = 0; k < names_.size(); ++k) {
      if (names_[k] == name) return k;
    }
    if (names_.size() >= Event::kMaxKinds)
      throw std::logic_error("more than 256 event kinds: " + std::string(name));
    names_.emplace_back(name);
    global_versions_.push_back(0);
    if (scope == KindScope::Global) {
      column_.push_back(kNoColumn);
    } else {
      column_.push_back(static_cast<std::uint32_t>(stride_));
      // A clock's float rate takes the two 16-bit cells after its version.
      relayout(stride_ + (scope == KindScope::PerAgentClock ? 3 : 1));
    }
    return static_cast<EventKind>(names_.size() - 1);
  }

  /// Width of a per-agent slot's version, and of a global one (at most Event's 24 bits).
  static constexpr unsigned kAgentVersionBits = 16;
  static constexpr unsigned kGlobalVersionBits = 24;
  static_assert(kGlobalVersionBits <= 24 && (1u << kGlobalVersionBits) - 1u == Event::kVersionMask);

  /// Schedules (or reschedules) the event of kind k for agent a at time t.
  void schedule(EventKind k, AgentId a, Days t) {
    const std::uint32_t before = version(k, a);
    if (before & 1u) {
      ++stale_in_queue_;  // the pending entry is superseded
    } else {
      ++live_;
    }
    const std::uint32_t v = advance(k, a, before, (before + 2u) | 1u);
    ++scheduled_;
    queue_.push(Event{t, k, a, v});
    if (stale_in_queue_ > live_ + kMinCompaction) compact();
  }
  /// Cancels the pending event of kind k for agent a, if any.
  void cancel(EventKind k, AgentId a) {
    const std::uint32_t before = version(k, a);
    if (!(before & 1u)) return;
    --live_;
    ++stale_in_queue_;
    advance(k, a, before, before + 1u);
    if (stale_in_queue_ > live_ + kMinCompaction) compact();
  }
  /// Cancels every pending per-agent event of a.
  void cancel_all(AgentId a) {
    for (EventKind k = 0; k < names_.size(); ++k) {
      if (column_[k] != kNoColumn) cancel(k, a);
    }
  }
  /// True when the event of kind k for agent a is pending.
  bool pending(EventKind k, AgentId a) const { return version(k, a) & 1u; }
  /// The rate kept beside the version of a KindScope::PerAgentClock kind (see HazardClock).
  float clock_rate(EventKind k, AgentId a) const {
    float rate;
    std::memcpy(&rate, &versions_[a * stride_ + checked_column(k) + 1], sizeof rate);
    return rate;
  }
  void set_clock_rate(EventKind k, AgentId a, float rate) {
    std::memcpy(&versions_[a * stride_ + checked_column(k) + 1], &rate, sizeof rate);
  }

  /// Pops the next live event with time <= until into `out`; false when there is none.
  bool next(Event& out, Days until) {
    while (!queue_.empty()) {
      if (queue_.top().time > until) return false;
      const Event e = queue_.pop();
      prefetch_slot_ahead();
      const std::uint32_t v = version(e.kind, e.agent);
      if (e.version != v) {
        --stale_in_queue_;
        ++stale_;
        continue;
      }
      --live_;
      advance(e.kind, e.agent, v, v + 1u);  // consumed: the slot is no longer pending
      out = e;
      ++processed_;
      return true;
    }
    return false;
  }

  /// Removes every superseded entry from the queue now.
  void compact() {
    queue_.remove_if([this](const Event& e) { return e.version != version(e.kind, e.agent); });
    stale_ += stale_in_queue_;
    stale_in_queue_ = 0;
    ++compactions_;
  }

  /// Makes room for the slots of n agents without moving them later (see Simulation::reserve_agents).
  void reserve(std::size_t n) {
    change_on_huge_pages(versions_, [&](auto& v) { v.reserve(n * stride_); });
  }
  /// Grows the per-agent version slots to n agents.
  void resize(std::size_t n) {
    agents_ = n;
    change_on_huge_pages(versions_, [&](auto& v) { v.resize(agents_ * stride_, 0u); });
  }

  /// Starts loading the row of agent a into the cache (a hint; see Simulation::run).
  void prefetch(AgentId a) const {
    prefetch_range(versions_.data() + a * stride_, stride_ * sizeof(std::uint16_t));
  }

  std::size_t kinds() const { return names_.size(); }
  const std::string& kind_name(EventKind k) const { return names_[k]; }
  std::size_t queued() const { return queue_.size(); }
  std::size_t live() const { return live_; }
  std::uint64_t processed() const { return processed_; }
  std::uint64_t scheduled() const { return scheduled_; }
  /// Superseded entries dropped so far, when popped or by compaction.
  std::uint64_t stale() const { return stale_; }
  std::uint64_t compactions() const { return compactions_; }
  std::size_t bytes_per_agent() const { return stride_ * sizeof(std::uint16_t); }
  Queue& queue() { return queue_; }
  const Queue& queue() const { return queue_; }

 private:
  static constexpr std::uint32_t kNoColumn = UINT32_MAX;
  // Below this many superseded entries a purge is not worth its pass over the queue.
  static constexpr std::size_t kMinCompaction = 4096;

  // A slot's version, in [0, 2^bits) for its width.
  std::uint32_t version(EventKind k, AgentId a) const {
    return a == kGlobalAgent ? global_versions_[k] : versions_[a * stride_ + checked_column(k)];
  }
  // Moves the slot from `before` to `after` (> before) reduced to its width, and returns the stored
  // value. When `after` passes 2^bits (once per 2^(bits-1) schedules of one slot) an old entry of the
  // slot could come to match a later version, so every queued entry of the slot is dropped then;
  // none of them is live at that point. Callers push the new entry after this.
  std::uint32_t advance(EventKind k, AgentId a, std::uint32_t before, std::uint32_t after) {
    const bool global = a == kGlobalAgent;
    const unsigned bits = global ? kGlobalVersionBits : kAgentVersionBits;
    const std::uint32_t v = after & ((1u << bits) - 1u);
    if (global) {
      global_versions_[k] = v;
    } else {
      versions_[a * stride_ + checked_column(k)] = static_cast<std::uint16_t>(v);
    }
    if ((before >> bits) != (after >> bits)) purge_slot(k, a);
    return v;
  }
  void purge_slot(EventKind k, AgentId a) {
    const std::size_t removed =
        queue_.remove_if([k, a](const Event& e) { return e.kind == k && e.agent == a; });
    stale_in_queue_ -= removed;
    stale_ += removed;
    ++compactions_;
  }

  // Every pop checks a version slot of a random agent, a cache miss at national scale. About 40% of
  // the pops in the full model are superseded entries, which the loop in next() skips without
  // returning; a prefetch per returned event would miss their slots and fall behind, so each pop
  // starts loading the slot of the entry this many places later.
  static constexpr std::size_t kSlotPrefetchAhead = 8;
  void prefetch_slot_ahead() const {
    if constexpr (requires(const Queue& q) { q.ahead(std::size_t{1}); }) {
      const Event* e = queue_.ahead(kSlotPrefetchAhead);
      if (e && e->agent != kGlobalAgent) {
        const std::uint32_t c = column_[e->kind];
        if (c != kNoColumn) prefetch_line(versions_.data() + e->agent * stride_ + c);
      }
    }
  }

  std::size_t checked_column(EventKind k) const {
    const std::uint32_t c = column_[k];
    if (c == kNoColumn)
      throw std::logic_error("event kind '" + names_[k] + "' is global but was used for an agent");
    return c;
  }
  // A per-agent kind registered after agents exist: widen every agent's row.
  void relayout(std::size_t stride) {
    if (agents_ > 0) {
      std::vector<std::uint16_t> wider(agents_ * stride, 0u);
      for (std::size_t a = 0; a < agents_; ++a) {
        for (std::size_t c = 0; c < stride_; ++c) wider[a * stride + c] = versions_[a * stride_ + c];
      }
      versions_.swap(wider);
    }
    stride_ = stride;
  }

  Queue queue_;
  std::vector<std::string> names_;
  std::vector<std::uint32_t> column_;    ///< column_[kind]: index in an agent's row, or kNoColumn
  std::vector<std::uint16_t> versions_;  ///< versions_[agent * stride_ + column] (and clock rates)
  std::vector<std::uint32_t> global_versions_;
  std::size_t stride_ = 0;
  std::size_t agents_ = 0;
  std::size_t live_ = 0;            ///< pending events (each has exactly one matching queue entry)
  std::size_t stale_in_queue_ = 0;  ///< superseded entries still in the queue
  std::uint64_t processed_ = 0;
  std::uint64_t scheduled_ = 0;
  std::uint64_t stale_ = 0;
  std::uint64_t compactions_ = 0;
};

using Scheduler =
    BasicScheduler<CalendarQueue>;  // BinaryHeapQueue stays as the reference (tests, benchmarks)

}  // namespace pathways
