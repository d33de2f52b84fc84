// report.html: one self-contained HTML page (inline SVG charts, no scripts or external files) for policy
// readers.
#include "report/html_report.hpp"

#include <fmt/core.h>

#include <cmath>
#include <limits>
#include <string_view>

#include "report/headline.hpp"
#include "report/report_charts.hpp"
#include "report/report_sections.hpp"
#include "report/text_format.hpp"

namespace pathways {

namespace {

std::string dist_text(const UncertainParam& u) {
  std::vector<std::string> names = {"mean", "sd"};
  if (u.dist == "uniform") names = {"min", "max"};
  if (u.dist == "triangular") names = {"min", "mode", "max"};
  std::string args;
  for (std::size_t i = 0; i < u.args.size(); ++i) {
    args +=
        fmt::format("{}{} {}", i ? ", " : "", i < names.size() ? names[i] : "arg", format_number(u.args[i]));
  }
  return html_escape(u.dist) + " (" + args + ")";
}

std::string scenarios_section(const std::vector<ScenarioResults>& results, const RunInfo& info) {
  std::string out = "<section id=\"scenarios\">\n<h2>Scenarios</h2>\n";
  if (results.size() > 1) {
    out += fmt::format(
        "<p>The first scenario, <strong>{}</strong>, is the baseline; every other scenario is compared "
        "with it.</p>\n",
        html_escape(results.front().scenario.name));
  }
  for (std::size_t s = 0; s < results.size(); ++s) {
    const Scenario& sc = results[s].scenario;
    out += fmt::format("<div class=\"scenario\">\n<h3>{}{}</h3>\n", html_escape(sc.name),
                       results.size() > 1 && s == 0 ? " <span class=\"tag\">baseline</span>" : "");
    if (!sc.description.empty()) out += "<p>" + html_escape(sc.description) + "</p>\n";
    const int last = sc.run.start_year + sc.run.years - 1;
    out += "<dl>\n";
    out += fmt::format("<dt>Time horizon</dt><dd>{} to {} ({} year{})</dd>\n", sc.run.start_year, last,
                       sc.run.years, sc.run.years == 1 ? "" : "s");
    out += fmt::format("<dt>Scale</dt><dd>{}</dd>\n",
                       sc.run.scale == 1.0 ? std::string("each simulated person is one real person")
                                           : "each simulated person stands for " +
                                                 format_amount(sc.run.scale) + " real people");
    out += fmt::format("<dt>Replicates</dt><dd>{}</dd>\n", results[s].replicates.size());
    // The seed actually used: --seed, else the baseline's run.seed (every scenario shares it).
    out += fmt::format("<dt>Random seed</dt><dd>{}</dd>\n", info.seed);
    if (sc.posterior) {
      std::string keys;
      for (const auto& k : sc.posterior->keys)
        keys += (keys.empty() ? "" : ", ") + ("<code>" + html_escape(k) + "</code>");
      out += fmt::format(
          "<dt>Calibrated parameters</dt><dd>each replicate takes one of {} weighted particles of the "
          "calibrated "
          "posterior <code>{}</code> (the same particle in every scenario): {}</dd>\n",
          sc.posterior->rows.size(), html_escape(sc.posterior->path), keys);
    }
    if (sc.uncertain.empty()) {
      out += sc.posterior ? std::string()
                          : "<dt>Uncertain parameters</dt><dd>none: replicates differ by chance only</dd>\n";
    } else {
      out += "<dt>Uncertain parameters</dt><dd>drawn afresh in each replicate:<ul>\n";
      for (const auto& u : sc.uncertain) {
        out += fmt::format("<li><code>{}</code>: {}{}</li>\n", html_escape(u.key), dist_text(u),
                           u.source.empty() ? "" : " &mdash; source: " + html_escape(u.source));
      }
      out += "</ul></dd>\n";
    }
    out += "</dl>\n</div>\n";
  }
  return out + "</section>\n";
}

std::string run_details(const RunInfo& info) {
  std::string out = "<footer id=\"run-details\">\n<h2>Run details</h2>\n<dl>\n";
  out += fmt::format("<dt>Command</dt><dd><code>pathways {}</code></dd>\n", html_escape(info.command));
  out += fmt::format("<dt>Seed</dt><dd>{}</dd>\n", info.seed);
  out += fmt::format("<dt>Replicates per scenario</dt><dd>{}</dd>\n", info.replicates);
  out += info.ranks > 1
             ? fmt::format("<dt>Threads</dt><dd>{} on each of {} ranks</dd>\n", info.threads, info.ranks)
             : fmt::format("<dt>Threads</dt><dd>{}</dd>\n", info.threads);
  out += fmt::format("<dt>Wall time</dt><dd>{} seconds</dd>\n", format_fixed(info.wall_seconds, 1));
  out += fmt::format("<dt>Events simulated</dt><dd>{}</dd>\n",
                     format_fixed(static_cast<double>(info.events), 0));
  std::string checks;
  for (std::size_t i = 0; i < info.invariants.size(); ++i)
    checks += (i ? ", " : "") + html_escape(info.invariants[i]);
  out += fmt::format("<dt>Invariant checks passed</dt><dd>{}{}</dd>\n",
                     format_fixed(static_cast<double>(info.invariant_checks), 0),
                     checks.empty() ? "" : " (" + checks + ")");
  if (!info.economics.wtp_usd_per_qaly.empty()) {
    std::string wtp;
    for (std::size_t i = 0; i < info.economics.wtp_usd_per_qaly.size(); ++i)
      wtp += (i ? ", " : "") + format_usd(info.economics.wtp_usd_per_qaly[i]);
    out += "<dt>Willingness-to-pay thresholds</dt><dd>" + wtp + " per QALY</dd>\n";
  }
  return out +
         "</dl>\n<p>Produced by pathways. The same inputs always give the same report.</p>\n</footer>\n";
}

constexpr const char* kStyle =
    R"(body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;
color:#1a1a1a;max-width:980px;margin:0 auto;padding:24px;line-height:1.45}
h1{font-size:1.8em;margin-bottom:0.2em}h2{border-bottom:2px solid #0072B2;padding-bottom:4px;margin-top:2em}
table{border-collapse:collapse;margin:0.8em 0;width:100%}th,td{border:1px solid #cccccc;padding:6px 8px;vertical-align:top}
th{background:#eef4f9;text-align:left}td.num{text-align:right;white-space:nowrap}
dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px}dt{font-weight:600}dd{margin:0}
.tag{font-size:0.7em;background:#0072B2;color:#ffffff;padding:2px 6px;border-radius:3px;vertical-align:middle}
.explain,.lead{color:#333333}.note{color:#8a4b00;font-style:italic}
figure{margin:1.5em 0}svg.chart{width:100%;max-width:980px;height:auto;display:block}
footer{margin-top:3em;font-size:0.9em;color:#444444}code{font-size:0.95em}
table.headline td:first-child{width:32%}
@media print{body{max-width:none;padding:0}figure,table,li{break-inside:avoid}h2,h3{break-after:avoid}})";

}  // namespace

std::string render_report(const std::vector<ScenarioResults>& results, const std::vector<SummaryRow>& summary,
                          const std::vector<ComparisonRow>& comparison, const RunInfo& info,
                          const Sensitivity* sensitivity) {
  std::string names;
  for (std::size_t i = 0; i < results.size(); ++i) names += (i ? ", " : "") + results[i].scenario.name;
  std::string out = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>Drug policy scenarios: {}</title>\n<style>\n{}\n</style>\n</head>\n<body>\n<header>\n"
      "<h1>Drug policy scenarios: results report</h1>\n<p>{}</p>\n</header>\n",
      html_escape(names), kStyle,
      results.size() > 1 ? "What changes when drug policy moves from compulsory detention towards voluntary, "
                           "community-based "
                           "treatment: each alternative scenario set against the baseline, with costs, "
                           "health and justice outcomes."
                         : "Projected costs, health and justice outcomes of one drug-policy scenario.");
  out += headline_in_brief(results, comparison, info.economics);
  out += scenarios_section(results, info);
  out += plan_changes_section(results);
  out += "<section id=\"headline\">\n<h2>Headline results</h2>\n";
  out += headline_tables(results, summary, comparison, info.economics);
  out += "</section>\n";
  out += incremental_section(results, info);
  out += why_section(results, info.economics);
  out += human_rights_section(results);
  out += utilisation_section(results);
  out += report_charts(results, info);
  if (sensitivity) out += sensitivity_section(*sensitivity, results, info.economics);
  out += assumptions_section(results, sensitivity, info.economics);
  out += calibration_section(results);
  out += methods_section(results, info, sensitivity);
  out += limitations_section(results, comparison, sensitivity);
  out += checks_section(results, comparison, info);
  out += run_details(info);
  return out + "</body>\n</html>\n";
}

}  // namespace pathways
