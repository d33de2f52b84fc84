// #plan-changes: what each plan changes against the baseline, parameter by parameter.
#include <fmt/core.h>

#include "report/report_sections.hpp"
#include "report/report_values.hpp"
#include "report/text_format.hpp"

namespace pathways {

std::string plan_changes_section(const std::vector<ScenarioResults>& results) {
  if (results.size() < 2) return "";
  const Scenario& base = results.front().scenario;
  std::string out =
      "<section id=\"plan-changes\">\n<h2>What each plan changes</h2>\n<p class=\"lead\">Every parameter "
      "whose "
      "value in the plan differs from the baseline, with the source the plan gives for it. Everything not "
      "listed is "
      "the same in both.</p>\n";
  for (std::size_t s = 1; s < results.size(); ++s) {
    const Scenario& alt = results[s].scenario;
    std::string rows;
    for (const auto& entry : alt.params.all()) {
      const std::string& key = entry.first;
      const std::string a = parameter_text(base, key), b = parameter_text(alt, key);
      if (a == b) continue;
      std::string source;
      if (const auto it = alt.sources.find(key); it != alt.sources.end()) {
        source = it->second;
      } else if (const auto jt = base.sources.find(key); jt != base.sources.end()) {
        source = jt->second;
      }
      rows += fmt::format("<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                          html_escape(key), html_escape(a), html_escape(b), html_escape(source));
    }
    out += fmt::format("<h3>{}</h3>\n", html_escape(alt.name));
    if (rows.empty()) {
      out +=
          "<p class=\"note\">No parameter differs from the baseline: the two scenarios differ only in "
          "name.</p>\n";
      continue;
    }
    out += fmt::format(
        "<table "
        "class=\"changes\">\n<thead><tr><th>Parameter</th><th>{}</th><th>{}</th><th>Source</th></tr></"
        "thead>\n"
        "<tbody>\n{}</tbody>\n</table>\n",
        html_escape(base.name), html_escape(alt.name), rows);
  }
  return out + "</section>\n";
}

}  // namespace pathways
