// The report's headline: the in-brief list and the tables of outcomes, differences and value for money.
#pragma once

#include <string>
#include <vector>

#include "report/economics.hpp"
#include "report/results.hpp"

namespace pathways {

/// For each alternative, a few plain sentences on the main differences from the baseline
/// (results[0]) with their 95% intervals; empty for a single scenario.
std::string headline_in_brief(const std::vector<ScenarioResults>& results,
                              const std::vector<ComparisonRow>& comparison, const EconomicsOptions& econ);

/// The headline tables: per alternative the baseline, the alternative, their paired difference and
/// its interval, then value for money (ICERs, net monetary benefit, chance of being cost-effective);
/// for a single scenario its means and intervals. Values come from `comparison` and `summary` when
/// they hold the metric, otherwise (derived outcomes) from the replicates.
std::string headline_tables(const std::vector<ScenarioResults>& results,
                            const std::vector<SummaryRow>& summary,
                            const std::vector<ComparisonRow>& comparison, const EconomicsOptions& econ);

}  // namespace pathways
