// Transparent huge pages for the large per-agent arrays.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace pathways {

/// Asks the kernel to back the 2 MiB-aligned interior of [data, data + bytes) with transparent huge
/// pages, and to collapse what is already there into them. Events touch agents and queue buckets at
/// random, so with 4 KiB pages nearly every such access at national scale also misses the TLB. With
/// the event queue's chunk pool and the per-agent arrays on 2 MiB pages the full model at 10^6
/// agents ran 15-20% faster (64 s -> 54 s a replicate; most of it from the queue). Only a hint: on
/// systems without transparent huge pages (or when the kernel declines) nothing changes, and results
/// never depend on it. Call it after an array is (re)allocated, not on every growth step.
inline void advise_huge_pages(const void* data, std::size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  constexpr std::uintptr_t kHugePage = std::uintptr_t{2} << 20;
  const auto start = reinterpret_cast<std::uintptr_t>(data);
  const std::uintptr_t begin = (start + kHugePage - 1) & ~(kHugePage - 1);
  const std::uintptr_t end = (start + bytes) & ~(kHugePage - 1);
  if (end <= begin) return;
  void* p = reinterpret_cast<void*>(begin);
  madvise(p, end - begin, MADV_HUGEPAGE);
  // MADV_COLLAPSE (Linux 6.1) turns pages already touched into huge pages now instead of leaving
  // it to the background khugepaged; older kernels reject it harmlessly.
  constexpr int kCollapse = 25;
  madvise(p, end - begin, kCollapse);
#else
  (void)data;
  (void)bytes;
#endif
}

/// Applies `change` (a resize or a reserve) to a per-agent array and, if that moved its storage,
/// advises huge pages for the new storage: one place for what every growing per-agent vector does.
template <class T, class Change>
void change_on_huge_pages(std::vector<T>& v, Change change) {
  const T* before = v.data();
  change(v);
  if (v.data() != before) advise_huge_pages(v.data(), v.capacity() * sizeof(T));
}

}  // namespace pathways
