// The report's explanatory sections: what each plan changes, why the headline differences arise,
// human-rights outcomes, methods (with the CHEERS 2022 checklist [husereau2022-cheers]), assumptions and
// sources, the calibration behind the numbers, limitations and the checks a reader can trust. Each returns
// HTML; section ids are stable (tests and links use them).
#pragma once

#include <string>
#include <vector>

#include "report/economics.hpp"
#include "report/results.hpp"
#include "report/sensitivity.hpp"
#include "report/writers.hpp"

namespace pathways {

/// #plan-changes: per alternative, every parameter whose value differs from the baseline's.
std::string plan_changes_section(const std::vector<ScenarioResults>& results);

/// #incremental: the incremental analysis across all strategies and the value of information.
std::string incremental_section(const std::vector<ScenarioResults>& results, const RunInfo& info);

/// #why: deaths by cause, by setting and after release; costs by payer and by account; QALYs by
/// where they are gained or lost, flagged when the assumed utility of detention drives them.
std::string why_section(const std::vector<ScenarioResults>& results, const EconomicsOptions& econ);

/// #human-rights: detentions, person-years detained, releases, deaths in detention and within four
/// weeks of release, HIV infections acquired in detention, arrests.
std::string human_rights_section(const std::vector<ScenarioResults>& results);

/// #utilisation: funded places that stay empty (a plan pays for capacity it does not use).
std::string utilisation_section(const std::vector<ScenarioResults>& results);

/// #methods: perspective, horizons, discounting, prices, valuation, uncertainty, and the CHEERS
/// 2022 items with where this report covers each.
std::string methods_section(const std::vector<ScenarioResults>& results, const RunInfo& info,
                            const Sensitivity* sensitivity);

/// #assumptions: the parameters the scenario files set, with their sources, assumptions first;
/// how many module defaults rest on assumptions; the top parameters of the tornado.
std::string assumptions_section(const std::vector<ScenarioResults>& results, const Sensitivity* sensitivity,
                                const EconomicsOptions& econ);

/// #calibration: where calibrated parameters come from and how well the fit matched its targets.
std::string calibration_section(const std::vector<ScenarioResults>& results);

/// #limitations: what the model leaves out, and what this run's settings limit.
std::string limitations_section(const std::vector<ScenarioResults>& results,
                                const std::vector<ComparisonRow>& comparison, const Sensitivity* sensitivity);

/// #checks: invariants checked, replicates and Monte Carlo error, reproducibility.
std::string checks_section(const std::vector<ScenarioResults>& results,
                           const std::vector<ComparisonRow>& comparison, const RunInfo& info);

}  // namespace pathways
