// Metric registration and the per-replicate series table.
#include "core/outputs.hpp"

#include <stdexcept>

namespace pathways {

long SeriesTable::find(std::string_view name) const {
  for (std::size_t i = 0; i < metrics.size(); ++i) {
    if (metrics[i].name == name) return static_cast<long>(i);
  }
  return -1;
}

MetricId Outputs::metric(std::string_view name, MetricKind kind, bool per_person) {
  for (std::size_t i = 0; i < metrics_.size(); ++i) {
    if (metrics_[i].name == name) {
      if (metrics_[i].kind != kind)
        throw std::logic_error("metric registered twice with different kinds: " + std::string(name));
      return static_cast<MetricId>(i);
    }
  }
  metrics_.push_back(MetricInfo{std::string(name), kind, per_person});
  values_.emplace_back(static_cast<std::size_t>(years_), 0.0);
  return static_cast<MetricId>(metrics_.size() - 1);
}

void Outputs::set_curve(Curve c) {
  for (auto& existing : curves_) {
    if (existing.name == c.name) {
      existing = std::move(c);
      return;
    }
  }
  curves_.push_back(std::move(c));
}

SeriesTable Outputs::table(double scale, std::uint64_t events) const {
  SeriesTable t;
  t.start_year = start_year_;
  t.years = years_;
  t.metrics = metrics_;
  t.values = values_;
  t.curves = curves_;
  t.events = events;
  for (std::size_t m = 0; m < metrics_.size(); ++m) {
    if (!metrics_[m].per_person) continue;
    for (double& v : t.values[m]) v *= scale;
  }
  return t;
}

}  // namespace pathways
