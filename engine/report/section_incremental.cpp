// #incremental: the incremental analysis across all strategies, and the value of information.
#include <fmt/core.h>

#include <cmath>

#include "report/report_sections.hpp"
#include "report/text_format.hpp"

namespace pathways {

namespace {

std::string status_words(const Strategy& s) {
  switch (s.status) {
    case Strategy::Status::Frontier:
      return "on the efficient frontier";
    case Strategy::Status::Dominated:
      return "dominated by " + html_escape(s.dominated_by) +
             " (costs more and gains fewer QALYs, or the same)";
    case Strategy::Status::ExtendedlyDominated:
      return "extendedly dominated by a mix of " + html_escape(s.dominated_by);
  }
  return "";
}

}  // namespace

std::string incremental_section(const std::vector<ScenarioResults>& results, const RunInfo& info) {
  if (results.size() < 2) return "";
  const EconomicsOptions& econ = info.economics;
  const Incremental inc = incremental_analysis(results, econ);
  std::string out = "<section id=\"incremental\">\n<h2>Incremental analysis of all plans</h2>\n";
  if (inc.strategies.empty() || !std::isfinite(inc.strategies.front().cost)) {
    return out +
           "<p class=\"note\">The run has no costs or QALYs (the health and cost modules were not run).</p>\n"
           "</section>\n";
  }
  out += fmt::format(
      "<p class=\"lead\">All plans side by side, cheapest first in the reasoning: a plan is "
      "<em>dominated</em> when "
      "another costs no more and gains at least as many QALYs; <em>extendedly dominated</em> when a mix of "
      "two "
      "others would buy its QALYs more cheaply. The remaining plans form the efficient frontier, and each "
      "incremental cost-effectiveness ratio (ICER) compares a frontier plan with the next cheaper one. Costs "
      "({}) "
      "and QALYs are discounted means over {}.</p>\n",
      html_escape(econ.describe()),
      sampling_of(results.front().scenario).inner > 1 ? "parameter draws" : "replicates");
  out +=
      "<table class=\"incremental\">\n<thead><tr><th>Plan</th><th>Cost</th><th>QALYs</th><th>Status</th>"
      "<th>ICER (US$ per QALY gained)</th>";
  for (double w : inc.wtp) out += "<th>Net monetary benefit at " + format_usd(w) + "</th>";
  for (double w : inc.wtp) out += "<th>Chance of being the best plan at " + format_usd(w) + "</th>";
  out += "</tr></thead>\n<tbody>\n";
  for (const auto& s : inc.strategies) {
    out += fmt::format(
        "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td "
        "class=\"num\">{}</td>",
        html_escape(s.name), format_usd(s.cost), format_amount(s.qalys), status_words(s),
        std::isfinite(s.icer) ? format_usd(s.icer) : std::string("&mdash;"));
    for (double v : s.nmb) out += "<td class=\"num\">" + format_usd(v) + "</td>";
    for (double v : s.prob_optimal) out += "<td class=\"num\">" + format_percent(v) + "</td>";
    out += "</tr>\n";
  }
  out += "</tbody>\n</table>\n";
  if (econ.headline_wtp > 0.0) {
    std::size_t best = 0;
    for (std::size_t k = 0; k < inc.wtp.size(); ++k) {
      if (std::abs(inc.wtp[k] - econ.headline_wtp) > 0.5) continue;
      for (std::size_t s = 0; s < inc.strategies.size(); ++s) {
        if (inc.strategies[s].nmb[k] > inc.strategies[best].nmb[k]) best = s;
      }
      out += fmt::format(
          "<p>At the headline threshold of {} per QALY gained, the plan with the highest expected net "
          "monetary "
          "benefit is <strong>{}</strong>; it is the best plan in {} of the {}.</p>\n",
          format_usd(econ.headline_wtp), html_escape(inc.strategies[best].name),
          format_percent(inc.strategies[best].prob_optimal[k]),
          sampling_of(results.front().scenario).inner > 1 ? "parameter draws" : "replicates");
    }
  }
  if (!inc.wtp.empty()) {
    const auto partial = parameter_value_of_information(results, inc, info.seed);
    out +=
        "<h3>Value of information</h3>\n<p>The expected value of perfect information (EVPI) is what removing "
        "all "
        "the uncertainty the run represents would be worth to the decision: the expected net benefit of "
        "choosing "
        "with perfect knowledge minus that of choosing now.";
    if (!sampling_of(results.front().scenario).parameters_vary) {
      out +=
          " <span class=\"note\">No parameter is uncertain in this run, so replicates differ by chance only "
          "and "
          "the EVPI below reflects simulation noise, not missing knowledge.</span>";
    } else if (sampling_of(results.front().scenario).inner == 1) {
      out +=
          " <span class=\"note\">Each parameter draw was run once, so simulation noise inflates the EVPI; "
          "set "
          "<code>run.inner_replicates</code> to average it down.</span>";
    }
    out += "</p>\n<table class=\"voi\">\n<thead><tr><th>Willingness to pay</th><th>EVPI, all parameters</th>";
    for (const auto& p : partial) out += "<th>EVPPI: <code>" + html_escape(p.key) + "</code></th>";
    out += "</tr></thead>\n<tbody>\n";
    for (std::size_t k = 0; k < inc.wtp.size(); ++k) {
      out += fmt::format("<tr><td>{} per QALY</td><td class=\"num\">{}</td>", format_usd(inc.wtp[k]),
                         format_usd(inc.evpi_usd[k]));
      for (const auto& p : partial) out += "<td class=\"num\">" + format_usd(p.evppi_usd[k]) + "</td>";
      out += "</tr>\n";
    }
    out += "</tbody>\n</table>\n";
  }
  return out + "</section>\n";
}

}  // namespace pathways
