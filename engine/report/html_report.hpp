// report.html: one self-contained HTML page (inline SVG charts, no scripts or external files) for policy
// readers.
#pragma once

#include <string>
#include <vector>

#include "report/results.hpp"
#include "report/sensitivity.hpp"
#include "report/writers.hpp"

namespace pathways {

/// The whole report as one HTML document: scenarios in plain words, the headline table (each
/// alternative against the baseline, results[0], or for a single run its summary), charts and a
/// run-details footer. `comparison` is empty for a single `run`. The text depends only on the
/// inputs (no clock), so identical inputs give byte-identical reports.
std::string render_report(const std::vector<ScenarioResults>& results, const std::vector<SummaryRow>& summary,
                          const std::vector<ComparisonRow>& comparison, const RunInfo& info,
                          const Sensitivity* sensitivity = nullptr);

}  // namespace pathways
