// The cost-effectiveness charts: the plane of paired differences and the acceptability curve.
#pragma once

#include <string>
#include <vector>

#include "report/results.hpp"
#include "report/writers.hpp"

namespace pathways {

/// The cost-effectiveness plane (per-replicate paired differences in discounted QALYs and costs of
/// each alternative against results[0]) and the acceptability curve computed from the same
/// differences; notes instead when there is one scenario or the metrics are absent.
std::string cost_effectiveness_charts(const std::vector<ScenarioResults>& results, const RunInfo& info);

}  // namespace pathways
