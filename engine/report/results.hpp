// Results of an ensemble run: per-scenario replicate tables, and their summaries and comparisons.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/outputs.hpp"
#include "scenario/scenario.hpp"

namespace pathways {

/// All replicates of one scenario, in replicate order.
struct ScenarioResults {
  Scenario scenario;
  std::vector<SeriesTable> replicates;
};

/// Mean and central 95% interval of a quantity over replicates (percentile interval: it shows the
/// spread of outcomes, stochastic and parametric, not the standard error of the mean).
struct Interval {
  double mean = 0.0, lo95 = 0.0, hi95 = 0.0;
  std::size_t n = 0;  ///< finite values used
};

/// Mean and type-7 percentiles (2.5%, 97.5%) of the finite values; NaN if there are none.
Interval interval_of(std::vector<double> values);

/// The value of a metric that summarises one replicate: the horizon total for flows counted in
/// persons or money, the end-of-horizon value for stocks and for shares and rates.
double replicate_summary(const SeriesTable& t, std::size_t metric);

/// One row of summary.csv.
struct SummaryRow {
  std::string scenario, metric;
  Interval value;
};

/// One row of comparison.csv: the paired (by replicate) difference scenario - baseline.
struct ComparisonRow {
  std::string scenario, metric;
  double baseline_mean = 0.0, scenario_mean = 0.0;
  Interval diff;
};

/// Summary rows for every scenario and metric, in scenario then metric order.
std::vector<SummaryRow> summarise(const std::vector<ScenarioResults>& results);

/// Health-economic settings for comparisons.
struct EconomicsOptions {
  std::vector<double> wtp_usd_per_qaly;  ///< willingness-to-pay thresholds for net monetary benefit
};

/// Paired differences of every alternative (results[1..]) against the baseline (results[0]), then
/// incremental cost-effectiveness rows: `icer.usd_per_qaly_gained`, `icer.usd_per_hiv_infection_averted`,
/// `icer.usd_per_death_averted` (diff_mean = ratio of mean differences; NaN when the denominator is
/// zero), `nmb.wtp_<X>` (net monetary benefit X*dQALY - dCost per replicate) and
/// `prob_cost_effective.wtp_<X>` (share of replicates with positive net monetary benefit).
std::vector<ComparisonRow> compare(const std::vector<ScenarioResults>& results, const EconomicsOptions& econ);

/// Per-replicate values of a metric's summary, NaN where the metric is absent.
std::vector<double> replicate_values(const ScenarioResults& r, const std::string& metric);

}  // namespace pathways
