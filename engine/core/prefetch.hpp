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

/// Starts loading every cache line of [p, p + bytes) (a hint; no effect on results). A row that
/// does not start on a line boundary spans one line more than bytes / 64: stepping from p itself
/// would miss that last line (a 76-byte scheduler row at offset 60 spans three lines, not two).
inline void prefetch_range(const void* p, std::size_t bytes) {
  const auto first = reinterpret_cast<std::uintptr_t>(p) & ~std::uintptr_t{kCacheLine - 1};
  const auto end = reinterpret_cast<std::uintptr_t>(p) + bytes;
  for (std::uintptr_t line = first; line < end; line += kCacheLine)
    prefetch_line(reinterpret_cast<const void*>(line));
}

}  // namespace pathways
