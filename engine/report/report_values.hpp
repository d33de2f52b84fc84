// Reading results for the report's tables: a metric's mean in a scenario, its paired difference
// between two scenarios (with the interval the sampling allows), and whether a run produced it.
#pragma once

#include <string>
#include <vector>

#include "report/results.hpp"

namespace pathways {

/// Mean over replicates of the metric's per-replicate summary; NaN when absent.
double metric_mean(const ScenarioResults& r, const std::string& metric);

/// The paired difference alt - base of a metric, replicate by replicate, summarised under the
/// baseline's sampling (as comparison.csv does).
Interval paired_difference(const ScenarioResults& base, const ScenarioResults& alt,
                           const std::string& metric);

/// Whether any replicate of the scenario has the metric.
bool has_metric(const ScenarioResults& r, const std::string& metric);

/// The scenario's value of a parameter as a reader sees it: numbers, a lever's schedule by year
/// ("2025: 20,000; 2027: 0, linear"), a list, a map's entries; "" when the scenario lacks it.
std::string parameter_text(const Scenario& s, const std::string& key);

}  // namespace pathways
