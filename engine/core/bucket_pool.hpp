// Unsorted event lists in fixed-size chunks from one shared pool: the calendar queue's storage.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <new>
#include <vector>

#include "core/event.hpp"
#include "core/huge_pages.hpp"

namespace pathways {

/// Each list (a calendar-queue bucket, or the overflow) is a singly linked list of chunks of
/// kChunkEvents events, named by the index of its newest chunk (kEmpty when it has none). Every
/// chunk comes from one pool, in 2 MiB blocks that never move, and goes back to the pool as soon as its
/// events are taken out. A vector per bucket would keep in every bucket the largest capacity it
/// ever needed (in the full model, seven times the events actually queued); here memory follows
/// the events queued now, plus at most one part-filled chunk per list.
class BucketPool {
 public:
  using List = std::uint32_t;
  static constexpr List kEmpty = UINT32_MAX;
  // 15 x 16 bytes + links = 248 bytes. Reading a list follows its links, one cache miss per chunk for
  // lists written long ago (the calendar queue's coarse buckets), so longer chunks miss less often:
  // 15 instead of 7 made the full model at 10^6 agents about 6% faster and its queue no larger (113
  // against 117 bytes per agent), at 10^4 agents 159 against 134 (more lists part-filled).
  static constexpr std::size_t kChunkEvents = 15;

  void push(List& list, const Event& e) {
    if (list == kEmpty || chunk(list).count == kChunkEvents) {
      const List c = allocate();
      chunk(c).next = list;
      list = c;
    }
    Chunk& k = chunk(list);
    k.events[k.count++] = e;
  }

  /// Calls f on every event of `list`, empties it and returns its chunks to the pool one by one,
  /// so that f may push the events into other lists without growing the pool.
  template <class F>
  void consume(List& list, F f) {
    List c = list;
    list = kEmpty;
    while (c != kEmpty) {
      Chunk& k = chunk(c);
      for (std::uint32_t i = 0; i < k.count; ++i) f(k.events[i]);
      const List next = k.next;
      release(c);
      c = next;
    }
  }

  /// Appends every event of `list` to `out` and empties the list.
  void drain_into(List& list, std::vector<Event>& out) {
    consume(list, [&out](const Event& e) { out.push_back(e); });
  }

  /// Calls f on every event of `list` (in no particular order).
  template <class F>
  void for_each(List list, F f) const {
    for (List c = list; c != kEmpty; c = chunk(c).next) {
      const Chunk& k = chunk(c);
      for (std::uint32_t i = 0; i < k.count; ++i) f(k.events[i]);
    }
  }

  /// Removes the events of `list` for which pred is true; returns how many.
  template <class Pred>
  std::size_t remove_if(List& list, Pred pred) {
    std::size_t removed = 0;
    List* link = &list;
    while (*link != kEmpty) {
      const List c = *link;
      Chunk& k = chunk(c);
      std::uint32_t kept = 0;
      for (std::uint32_t i = 0; i < k.count; ++i) {
        if (!pred(k.events[i])) k.events[kept++] = k.events[i];
      }
      removed += k.count - kept;
      k.count = kept;
      if (kept == 0) {
        *link = k.next;
        release(c);
      } else {
        link = &k.next;
      }
    }
    return removed;
  }

  /// Memory used by the chunks, in bytes: every chunk ever handed out (the peak in use). Blocks
  /// are reserved 2 MiB at a time, but the kernel commits memory only where chunks were written.
  std::size_t bytes() const { return used_ * sizeof(Chunk); }

 private:
  // Blocks are one 2 MiB huge page each (see huge_pages.hpp): pushes land in chunks all over the
  // pool, and with 4 KiB pages most of them would also miss the TLB.
  static constexpr std::size_t kBlockBytes = std::size_t{2} << 20;
  struct Chunk {
    Event events[kChunkEvents];
    List next;
    std::uint32_t count;
  };
  static constexpr std::size_t kBlockChunks = kBlockBytes / sizeof(Chunk);
  struct FreeBlock {
    void operator()(Chunk* p) const { std::free(p); }
  };

  Chunk& chunk(List c) { return blocks_[c / kBlockChunks][c % kBlockChunks]; }
  const Chunk& chunk(List c) const { return blocks_[c / kBlockChunks][c % kBlockChunks]; }

  List allocate() {
    List c;
    if (free_ != kEmpty) {
      c = free_;
      free_ = chunk(c).next;
    } else {
      if (used_ == blocks_.size() * kBlockChunks) add_block();
      c = static_cast<List>(used_++);
    }
    chunk(c).count = 0;
    chunk(c).next = kEmpty;
    return c;
  }
  // A fresh block, aligned to its huge page and not touched yet: a chunk's fields are written when
  // it is handed out, so untouched chunks cost no memory.
  void add_block() {
    void* p = std::aligned_alloc(kBlockBytes, kBlockBytes);
    if (!p) throw std::bad_alloc();
    advise_huge_pages(p, kBlockBytes);
    blocks_.emplace_back(static_cast<Chunk*>(p));
  }
  void release(List c) {
    chunk(c).next = free_;
    free_ = c;
  }

  std::vector<std::unique_ptr<Chunk[], FreeBlock>> blocks_;
  std::size_t used_ = 0;  ///< chunks ever handed out (the rest of the last block is untouched)
  List free_ = kEmpty;
};

}  // namespace pathways
