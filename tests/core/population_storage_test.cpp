// Population: columns in one record per agent behave exactly like one array per column (the
// reference), through appends, reallocations and columns added after agents exist.
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <limits>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/population.hpp"
#include "support/split_mix.hpp"

namespace pathways {
namespace {

using testing::Mix;

template <class T>
bool aligned(const T& x) {
  return reinterpret_cast<std::uintptr_t>(&x) % alignof(T) == 0;
}

TEST(Population, RecordIsTheColumnsLaidOutByAlignmentWithoutInnerPadding) {
  Population pop;  // core.alive: 1 byte
  pop.column<std::uint16_t>("a.u16", 7);
  pop.column<double>("a.day", -1.5);
  pop.column<std::uint8_t>("a.flag", 3);
  // 8 + 2 + 1 + 1 = 12 bytes, rounded up to the 8-byte alignment of the double.
  EXPECT_EQ(pop.bytes_per_agent(), 16u);
  pop.column<std::array<std::uint32_t, 6>>("a.slots", {});
  EXPECT_EQ(pop.bytes_per_agent(), 40u);  // 8 + 24 + 2 + 1 + 1 = 36 -> 40
}

TEST(Population, NewAgentsAreAliveWithInitialValuesAndAligned) {
  Population pop;
  auto& day = pop.column<double>("a.day", -1.5);
  auto& slots = pop.column<std::array<std::uint32_t, 6>>("a.slots", {1, 2, 3, 4, 5, 6});
  auto& small = pop.column<std::uint16_t>("a.u16", 7);
  EXPECT_EQ(pop.append(1000), 0u);
  EXPECT_EQ(pop.append(5), 1000u);
  ASSERT_EQ(pop.size(), 1005u);
  EXPECT_EQ(day.size(), 1005u);
  for (AgentId a = 0; a < pop.size(); ++a) {
    ASSERT_TRUE(pop.alive(a));
    ASSERT_EQ(day[a], -1.5);
    ASSERT_EQ(slots[a][5], 6u);
    ASSERT_EQ(small[a], 7u);
    ASSERT_TRUE(aligned(day[a]) && aligned(slots[a]) && aligned(small[a]));
  }
  pop.mark_dead(3);
  EXPECT_FALSE(pop.alive(3));
  EXPECT_TRUE(pop.alive(4));
}

TEST(Population, ReservedRoomKeepsRecordsInPlaceAndValuesIntact) {
  // Simulation::reserve_agents: agents appended within the reservation move no record; beyond it the
  // records grow (and move) with every value kept.
  Population pop;
  auto& day = pop.column<double>("a.day", -1.5);
  pop.reserve(5000);
  pop.append(1);
  const double* first = &day[0];
  for (int i = 0; i < 4999; ++i) pop.append(1);
  EXPECT_EQ(&day[0], first) << "an append within the reservation moved the records";
  for (AgentId a = 0; a < 5000; ++a) day[a] = a;
  pop.append(20000);
  EXPECT_EQ(pop.size(), 25000u);
  for (AgentId a = 0; a < 5000; ++a) ASSERT_EQ(day[a], static_cast<double>(a));
  for (AgentId a = 5000; a < 25000; ++a) ASSERT_EQ(day[a], -1.5);
}

TEST(Population, RoomBeyondAddressableMemoryIsRefusedCleanly) {
  // agents * record bytes would wrap around to a small allocation that appends then overrun; the
  // request is refused instead and the population stays as it was.
  Population pop;
  auto& day = pop.column<double>("a.day", -1.5);
  pop.append(10);
  EXPECT_THROW(pop.reserve(std::numeric_limits<std::size_t>::max() / 4), std::bad_alloc);
  EXPECT_EQ(pop.size(), 10u);
  pop.append(1);
  EXPECT_EQ(day[10], -1.5);
}

TEST(Population, SameNameSameColumnOtherTypeRefused) {
  Population pop;
  auto& a = pop.column<float>("x", 1.0f);
  EXPECT_EQ(&pop.column<float>("x"), &a);
  EXPECT_THROW(pop.column<double>("x"), std::logic_error);
}

// Random appends, writes and new columns against a std::vector per column.
TEST(Population, MatchesOneArrayPerColumnThroughGrowthAndNewColumns) {
  Mix g{2026};
  Population pop;
  std::vector<Column<std::uint8_t>*> bytes;
  std::vector<Column<double>*> doubles;
  std::vector<Column<std::uint32_t>*> words;
  std::vector<std::vector<std::uint8_t>> ref_bytes;
  std::vector<std::vector<double>> ref_doubles;
  std::vector<std::vector<std::uint32_t>> ref_words;
  std::size_t n = 0;
  for (int step = 0; step < 400; ++step) {
    const std::uint32_t op = g.below(10);
    if (op == 0) {  // a new column, possibly after agents exist
      const std::string name = "c" + std::to_string(step);
      switch (g.below(3)) {
        case 0:
          bytes.push_back(&pop.column<std::uint8_t>(name, 9));
          ref_bytes.emplace_back(n, 9);
          break;
        case 1:
          doubles.push_back(&pop.column<double>(name, 0.25));
          ref_doubles.emplace_back(n, 0.25);
          break;
        default:
          words.push_back(&pop.column<std::uint32_t>(name, 77u));
          ref_words.emplace_back(n, 77u);
      }
    } else if (op < 3) {  // append
      const std::size_t k = 1 + g.below(300);
      ASSERT_EQ(pop.append(k), n);
      n += k;
      for (auto& r : ref_bytes) r.resize(n, 9);
      for (auto& r : ref_doubles) r.resize(n, 0.25);
      for (auto& r : ref_words) r.resize(n, 77u);
    } else if (n > 0) {  // writes
      for (int w = 0; w < 50; ++w) {
        const AgentId a = g.below(static_cast<std::uint32_t>(n));
        if (!bytes.empty()) {
          const std::size_t c = g.below(static_cast<std::uint32_t>(bytes.size()));
          (*bytes[c])[a] = ref_bytes[c][a] = static_cast<std::uint8_t>(g.below(256));
        }
        if (!doubles.empty()) {
          const std::size_t c = g.below(static_cast<std::uint32_t>(doubles.size()));
          (*doubles[c])[a] = ref_doubles[c][a] = g.uniform();
        }
        if (!words.empty()) {
          const std::size_t c = g.below(static_cast<std::uint32_t>(words.size()));
          (*words[c])[a] = ref_words[c][a] = g.below(1u << 30);
        }
      }
    }
  }
  ASSERT_GT(n, 10000u);
  ASSERT_GT(bytes.size() + doubles.size() + words.size(), 20u);
  for (std::size_t c = 0; c < bytes.size(); ++c)
    for (std::size_t a = 0; a < n; ++a) ASSERT_EQ((*bytes[c])[a], ref_bytes[c][a]) << "column " << c;
  for (std::size_t c = 0; c < doubles.size(); ++c)
    for (std::size_t a = 0; a < n; ++a) ASSERT_EQ((*doubles[c])[a], ref_doubles[c][a]) << "column " << c;
  for (std::size_t c = 0; c < words.size(); ++c)
    for (std::size_t a = 0; a < n; ++a) ASSERT_EQ((*words[c])[a], ref_words[c][a]) << "column " << c;
  for (AgentId a = 0; a < n; ++a) ASSERT_TRUE(pop.alive(a));
}

}  // namespace
}  // namespace pathways
