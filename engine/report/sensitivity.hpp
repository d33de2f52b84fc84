// One-way (deterministic) sensitivity analysis: each uncertain parameter set to the low and then
// the high end of its range with every other parameter at its central value; outcomes, the
// sensitivity.csv table and the tornado charts of the report.
#pragma once

#include <string>
#include <vector>

#include "report/economics.hpp"
#include "report/results.hpp"

namespace pathways {

/// One parameter varied in the one-way analysis.
struct SensitivityParameter {
  std::string key;
  std::string source;       ///< the scenario's source for it, else the declared one
  bool assumption = false;  ///< unsourced, or its source says it is an assumption
  double centre = 0.0;      ///< base-case value
  double low = 0.0, high = 0.0;
  std::string range_from;  ///< "2.5th to 97.5th percentile of beta(mean 0.3, sd 0.05)", "--parameter"
};

/// One outcome of the analysis: its base-case mean and its mean with each parameter low and high
/// (indices as in Sensitivity::parameters). For comparisons the outcome is a paired difference.
struct SensitivityOutcome {
  std::string scenario;  ///< the scenario (for differences, the alternative)
  std::string metric;    ///< e.g. "diff:cost.perspective_government_usd_discounted", "nmb.wtp_4300"
  std::string label;     ///< plain words, e.g. "Net monetary benefit at US$4,300 per QALY"
  bool usd = false;
  double base = 0.0;
  double base_mcse = 0.0;  ///< Monte Carlo standard error of the base-case value
  std::vector<double> at_low, at_high;
};

struct Sensitivity {
  std::vector<SensitivityParameter> parameters;
  std::vector<SensitivityOutcome> outcomes;
  int replicates = 0;
};

/// Whether a source text marks an assumption (empty, or starting "assumption").
bool is_assumption(const std::string& source);

/// The outcomes of a one-way analysis from the base-case results and, per parameter, the results
/// with it low and high (all paired by replicate). Single scenario: its cost, QALYs and deaths;
/// comparison: per alternative the differences in cost, QALYs, DALYs and deaths, and the net
/// monetary benefit at the headline threshold (or, without one, at each threshold).
Sensitivity summarise_sensitivity(std::vector<SensitivityParameter> parameters,
                                  const std::vector<ScenarioResults>& base,
                                  const std::vector<std::vector<ScenarioResults>>& at_low,
                                  const std::vector<std::vector<ScenarioResults>>& at_high,
                                  const EconomicsOptions& econ);

/// sensitivity.csv: one row per outcome and parameter: scenario, metric, parameter, source,
/// assumption, low_value, high_value, base, at_low, at_high, swing (|at_high - at_low|).
std::string sensitivity_csv(const Sensitivity& s);

/// The outcome each tornado shows for `scenario`: net benefit at the headline threshold when
/// there is one, else the QALY difference (single run: QALYs).
const SensitivityOutcome* tornado_outcome(const Sensitivity& s, const std::string& scenario,
                                          const EconomicsOptions& econ);

/// The report section: how the analysis was done, a tornado per alternative (widest swing first,
/// assumptions flagged) and the table of the top parameters.
std::string sensitivity_section(const Sensitivity& s, const std::vector<ScenarioResults>& results,
                                const EconomicsOptions& econ);

}  // namespace pathways
