// The report's charts: turning replicate tables into chart data, one function per chart.
#pragma once

#include <string>
#include <vector>

#include "report/results.hpp"
#include "report/writers.hpp"

namespace pathways {

/// Every chart section of the report as HTML (figures with inline SVG), in reading order. A chart
/// whose metrics are absent from the run is replaced by a one-line note saying so.
std::string report_charts(const std::vector<ScenarioResults>& results, const RunInfo& info);

/// A chart in a <figure> with its heading (plain text, escaped here) and lead paragraph (HTML).
std::string chart_figure(const std::string& heading, const std::string& lead, const std::string& svg_text);
/// A figure that says why its chart is not shown (`why` is HTML).
std::string chart_skipped(const std::string& heading, const std::string& why);

/// Plain-words name of a setting (its declared label) or of a cost account ("harm_reduction.nsp" ->
/// "Harm reduction: NSP").
std::string plain_setting_name(const std::vector<ScenarioResults>& results, const std::string& key);

/// Per-replicate values of `metric` in every year; rows are replicates; empty when absent everywhere.
std::vector<std::vector<double>> yearly_values(const ScenarioResults& r, const std::string& metric);

}  // namespace pathways
