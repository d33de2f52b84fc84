// Discrete-event scheduler: per-agent pending events by kind, lazy cancellation by version counters.
#pragma once

#include <bit>
#include <cstdint>
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
/// clock's "is this draw still valid" test reads one cache line.
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
      relayout(stride_ + (scope == KindScope::PerAgentClock ? 2 : 1));
    }
    return static_cast<EventKind>(names_.size() - 1);
  }

  /// Schedules (or reschedules) the event of kind k for agent a at time t.
  void schedule(EventKind k, AgentId a, Days t) {
    std::uint32_t& v = slot(k, a);
    if (v & 1u) {
      ++stale_in_queue_;  // the pending entry is superseded
    } else {
      ++live_;
    }
    const std::uint32_t before = v;
    v = (v + 2u) | 1u;
    ++scheduled_;
    if (wrapped(before, v)) purge_slot(k, a);
    queue_.push(Event{t, k, a, v});
    if (stale_in_queue_ > live_ + kMinCompaction) compact();
  }
  /// Cancels the pending event of kind k for agent a, if any.
  void cancel(EventKind k, AgentId a) {
    std::uint32_t& v = slot(k, a);
    if (!(v & 1u)) return;
    const std::uint32_t before = v++;
    --live_;
    ++stale_in_queue_;
    if (wrapped(before, v)) purge_slot(k, a);
    if (stale_in_queue_ > live_ + kMinCompaction) compact();
  }
  /// Cancels every pending per-agent event of a.
  void cancel_all(AgentId a) {
    for (EventKind k = 0; k < names_.size(); ++k) {
      if (column_[k] != kNoColumn) cancel(k, a);
    }
  }
  /// True when the event of kind k for agent a is pending.
  bool pending(EventKind k, AgentId a) const { return slot_value(k, a) & 1u; }
  /// The rate kept beside the version of a KindScope::PerAgentClock kind (see HazardClock).
  float clock_rate(EventKind k, AgentId a) const {
    return std::bit_cast<float>(versions_[a * stride_ + checked_column(k) + 1]);
  }
  void set_clock_rate(EventKind k, AgentId a, float rate) {
    versions_[a * stride_ + checked_column(k) + 1] = std::bit_cast<std::uint32_t>(rate);
  }

  /// Pops the next live event with time <= until into `out`; false when there is none.
  bool next(Event& out, Days until) {
    while (!queue_.empty()) {
      if (queue_.top().time > until) return false;
      const Event e = queue_.pop();
      prefetch_slot_ahead();
      std::uint32_t& v = slot(e.kind, e.agent);
      if (e.version != (v & Event::kVersionMask)) {
        --stale_in_queue_;
        ++stale_;
        continue;
      }
      const std::uint32_t before = v++;  // consumed: the slot is no longer pending
      --live_;
      if (wrapped(before, v)) purge_slot(e.kind, e.agent);
      out = e;
      ++processed_;
      return true;
    }
    return false;
  }

  /// Removes every superseded entry from the queue now.
  void compact() {
    queue_.remove_if(
        [this](const Event& e) { return e.version != (slot_value(e.kind, e.agent) & Event::kVersionMask); });
    stale_ += stale_in_queue_;
    stale_in_queue_ = 0;
    ++compactions_;
  }

  /// Grows the per-agent version slots to n agents.
  void resize(std::size_t n) {
    agents_ = n;
    const std::uint32_t* before = versions_.data();
    versions_.resize(agents_ * stride_, 0u);
    if (versions_.data() != before)
      advise_huge_pages(versions_.data(), versions_.capacity() * sizeof(std::uint32_t));
  }

  /// Starts loading the row of agent a into the cache (a hint; see Simulation::run).
  void prefetch(AgentId a) const {
    prefetch_range(versions_.data() + a * stride_, stride_ * sizeof(std::uint32_t));
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
  std::size_t bytes_per_agent() const { return stride_ * sizeof(std::uint32_t); }
  Queue& queue() { return queue_; }
  const Queue& queue() const { return queue_; }

 private:
  static constexpr std::uint32_t kNoColumn = UINT32_MAX;
  // Below this many superseded entries a purge is not worth its pass over the queue.
  static constexpr std::size_t kMinCompaction = 4096;

  // An event keeps only the low 24 bits of its slot's version. When the version crosses a multiple
  // of 2^24 (once per 2^23 schedules of one slot), an old entry of the slot could come to match it
  // again, so every queued entry of the slot is dropped then; none of them is live at that point.
  static bool wrapped(std::uint32_t before, std::uint32_t after) { return (before >> 24) != (after >> 24); }
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

  std::uint32_t& slot(EventKind k, AgentId a) {
    return a == kGlobalAgent ? global_versions_[k] : versions_[a * stride_ + checked_column(k)];
  }
  std::uint32_t slot_value(EventKind k, AgentId a) const {
    return a == kGlobalAgent ? global_versions_[k] : versions_[a * stride_ + checked_column(k)];
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
      std::vector<std::uint32_t> wider(agents_ * stride, 0u);
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
  std::vector<std::uint32_t> versions_;  ///< versions_[agent * stride_ + column]
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
