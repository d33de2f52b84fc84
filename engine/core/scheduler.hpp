// Discrete-event scheduler: per-agent pending events by kind, lazy cancellation by version counters.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/binary_heap_queue.hpp"
#include "core/calendar_queue.hpp"
#include "core/event.hpp"

namespace pathways {

/// Each (agent, kind) pair has at most one live pending event: scheduling replaces it, cancelling
/// removes it. Both only bump the slot's version; stale queue entries are skipped when popped.
template <class Queue>
class BasicScheduler {
 public:
  /// Registers an event kind. Kinds registered earlier win ties at equal times.
  EventKind register_kind(std::string_view name) {
    for (EventKind k = 0; k < names_.size(); ++k) {
      if (names_[k] == name) return k;
    }
    names_.emplace_back(name);
    versions_.emplace_back(agents_, 0u);
    global_versions_.push_back(0);
    return static_cast<EventKind>(names_.size() - 1);
  }

  /// Schedules (or reschedules) the event of kind k for agent a at time t.
  void schedule(EventKind k, AgentId a, Days t) {
    std::uint32_t& v = slot(k, a);
    ++v;
    queue_.push(Event{t, k, a, v});
    ++scheduled_;
  }
  /// Cancels the pending event of kind k for agent a, if any.
  void cancel(EventKind k, AgentId a) { ++slot(k, a); }

  /// Pops the next live event with time <= until into `out`; false when there is none.
  bool next(Event& out, Days until) {
    while (!queue_.empty()) {
      if (queue_.top().time > until) return false;
      Event e = queue_.pop();
      if (e.version != slot(e.kind, e.agent)) {
        ++stale_;
        continue;
      }
      // Consumed: bump so that a second pop of an equal copy can never fire.
      ++slot(e.kind, e.agent);
      out = e;
      ++processed_;
      return true;
    }
    return false;
  }

  /// Grows the per-agent version columns to n agents.
  void resize(std::size_t n) {
    agents_ = n;
    for (auto& v : versions_) v.resize(n, 0u);
  }

  std::size_t kinds() const { return names_.size(); }
  const std::string& kind_name(EventKind k) const { return names_[k]; }
  std::size_t queued() const { return queue_.size(); }
  std::uint64_t processed() const { return processed_; }
  std::uint64_t scheduled() const { return scheduled_; }
  std::uint64_t stale() const { return stale_; }
  std::size_t bytes_per_agent() const { return versions_.size() * sizeof(std::uint32_t); }
  Queue& queue() { return queue_; }

 private:
  std::uint32_t& slot(EventKind k, AgentId a) {
    return a == kGlobalAgent ? global_versions_[k] : versions_[k][a];
  }

  Queue queue_;
  std::vector<std::string> names_;
  std::vector<std::vector<std::uint32_t>> versions_;
  std::vector<std::uint32_t> global_versions_;
  std::size_t agents_ = 0;
  std::uint64_t processed_ = 0;
  std::uint64_t scheduled_ = 0;
  std::uint64_t stale_ = 0;
};

using Scheduler = BasicScheduler<CalendarQueue>;  // BinaryHeapQueue stays as the reference (tests, benchmarks)

}  // namespace pathways
