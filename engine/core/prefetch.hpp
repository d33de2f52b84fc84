// Software prefetch of a byte range: one definition for every per-agent row the event loop touches.
#pragma once

#include <cstddef>
#include <cstdint>

namespace pathways {

inline constexpr std::size_t kCacheLine = 64;

/// Starts loading the cache line of p (a hint; no effect on results).
///
/// The empty volatile asm keeps the hint alive. GCC 12 counts a prefetch as no side effect, so a
/// function whose only effect is a prefetch is taken for a pure function and every call to it is
/// deleted as dead code (unless it happens to contain a loop): the scheduler's slot prefetch
/// compiled to nothing until this was added.
inline void prefetch_line(const void* p) {
  __builtin_prefetch(p);
  asm volatile("" : : "r"(p));
}

/// Calls f with the address of every cache line that [p, p + bytes) touches, in order. A row that
/// does not start on a line boundary can span one line more than bytes / 64: stepping from p itself
/// would miss that last line (a 76-byte scheduler row at offset 60 spans three lines, not two).
template <class F>
void for_each_cache_line(const void* p, std::size_t bytes, F f) {
  if (bytes == 0) return;  // an empty row (no per-agent kinds, say) touches no line
  const auto start = reinterpret_cast<std::uintptr_t>(p);
  const std::uintptr_t first = start & ~std::uintptr_t{kCacheLine - 1};
  for (std::uintptr_t line = first; line < start + bytes; line += kCacheLine)
    f(reinterpret_cast<const void*>(line));
}

/// Starts loading every cache line of [p, p + bytes) (a hint; no effect on results).
inline void prefetch_range(const void* p, std::size_t bytes) {
  for_each_cache_line(p, bytes, prefetch_line);
}

}  // namespace pathways
