// Results of an ensemble run: per-scenario replicate tables, and their summaries and comparisons.
#pragma once

#include <cstdint>
#include <limits>
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

/// What the bounds of an interval describe; which one depends on how the replicates were sampled.
enum class IntervalKind {
  /// No parameter uncertainty: replicates differ only by chance, so the interval is the 95%
  /// confidence interval of the mean (Student t on the Monte Carlo standard error). It shrinks as
  /// replicates are added, and does not widen with run.scale.
  MeanConfidence,
  /// Parameter draws each run run.inner_replicates times: the 2.5th and 97.5th percentiles of the
  /// per-draw means, which show parameter uncertainty with the stochastic noise averaged down.
  ParameterUncertainty,
  /// Parameter draws run once each: percentiles of replicate outcomes, mixing parameter
  /// uncertainty with stochastic noise (which overstates the former and widens with run.scale).
  OutcomeSpread,
};

/// How a scenario's replicates were sampled: consecutive groups of `inner` replicates share a
/// parameter draw; `parameters_vary` is false when no parameter is uncertain.
struct Sampling {
  int inner = 1;
  bool parameters_vary = true;
};
Sampling sampling_of(const Scenario& s);
/// The kind of interval a sampling gives (see IntervalKind).
IntervalKind interval_kind(const Sampling& s);

/// Mean and central 95% interval of a quantity over replicates (see IntervalKind), the Monte Carlo
/// standard error of the mean (sd of replicates, or of draw means, / sqrt of their number), and,
/// for nested sampling, the share of the variance due to parameters rather than chance.
struct Interval {
  double mean = 0.0, lo95 = 0.0, hi95 = 0.0;
  std::size_t n = 0;  ///< finite values used
  double mcse = 0.0;  ///< Monte Carlo standard error of the mean (NaN with fewer than 2 values)
  IntervalKind kind = IntervalKind::OutcomeSpread;
  /// Share of one replicate's variance due to parameter uncertainty (between-draw variance of the
  /// true means over that plus the within-draw variance); NaN unless nested; 0 with no PSA.
  double parameter_share = std::numeric_limits<double>::quiet_NaN();
};

/// The interval of the finite values under `sampling` (the default, one replicate per draw with
/// varying parameters, gives the mean and type-7 percentiles 2.5% and 97.5%); NaN if none.
Interval interval_of(std::vector<double> values, const Sampling& sampling = {});

/// Values averaged within each parameter draw (consecutive groups of `inner`; NaN values skipped;
/// a group with no finite value gives NaN).
std::vector<double> draw_means(const std::vector<double>& values, int inner);

/// How many replicates would make a mean difference of `diff` with Monte Carlo error `mcse` from
/// `n` replicates twice its Monte Carlo error (the rule the report uses to call a difference
/// distinguishable from noise); 0 if it already is or cannot be computed.
std::size_t replicates_needed(double diff, double mcse, std::size_t n);

/// "confidence interval of the mean", "parameter uncertainty interval", "range of outcomes".
std::string interval_kind_name(IntervalKind k);
/// The same as a CSV key: mean_ci, parameter_ui, outcome_range.
std::string interval_kind_key(IntervalKind k);

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
