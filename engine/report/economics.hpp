// The economic evaluation of a comparison: the decision rules (perspective, horizon, willingness to
// pay), incremental analysis across every strategy (dominance, extended dominance, the efficient
// frontier, ICERs along it), net monetary benefit, acceptability and the value of information.
#pragma once

#include <string>
#include <vector>

#include "model/costs.hpp"
#include "report/results.hpp"

namespace pathways {

/// How a comparison is valued. Read from the baseline scenario's economics.* parameters; --wtp
/// replaces the willingness-to-pay values (the headline value must then be one of them, else none).
struct EconomicsOptions {
  Perspective perspective = Perspective::Government;
  bool lifetime = true;
  std::vector<double> wtp_usd_per_qaly;
  double headline_wtp = 0.0;  ///< 0: no verdict at a threshold in the headline
  int price_year = 2023;

  static EconomicsOptions from(const Scenario& baseline, const std::vector<double>& wtp_override = {});
  /// Discounted cost under the perspective and horizon (a metric name).
  std::string cost_metric() const;
  /// Discounted QALYs over the horizon (a metric name).
  std::string qaly_metric() const;
  /// Discounted DALYs over the horizon (a metric name).
  std::string daly_metric() const;
  std::string describe() const;  ///< "government perspective, lifetime horizon"
};

/// One strategy of the incremental analysis.
struct Strategy {
  std::string name;
  double cost = 0.0, qalys = 0.0;  ///< means over replicates (discounted)
  enum class Status { Frontier, Dominated, ExtendedlyDominated } status = Status::Frontier;
  std::string dominated_by;  ///< for a dominated strategy, a strategy that dominates it
  double icer = 0.0;  ///< along the frontier: against the previous frontier strategy (NaN for the first)
  std::vector<double> nmb;           ///< mean net monetary benefit at each willingness to pay
  std::vector<double> prob_optimal;  ///< share of replicates in which it has the highest net monetary benefit
};

/// The incremental analysis of all strategies (results in scenario order), by the textbook rules:
/// strategies sorted by cost; strongly dominated ones removed (another costs no more and gains no
/// fewer QALYs, one of the two strictly); extendedly dominated ones removed while the ICERs along
/// the remaining sequence do not increase; ICERs along the frontier.
struct Incremental {
  std::vector<Strategy> strategies;  ///< in scenario order
  std::vector<double> wtp;           ///< thresholds, as in the options
  std::vector<double> evpi_usd;      ///< expected value of perfect information at each threshold
  /// Per strategy, per parameter draw: mean discounted cost and QALYs (the draw's replicates
  /// averaged under nested sampling); empty when the run lacks the metrics.
  std::vector<std::vector<double>> draw_cost, draw_qalys;
};
Incremental incremental_analysis(const std::vector<ScenarioResults>& results, const EconomicsOptions& econ);

/// The same from given means, for tests and worked examples (no replicates: NMB from the means,
/// probabilities 0 or 1, EVPI 0).
Incremental incremental_from_means(const std::vector<std::string>& names, const std::vector<double>& cost,
                                   const std::vector<double>& qalys, const std::vector<double>& wtp);

/// economics.csv: a row per strategy: cost, qalys, status, dominated_by, icer, then nmb and
/// prob_optimal per threshold, then the perspective and horizon.
std::string economics_csv(const Incremental& inc, const EconomicsOptions& econ);

/// The expected value of partial perfect information of one uncertain parameter, per threshold.
struct ParameterVoi {
  std::string key;
  std::vector<double> evppi_usd;
};

/// Fewer draws than this give no EVPPI: the binning estimator needs several draws per bin.
constexpr std::size_t kMinDrawsForEvppi = 30;

/// EVPPI of each parameter by binning the draws on its value (sqrt(draws) bins of equal count):
/// the mean over bins of the best strategy's net benefit within the bin, minus the best mean net
/// benefit. `values[k][d]` is parameter `keys[k]` in draw d. Noise left in the draws biases it
/// upwards, as for the EVPI; empty with fewer than kMinDrawsForEvppi draws.
std::vector<ParameterVoi> partial_value_of_information(const Incremental& inc,
                                                       const std::vector<std::string>& keys,
                                                       const std::vector<std::vector<double>>& values);

/// The same for every uncertain parameter of the baseline scenario, its draws recomputed from
/// the seed (draw_parameters), so nothing needs to be kept while the ensemble runs.
std::vector<ParameterVoi> parameter_value_of_information(const std::vector<ScenarioResults>& results,
                                                         const Incremental& inc, std::uint64_t seed);

/// value_of_information.csv: per threshold, the expected value of perfect information for all
/// parameters together ("all") and then of each parameter alone (EVPPI), in US$ for the modelled
/// population over the analytic horizon.
std::string value_of_information_csv(const Incremental& inc, const std::vector<ParameterVoi>& partial);

std::string status_name(Strategy::Status s);

/// Plain reading of an incremental ratio from the signs of its two differences (a negative ratio
/// means opposite things in two quadrants, so those are named): "US$1,200 per QALY gained",
/// "saves money and improves this outcome (dominant)", ...
std::string icer_text(double icer, double d_cost, double d_effect, const std::string& gained,
                      const std::string& lost);

}  // namespace pathways
