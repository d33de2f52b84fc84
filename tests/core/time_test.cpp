// Calendar conversions: known dates, leap years, round trips.
#include "core/time.hpp"

#include <gtest/gtest.h>

namespace pathways {
namespace {

TEST(Calendar, KnownDates) {
  EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(days_from_civil(2000, 3, 1), 11017);
  const Date d = civil_from_days(19723);  // 2024-01-01
  EXPECT_EQ(d.year, 2024);
  EXPECT_EQ(d.month, 1);
  EXPECT_EQ(d.day, 1);
}

TEST(Calendar, YearStartsCountLeapDays) {
  Calendar c{2024};
  EXPECT_DOUBLE_EQ(c.year_start(2024), 0.0);
  EXPECT_DOUBLE_EQ(c.year_start(2025), 366.0);  // 2024 is a leap year
  EXPECT_DOUBLE_EQ(c.year_start(2026), 731.0);
  EXPECT_EQ(c.year_of(365.9), 2024);
  EXPECT_EQ(c.year_of(366.0), 2025);
  EXPECT_EQ(c.iso_date(59.5), "2024-02-29");
}

TEST(Calendar, RoundTripOverFourCenturies) {
  for (std::int64_t z = -200000; z <= 200000; z += 97) {
    const Date d = civil_from_days(z);
    ASSERT_EQ(days_from_civil(d.year, d.month, d.day), z);
  }
}

}  // namespace
}  // namespace pathways
