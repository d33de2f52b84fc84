// Named output channels recorded per calendar year: flows summed within a year, stocks at its end.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pathways {

enum class MetricKind {
  Flow,   ///< summed over the year (admissions, deaths, costs)
  Stock,  ///< value at the end of the year (occupancy, prevalence)
};

using MetricId = std::uint32_t;

struct MetricInfo {
  std::string name;  ///< "area.metric", e.g. "mmt.admissions"
  MetricKind kind = MetricKind::Flow;
  bool per_person = true;  ///< counts and money: multiplied by the agent scale when reported
};

/// A curve recorded once per replicate, e.g. a Kaplan-Meier retention curve on a grid of days.
struct Curve {
  std::string name;       ///< e.g. "retention.mmt"
  std::vector<double> x;  ///< grid (days since episode start)
  std::vector<double> y;  ///< value at each grid point
};

/// Per-replicate result: one value per metric and year, already in persons (scale applied).
struct SeriesTable {
  int start_year = 0;
  int years = 0;
  std::vector<MetricInfo> metrics;
  std::vector<std::vector<double>> values;  ///< [metric][year index]
  std::vector<Curve> curves;                ///< per-replicate curves (retention), in registration order
  std::uint64_t events = 0;                 ///< events processed in the replicate

  /// Index of a metric by name, or -1.
  long find(std::string_view name) const;
};

class Outputs {
 public:
  Outputs(int start_year, int years) : start_year_(start_year), years_(years) {}

  /// Registers (or finds) a metric channel.
  MetricId metric(std::string_view name, MetricKind kind, bool per_person = true);
  /// Adds to a flow in the current year.
  void add(MetricId m, double v) {
    if (year_ < years_) values_[m][static_cast<std::size_t>(year_)] += v;
  }
  /// Adds to a flow in a given year (after the run's last year end: terminal values, say).
  void add_at(MetricId m, int year_index, double v) { values_[m][static_cast<std::size_t>(year_index)] += v; }
  /// Sets a stock (or any metric) for a given year index.
  void set(MetricId m, int year_index, double v) { values_[m][static_cast<std::size_t>(year_index)] = v; }
  /// Records (or replaces) a per-replicate curve.
  void set_curve(Curve c);
  int current_year_index() const { return year_; }
  void advance_year() { ++year_; }

  /// Final table in persons: per-person metrics multiplied by `scale`.
  SeriesTable table(double scale, std::uint64_t events) const;

 private:
  int start_year_;
  int years_;
  int year_ = 0;
  std::vector<MetricInfo> metrics_;
  std::vector<std::vector<double>> values_;
  std::vector<Curve> curves_;
};

}  // namespace pathways
