// labels: unit
// The encoding that carries results between ranks and onto disk is exact: every bit of every double
// (NaN payloads, infinities, -0.0, subnormals) comes back, and a damaged record is refused.
#include "cluster/codec.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <limits>

namespace pathways::cluster {
namespace {

SeriesTable awkward_table() {
  SeriesTable t;
  t.start_year = 2025;
  t.years = 3;
  t.metrics = {{"mmt.admissions", MetricKind::Flow, true}, {"hiv.prevalence", MetricKind::Stock, false}};
  t.values = {{0.1 + 0.2, -0.0, std::numeric_limits<double>::denorm_min()},
              {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(), 1e308}};
  t.curves = {{"retention.mmt", {0.0, 30.0, 365.0}, {1.0, 0.93, 0.57}}};
  t.events = 123456789012345ULL;
  return t;
}

TEST(Codec, ATableComesBackBitForBit) {
  const SeriesTable t = awkward_table();
  const SeriesTable u = decode<SeriesTable>(encode(t));
  EXPECT_EQ(u.start_year, t.start_year);
  EXPECT_EQ(u.years, t.years);
  ASSERT_EQ(u.metrics.size(), 2u);
  EXPECT_EQ(u.metrics[1].name, "hiv.prevalence");
  EXPECT_EQ(u.metrics[1].kind, MetricKind::Stock);
  EXPECT_FALSE(u.metrics[1].per_person);
  ASSERT_EQ(u.values.size(), t.values.size());
  for (std::size_t m = 0; m < t.values.size(); ++m) {
    ASSERT_EQ(u.values[m].size(), t.values[m].size());
    for (std::size_t y = 0; y < t.values[m].size(); ++y) {
      EXPECT_EQ(std::bit_cast<std::uint64_t>(u.values[m][y]), std::bit_cast<std::uint64_t>(t.values[m][y]))
          << m << "," << y;
    }
  }
  EXPECT_EQ(u.curves[0].y, t.curves[0].y);
  EXPECT_EQ(u.events, t.events);
  // Encoding is a function of the value: the same table gives the same bytes.
  EXPECT_EQ(encode(u), encode(t));
}

TEST(Codec, TruncatedOrPaddedBytesAreRefused) {
  const std::string bytes = encode(awkward_table());
  for (std::size_t cut : {std::size_t{0}, std::size_t{3}, bytes.size() / 2, bytes.size() - 1}) {
    EXPECT_THROW(decode<SeriesTable>(bytes.substr(0, cut)), std::runtime_error) << cut;
  }
  EXPECT_THROW(decode<SeriesTable>(bytes + "x"), std::runtime_error);
}

TEST(Codec, AHugeLengthDoesNotAllocate) {
  // A length field of 2^60 in a short record is refused before any allocation.
  Writer w;
  put(w, std::uint64_t{1} << 60);
  EXPECT_THROW(decode<std::vector<double>>(w.bytes), std::runtime_error);
  EXPECT_THROW(decode<std::string>(w.bytes), std::runtime_error);
  EXPECT_THROW(decode<std::vector<std::vector<double>>>(w.bytes), std::runtime_error);
}

}  // namespace
}  // namespace pathways::cluster
