// Bucketed event queue for national-scale runs: same interface and pop order as BinaryHeapQueue.
#pragma once

#include <algorithm>
#include <bit>
#include <cassert>
#include <cstddef>
#include <limits>
#include <vector>

#include "core/bucket_pool.hpp"
#include "core/event.hpp"

namespace pathways {

/// A two-tier calendar queue (a ladder queue with two rungs): a window of coarse time buckets,
/// chosen again from the pending events each time it is used up, and, for the coarse bucket being
/// consumed, a set of fine buckets it is spread into. A binary heap touches about log2(n) scattered
/// cache lines per event, which dominates at 10^6-10^7 pending events; here a push appends to one
/// unsorted bucket and a pop reads a small sorted bucket, so the cost per event stays nearly flat.
/// The coarse tier is capped (kCoarseBuckets) so that the buckets pushes land in, with their
/// part-filled last chunks, stay in cache: with one tier of size/32 buckets, a queue of 5 million
/// events had 2^18 buckets and every push missed the cache twice (20% of the full model at 10^6
/// agents). An event is then moved once more (coarse bucket to fine bucket), sequentially.
///
/// Layout, from earliest to latest (every event in one part precedes every event in the next,
/// because bucket indices are monotone functions of time and ties in time share a bucket):
///  - the current part: the loaded bucket(s), sorted descending so the minimum is at the back, plus
///    a min-heap of events pushed into already loaded buckets (or, if a caller breaks monotone time,
///    before the window; they still come out in order);
///  - fine buckets [fine_next_, fine_count_): the last consumed coarse bucket, subdivided;
///  - coarse buckets [next_, nb_): unsorted lists of width width_ starting at base_;
///  - the overflow: unsorted events beyond the window, redistributed when the window is used up.
/// An event whose coarse bucket is already consumed belongs to the fine tier (or the late heap).
/// Pops follow the strict total order event_before exactly, so results never depend on the queue.
/// Buckets and the overflow are chunk lists in one BucketPool, so memory follows the events queued
/// now and a steady state allocates nothing per event.
class CalendarQueue {
 public:
  /// At most this many coarse buckets: a push touches two cache lines of its bucket's last chunk (the
  /// slot and the count), so 4096 buckets keep about half a megabyte hot, which stays in cache.
  static constexpr std::size_t kCoarseBuckets = 4096;

  /// `coarse_buckets` (a power of two) caps the coarse tier; tests make it small to exercise the
  /// fine tier with few events.
  explicit CalendarQueue(std::size_t coarse_buckets = kCoarseBuckets) : max_coarse_(coarse_buckets) {
    assert(std::has_single_bit(coarse_buckets));
  }

  /// Adds an event; any finite or infinite time is accepted (NaN is not).
  void push(const Event& e) {
    assert(e.time == e.time && "event time is NaN");
    const std::size_t i = bucket_of(e.time);
    if (i < next_) {
      const std::size_t f = fine_bucket_of(e.time);
      if (f >= fine_next_) {
        pool_.push(fine_heads_[f], e);
      } else {
        late_.push_back(e);
        std::push_heap(late_.begin(), late_.end(), After{});
        if (late_.size() > late_limit_) {
          ++size_;
          respill();
          return;
        }
      }
    } else if (i < nb_) {
      pool_.push(heads_[i], e);
    } else {
      pool_.push(overflow_, e);
      ++overflow_size_;
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
  /// The event k places after the next one in the loaded bucket, or null: a hint for prefetching
  /// (events in the late heap are not counted, so it is not always the k-th next event).
  const Event* ahead(std::size_t k) const {
    return sorted_.size() > k ? &sorted_[sorted_.size() - 1 - k] : nullptr;
  }
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }

  /// Removes every event but keeps the memory for reuse.
  void clear() {
    sorted_.clear();
    late_.clear();
    const auto drop = [](const Event&) { return true; };
    for (std::size_t i = fine_next_; i < fine_count_; ++i) pool_.remove_if(fine_heads_[i], drop);
    fine_count_ = fine_next_ = 0;
    for (std::size_t i = next_; i < nb_; ++i) pool_.remove_if(heads_[i], drop);
    pool_.remove_if(overflow_, drop);
    overflow_size_ = 0;
    nb_ = next_ = 0;
    limit_ = 0.0;
    size_ = 0;
  }

  /// Removes every event for which pred is true (the scheduler's purge of superseded entries) and
  /// returns how many. Each part keeps its order, so the pop order of the remaining events is
  /// unchanged.
  template <class Pred>
  std::size_t remove_if(Pred pred) {
    std::size_t removed = std::erase_if(sorted_, pred);
    const std::size_t late_removed = std::erase_if(late_, pred);
    if (late_removed > 0) std::make_heap(late_.begin(), late_.end(), After{});
    removed += late_removed;
    for (std::size_t i = fine_next_; i < fine_count_; ++i) removed += pool_.remove_if(fine_heads_[i], pred);
    for (std::size_t i = next_; i < nb_; ++i) removed += pool_.remove_if(heads_[i], pred);
    const std::size_t overflow_removed = pool_.remove_if(overflow_, pred);
    overflow_size_ -= overflow_removed;
    removed += overflow_removed;
    size_ -= removed;
    if (size_ > 0 && sorted_.empty() && late_.empty()) load_next();
    return removed;
  }

  /// Memory held, in bytes: the chunk pool, the bucket heads and the vectors' capacities.
  std::size_t bytes() const {
    return (sorted_.capacity() + late_.capacity()) * sizeof(Event) + pool_.bytes() +
           (heads_.capacity() + fine_heads_.capacity()) * sizeof(BucketPool::List) +
           sample_.capacity() * sizeof(double);
  }

  /// Number of coarse buckets in the current window (for tests and tuning).
  std::size_t bucket_count() const { return nb_; }
  /// Number of times a coarse bucket was spread into more than one fine bucket.
  std::size_t fine_spreads() const { return fine_spreads_; }
  /// Width of a coarse bucket in the current window, in days.
  double bucket_width() const { return width_; }
  /// Number of times the window was rebuilt from the overflow.
  std::size_t rebuilds() const { return rebuilds_; }
  /// Number of times every event was put back into the overflow because a bucket overfilled.
  std::size_t respills() const { return respills_; }

 private:
  // Aimed-for events per bucket when the window is built: small enough that sorting a bucket is
  // cheap, large enough that the bucket headers do not outweigh the events.
  static constexpr double kTargetPerBucket = 32.0;
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

  // The fine bucket of an event whose coarse bucket is consumed: monotone in t like bucket_of, and
  // clamped to the fine tier (an event of an earlier coarse bucket lands in fine bucket 0, or in
  // the late heap once that is loaded; rounding can put the end of the coarse bucket past the last).
  std::size_t fine_bucket_of(double t) const {
    const double x = (t - fine_base_) * fine_inv_width_;
    if (x < fine_limit_) return x > 0.0 ? static_cast<std::size_t>(x) : 0;
    return t <= fine_base_ ? 0 : fine_count_ - 1;
  }

  // Called when the current part is empty and events remain: loads the next non-empty fine bucket,
  // spreading the next non-empty coarse bucket into fine buckets when they are used up, and
  // rebuilding the window from the overflow when every coarse bucket is used up.
  void load_next() {
    for (;;) {
      while (fine_next_ < fine_count_ && fine_heads_[fine_next_] == BucketPool::kEmpty) ++fine_next_;
      if (fine_next_ < fine_count_) {
        load(fine_heads_[fine_next_++]);
        return;
      }
      while (next_ < nb_ && heads_[next_] == BucketPool::kEmpty) ++next_;
      if (next_ < nb_) {
        if (spread(next_++)) continue;
        return;
      }
      rebuild();
    }
  }

  // Makes `list` the current part, sorted.
  void load(BucketPool::List& list) {
    sorted_.clear();
    pool_.drain_into(list, sorted_);
    std::sort(sorted_.begin(), sorted_.end(), After{});
    late_limit_ = std::max({kMinLate, 2 * sorted_.size(), size_ / kLateShare});
  }

  // Spreads coarse bucket c (just consumed) into about count/kTargetPerBucket fine buckets of equal
  // width; returns false when it was small enough to become the current part directly (then the
  // fine tier is one loaded bucket, so later pushes into it go to the late heap).
  bool spread(std::size_t c) {
    std::size_t count = 0;
    pool_.for_each(heads_[c], [&count](const Event&) { ++count; });
    std::size_t n = 1;
    while (n < kMaxBuckets && static_cast<double>(n) * kTargetPerBucket < static_cast<double>(count)) n <<= 1;
    fine_base_ = base_ + static_cast<double>(c) * width_;
    fine_inv_width_ = static_cast<double>(n) * inv_width_;
    fine_limit_ = static_cast<double>(n);
    fine_count_ = n;
    if (n == 1 || !(fine_inv_width_ < kHuge) || !(fine_base_ > -kHuge && fine_base_ < kHuge)) {
      fine_count_ = fine_next_ = 1;
      fine_limit_ = 1.0;
      load(heads_[c]);
      return false;
    }
    ++fine_spreads_;
    if (fine_heads_.size() < n) fine_heads_.resize(n, BucketPool::kEmpty);
    fine_next_ = 0;
    pool_.consume(heads_[c], [this](const Event& e) { pool_.push(fine_heads_[fine_bucket_of(e.time)], e); });
    return true;
  }

  // Too many events arrived in the loaded bucket: the window was chosen from too few events (say,
  // the first push into an empty queue) or the event density changed. Every event goes back to
  // the overflow and a new window is chosen from all of them. The limit grows with the loaded
  // bucket (many ties at one time cannot be split, so respilling them would not help) and with
  // the queue (so the O(size) respill costs at most kLateShare moves per late event).
  void respill() {
    for (const Event& e : sorted_) pool_.push(overflow_, e);
    for (const Event& e : late_) pool_.push(overflow_, e);
    sorted_.clear();
    late_.clear();
    for (std::size_t i = fine_next_; i < fine_count_; ++i) {
      pool_.consume(fine_heads_[i], [this](const Event& e) { pool_.push(overflow_, e); });
    }
    fine_count_ = fine_next_ = 0;
    for (std::size_t i = next_; i < nb_; ++i) {
      pool_.consume(heads_[i], [this](const Event& e) { pool_.push(overflow_, e); });
    }
    overflow_size_ = size_;
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
    assert(overflow_size_ > 0);
    ++rebuilds_;
    const std::size_t m = overflow_size_;
    double lo = kInfinity;
    const std::size_t stride = m > kSampleSize ? m / kSampleSize : 1;
    std::size_t index = 0;
    sample_.clear();
    pool_.for_each(overflow_, [&](const Event& e) {
      lo = std::min(lo, e.time);
      if (index++ % stride == 0) sample_.push_back(e.time);
    });
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
    while (n < max_coarse_ && static_cast<double>(n) < 2.0 * half_count) n <<= 1;
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
    fine_count_ = fine_next_ = 0;
    limit_ = static_cast<double>(n);
    if (heads_.size() < n) heads_.resize(n, BucketPool::kEmpty);
    // Chunks go back to the pool as they are read, so spreading the events takes no extra memory.
    BucketPool::List old = overflow_;
    overflow_ = BucketPool::kEmpty;
    overflow_size_ = 0;
    pool_.consume(old, [this](const Event& e) {
      const std::size_t i = bucket_of(e.time);
      if (i < nb_) {
        pool_.push(heads_[i], e);
      } else {
        pool_.push(overflow_, e);
        ++overflow_size_;
      }
    });
  }

  static constexpr double kHuge = 1e300;
  static constexpr double kInfinity = std::numeric_limits<double>::infinity();

  std::vector<Event> sorted_;  // loaded bucket, descending: the next event is at the back
  std::vector<Event> late_;    // min-heap of events pushed into loaded buckets
  BucketPool pool_;
  std::vector<BucketPool::List> heads_;             // coarse buckets [next_, nb_) of the window
  std::vector<BucketPool::List> fine_heads_;        // fine buckets [fine_next_, fine_count_)
  BucketPool::List overflow_ = BucketPool::kEmpty;  // events beyond the window
  std::size_t overflow_size_ = 0;
  std::vector<double> sample_;
  double base_ = 0.0;
  double width_ = 1.0;
  double inv_width_ = 1.0;
  double limit_ = 0.0;    // nb_ as a double, compared before converting to an index
  std::size_t nb_ = 0;    // buckets in the window; 0 before the first push: all goes to overflow
  std::size_t next_ = 0;  // first coarse bucket not consumed yet
  double fine_base_ = 0.0;
  double fine_inv_width_ = 1.0;
  double fine_limit_ = 0.0;     // fine_count_ as a double
  std::size_t fine_count_ = 0;  // fine buckets the last consumed coarse bucket was spread into
  std::size_t fine_next_ = 0;   // first fine bucket not loaded yet
  std::size_t max_coarse_;
  std::size_t fine_spreads_ = 0;
  std::size_t size_ = 0;
  std::size_t rebuilds_ = 0;
  std::size_t respills_ = 0;
  std::size_t late_limit_ = kMinLate;
};

}  // namespace pathways
