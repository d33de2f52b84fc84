// Prefetch ranges: every cache line a row touches, and only those, whatever the row's alignment.
#include "core/prefetch.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace pathways {
namespace {

std::vector<std::uintptr_t> lines_of(std::uintptr_t address, std::size_t bytes) {
  std::vector<std::uintptr_t> lines;
  for_each_cache_line(reinterpret_cast<const void*>(address), bytes, [&lines](const void* line) {
    lines.push_back(reinterpret_cast<std::uintptr_t>(line));
  });
  return lines;
}

TEST(Prefetch, MisalignedRowGetsItsLastLine) {
  // The scheduler row of the full model, 76 bytes, starting 60 bytes into a line: bytes 60..135
  // touch three lines. Stepping 64 bytes from the row's start (the code before) gave two.
  constexpr std::uintptr_t base = 1 << 20;
  EXPECT_EQ(lines_of(base + 60, 76), (std::vector<std::uintptr_t>{base, base + 64, base + 128}));
  // A 160-byte record 32 bytes into a line ends at byte 191: three lines, not four.
  EXPECT_EQ(lines_of(base + 32, 160), (std::vector<std::uintptr_t>{base, base + 64, base + 128}));
  EXPECT_EQ(lines_of(base + 4, 40), (std::vector<std::uintptr_t>{base}));
  EXPECT_EQ(lines_of(base + 44, 40), (std::vector<std::uintptr_t>{base, base + 64}));
  EXPECT_TRUE(lines_of(base + 10, 0).empty());
}

TEST(Prefetch, LinesCoverTheRangeExactly) {
  // For every offset and length up to four lines: each byte of the range lies in a listed line,
  // and each listed line overlaps the range (so nothing is missed and nothing extra is fetched).
  constexpr std::uintptr_t base = 1 << 20;
  for (std::uintptr_t offset = 0; offset < kCacheLine; ++offset) {
    for (std::size_t bytes = 1; bytes <= 4 * kCacheLine; ++bytes) {
      const std::uintptr_t begin = base + offset, end = begin + bytes;
      const auto lines = lines_of(begin, bytes);
      ASSERT_FALSE(lines.empty());
      EXPECT_LE(lines.front(), begin);
      EXPECT_GT(lines.front() + kCacheLine, begin);
      EXPECT_LT(lines.back(), end);
      EXPECT_GE(lines.back() + kCacheLine, end);
      for (std::size_t i = 1; i < lines.size(); ++i) ASSERT_EQ(lines[i], lines[i - 1] + kCacheLine);
    }
  }
}

}  // namespace
}  // namespace pathways
