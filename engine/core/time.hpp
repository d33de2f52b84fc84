// Simulation time (continuous days since the scenario start) and the calendar used for reporting.
#pragma once

#include <cstdint>
#include <string>

namespace pathways {

/// Simulation time: days since 1 January of the scenario's start year, 00:00.
using Days = double;

/// Length of a year used to convert rates per year to rates per day (Julian year).
inline constexpr double kDaysPerYear = 365.25;

/// Converts a rate per year into a rate per day.
constexpr double per_day(double rate_per_year) {
  return rate_per_year / kDaysPerYear;
}

struct Date {
  int year = 0;
  int month = 0;  ///< 1..12
  int day = 0;    ///< 1..31
};

/// Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's algorithm).
std::int64_t days_from_civil(int year, int month, int day);
Date civil_from_days(std::int64_t days);

/// Maps simulation days to calendar dates; day 0 is 1 January of start_year.
struct Calendar {
  int start_year = 2025;

  /// Simulation day at which 1 January of `year` begins (exact, leap years included).
  Days year_start(int year) const;
  /// Calendar year containing simulation day t.
  int year_of(Days t) const;
  Date date_of(Days t) const;
  /// ISO date (YYYY-MM-DD) of simulation day t.
  std::string iso_date(Days t) const;
};

}  // namespace pathways
