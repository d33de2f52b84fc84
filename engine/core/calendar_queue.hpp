// Bucketed event queue for national-scale runs: same interface and pop order as BinaryHeapQueue.
#pragma once

#include <algorithm>
#include <cassert>
#include <cstddef>
#include <vector>

#include "core/event.hpp"

namespace pathways {

/// A calendar queue with one window of equal-width time buckets, chosen again from the pending
/// events each time the window is used up. A binary heap touches about log2(n) scattered cache
/// lines per event, which dominates at 10^6-10^7 pending events; here a push appends to one
/// unsorted bucket and a pop reads a small sorted bucket, so the cost per event stays nearly flat.
///
/// Layout, from earliest to latest (every event in one part precedes every event in the next,
/// because the bucket index is a monotone function of time and ties in time share a bucket):
///  - the current part: the loaded bucket(s), sorted descending so the minimum is at the back, plus
///    a min-heap of events pushed into already loaded buckets (or, if a caller breaks monotone time,
///    before the window; they still come out in order);
///  - buckets [next_, nb_): unsorted vectors of width width_ starting at base_;
///  - the overflow: unsorted events beyond the window, redistributed when the window is used up.
/// Pops follow the strict total order event_before exactly, so results never depend on the queue.
/// Vectors keep their capacity when emptied, so a steady state allocates nothing per event.
class CalendarQueue {
 public:
  /// Adds an event; any finite or infinite time is accepted (NaN is not).
  void push(const Event& e) {
    assert(e.time == e.time && "event time is NaN");
    const std::size_t i = bucket_of(e.time);
    if (i < next_) {
      late_.push_back(e);
      std::push_heap(late_.begin(), late_.end(), After{});
      if (late_.size() > late_limit_) {
        ++size_;
        respill();
        return;
      }
    } else if (i < nb_) {
      buckets_[i].push_back(e);
    } else {
      overflow_.push_back(e);
    }
    ++size_;
    // Only a push into an empty queue can leave the current part empty.
    if (sorted_.empty() && late_.empty()) load_next();
  }

  /// Removes and returns the first event in event_before order; the queue must not be empty.
  Event pop() {
    assert(size_ > 0);
    Event e;
    if (late_first()) {
      std::pop_heap(late_.begin(), late_.end(), After{});
      e = late_.back();
      late_.pop_back();
    } else {
      e = sorted_.back();
      sorted_.pop_back();
    }
    if (--size_ > 0 && sorted_.empty() && late_.empty()) load_next();
    return e;
  }

  /// The first event; the queue must not be empty.
  const Event& top() const {
    assert(size_ > 0);
    return late_first() ? late_.front() : sorted_.back();
  }
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }

  /// Removes every event but keeps the memory for reuse.
  void clear() {
    sorted_.clear();
    late_.clear();
    for (std::size_t i = next_; i < nb_; ++i) buckets_[i].clear();
    overflow_.clear();
    nb_ = next_ = 0;
    limit_ = 0.0;
    size_ = 0;
  }
  /// Reserves room for n events in the overflow, where a freshly filled queue puts them first.
  void reserve(std::size_t n) { overflow_.reserve(n); }

  /// Number of buckets in the current window (for tests and tuning).
  std::size_t bucket_count() const { return nb_; }
  /// Width of a bucket in the current window, in days.
  double bucket_width() const { return width_; }
  /// Number of times the window was rebuilt from the overflow.
  std::size_t rebuilds() const { return rebuilds_; }
  /// Number of times every event was put back into the overflow because a bucket overfilled.
  std::size_t respills() const { return respills_; }

 private:
  // Aimed-for events per bucket when the window is built: small enough that sorting a bucket is
  // cheap, large enough that the bucket headers do not outweigh the events.
  static constexpr double kTargetPerBucket = 16.0;
  static constexpr std::size_t kSampleSize = 511;
  static constexpr std::size_t kMaxBuckets = std::size_t{1} << 24;
  static constexpr std::size_t kMinLate = 64;
  static constexpr std::size_t kLateShare = 16;

  // A function object rather than a function pointer, so that sort and heap calls inline it.
  struct After {
    bool operator()(const Event& a, const Event& b) const { return event_before(b, a); }
  };

  bool late_first() const {
    return !late_.empty() && (sorted_.empty() || event_before(late_.front(), sorted_.back()));
  }

  // Monotone non-decreasing in t (a subtraction and a multiplication by a positive constant, then
  // truncation), so a later time never lands in an earlier bucket. nb_ means "overflow".
  std::size_t bucket_of(double t) const {
    const double x = (t - base_) * inv_width_;
    if (x < limit_) return x > 0.0 ? static_cast<std::size_t>(x) : 0;
    // x is NaN only for t == base_ == +inf: that event belongs to the first bucket.
    return t <= base_ ? 0 : nb_;
  }

  // Called when the current part is empty and events remain: loads the next non-empty bucket,
  // rebuilding the window from the overflow when every bucket is used up.
  void load_next() {
    for (;;) {
      while (next_ < nb_ && buckets_[next_].empty()) ++next_;
      if (next_ < nb_) {
        sorted_.swap(buckets_[next_]);
        ++next_;
        std::sort(sorted_.begin(), sorted_.end(), After{});
        late_limit_ = std::max({kMinLate, 2 * sorted_.size(), size_ / kLateShare});
        return;
      }
      rebuild();
    }
  }

  // Too many events arrived in the loaded bucket: the window was chosen from too few events (say,
  // the first push into an empty queue) or the event density changed. Every event goes back to
  // the overflow and a new window is chosen from all of them. The limit grows with the loaded
  // bucket (many ties at one time cannot be split, so respilling them would not help) and with
  // the queue (so the O(size) respill costs at most kLateShare moves per late event).
  void respill() {
    overflow_.insert(overflow_.end(), sorted_.begin(), sorted_.end());
    overflow_.insert(overflow_.end(), late_.begin(), late_.end());
    sorted_.clear();
    late_.clear();
    for (std::size_t i = next_; i < nb_; ++i) {
      overflow_.insert(overflow_.end(), buckets_[i].begin(), buckets_[i].end());
      buckets_[i].clear();
    }
    nb_ = next_ = 0;
    limit_ = 0.0;
    ++respills_;
    load_next();
  }

  // Chooses a new window from the overflow: it starts at the earliest event and spans twice the
  // distance from there to the sampled median, with about kTargetPerBucket events per bucket in
  // the lower half. The median, not the maximum, sets the scale so that a few events far in the
  // future (deaths decades ahead, "never" at +inf) cannot stretch every bucket.
  void rebuild() {
    assert(!overflow_.empty());
    ++rebuilds_;
    const std::size_t m = overflow_.size();
    double lo = overflow_.front().time;
    for (const Event& e : overflow_) lo = std::min(lo, e.time);
    const std::size_t stride = m > kSampleSize ? m / kSampleSize : 1;
    sample_.clear();
    for (std::size_t i = 0; i < m; i += stride) sample_.push_back(overflow_[i].time);
    const auto mid = sample_.begin() + static_cast<std::ptrdiff_t>(sample_.size() / 2);
    std::nth_element(sample_.begin(), mid, sample_.end());
    double half_span = *mid - lo;
    if (!(half_span > 0.0) || !(half_span < kHuge)) {
      // Ties at the median (or infinite times): fall back to the largest finite spread.
      double hi = lo;
      for (double t : sample_) {
        if (t < kHuge) hi = std::max(hi, t);
      }
      half_span = hi - lo;
    }
    const double half_count = std::max(1.0, 0.5 * static_cast<double>(m) / kTargetPerBucket);
    std::size_t n = 1;
    while (n < kMaxBuckets && static_cast<double>(n) < 2.0 * half_count) n <<= 1;
    width_ = 2.0 * half_span / static_cast<double>(n);
    inv_width_ = 1.0 / width_;
    if (!(width_ > 0.0) || !(inv_width_ < kHuge) || !(lo > -kHuge && lo < kHuge)) {
      // All times equal (or not finite): a single bucket holds them and sorting orders them.
      n = 1;
      width_ = 1.0;
      inv_width_ = 1.0;
    }
    base_ = lo;
    nb_ = n;
    next_ = 0;
    limit_ = static_cast<double>(n);
    if (buckets_.size() < n) buckets_.resize(n);
    std::size_t kept = 0;
    for (std::size_t j = 0; j < m; ++j) {
      const Event& e = overflow_[j];
      const std::size_t i = bucket_of(e.time);
      if (i < nb_) {
        buckets_[i].push_back(e);
      } else {
        overflow_[kept++] = e;
      }
    }
    overflow_.resize(kept);
  }

  static constexpr double kHuge = 1e300;

  std::vector<Event> sorted_;  // loaded bucket, descending: the next event is at the back
  std::vector<Event> late_;    // min-heap of events pushed into loaded buckets
  std::vector<std::vector<Event>> buckets_;
  std::vector<Event> overflow_;
  std::vector<double> sample_;
  double base_ = 0.0;
  double width_ = 1.0;
  double inv_width_ = 1.0;
  double limit_ = 0.0;    // nb_ as a double, compared before converting to an index
  std::size_t nb_ = 0;    // buckets in the window; 0 before the first push: all goes to overflow
  std::size_t next_ = 0;  // first bucket not loaded yet; buckets below it are part of the current
  std::size_t size_ = 0;
  std::size_t rebuilds_ = 0;
  std::size_t respills_ = 0;
  std::size_t late_limit_ = kMinLate;
};

}  // namespace pathways
