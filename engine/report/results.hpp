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
/// spread of outcomes, stochastic and parametric, not the standard error of the mean), and the
/// Monte Carlo standard error of the mean: sd / sqrt(n).
struct Interval {
  double mean = 0.0, lo95 = 0.0, hi95 = 0.0;
  std::size_t n = 0;  ///< finite values used
  double mcse = 0.0;  ///< Monte Carlo standard error of the mean (NaN with fewer than 2 values)
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

struct EconomicsOptions;  // report/economics.hpp

/// Paired differences of every alternative (results[1..]) against the baseline (results[0]) with the
/// Monte Carlo standard error of each mean difference, then incremental cost-effectiveness rows
/// under the economic options (cost and QALYs of their perspective and horizon):
/// `icer.usd_per_qaly_gained`, `icer.usd_per_hiv_infection_averted`, `icer.usd_per_death_averted`
/// (diff_mean = ratio of mean differences; NaN when the denominator is zero), `nmb.wtp_<X>` (net
/// monetary benefit X*dQALY - dCost per replicate) and `prob_cost_effective.wtp_<X>` (share of
/// replicates with positive net monetary benefit).
std::vector<ComparisonRow> compare(const std::vector<ScenarioResults>& results, const EconomicsOptions& econ);

/// Per-replicate values of a metric's summary, NaN where the metric is absent.
std::vector<double> replicate_values(const ScenarioResults& r, const std::string& metric);

}  // namespace pathways
