// Reference event queue: a binary min-heap under the total event order.
#pragma once

#include <algorithm>
#include <vector>

#include "core/event.hpp"

namespace pathways {

/// Simple and obviously correct; kept as the oracle for faster queues and as a benchmark baseline.
class BinaryHeapQueue {
 public:
  void push(const Event& e) {
    heap_.push_back(e);
    std::push_heap(heap_.begin(), heap_.end(), after);
  }
  Event pop() {
    std::pop_heap(heap_.begin(), heap_.end(), after);
    Event e = heap_.back();
    heap_.pop_back();
    return e;
  }
  const Event& top() const { return heap_.front(); }
  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  void clear() { heap_.clear(); }
  void reserve(std::size_t n) { heap_.reserve(n); }
  /// Removes every event for which pred is true; returns how many.
  template <class Pred>
  std::size_t remove_if(Pred pred) {
    const std::size_t removed = std::erase_if(heap_, pred);
    std::make_heap(heap_.begin(), heap_.end(), after);
    return removed;
  }
  /// Memory held, in bytes (capacity, not just the events).
  std::size_t bytes() const { return heap_.capacity() * sizeof(Event); }

 private:
  static bool after(const Event& a, const Event& b) { return event_before(b, a); }
  std::vector<Event> heap_;
};

}  // namespace pathways
