// report.html: one self-contained HTML page (inline SVG charts, no scripts or external files) for policy
// readers.
#include "report/html_report.hpp"

#include <fmt/core.h>

#include <cmath>
#include <limits>
#include <string_view>

#include "report/report_charts.hpp"
#include "report/text_format.hpp"

namespace pathways {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

enum class Kind { Usd, Count, Share };

/// One headline outcome: its plain-words label and the metrics summed to make it.
struct Outcome {
  std::string label;
  std::vector<std::string> metrics;
  Kind kind;
};

const std::vector<Outcome>& outcomes() {
  static const std::vector<Outcome> list = {
      {"Total cost (discounted)", {"cost.total_usd_discounted"}, Kind::Usd},
      {"People-years detained (compulsory centres and prisons)",
       {"compulsory_centre.person_years", "prison.person_years"},
       Kind::Count},
      {"MMT clients still in treatment after 12 months", {"mmt.retention_12m"}, Kind::Share},
      {"People waiting for MMT at the end of the horizon", {"mmt.waitlist"}, Kind::Count},
      {"Overdose deaths", {"overdose.deaths"}, Kind::Count},
      {"New HIV infections", {"hiv.infections"}, Kind::Count},
      {"Deaths from all causes", {"population.deaths"}, Kind::Count},
      {"Arrests", {"justice.arrests"}, Kind::Count},
      {"Quality-adjusted life years (QALYs, discounted)", {"health.qalys_discounted"}, Kind::Count},
  };
  return list;
}

/// Per-replicate values of an outcome: the sum of its metrics that are present; NaN if none is.
std::vector<double> outcome_values(const ScenarioResults& r, const Outcome& o) {
  std::vector<double> total(r.replicates.size(), kNaN);
  for (const auto& m : o.metrics) {
    const auto v = replicate_values(r, m);
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (std::isfinite(v[i])) total[i] = std::isfinite(total[i]) ? total[i] + v[i] : v[i];
    }
  }
  return total;
}

std::string value_text(double v, Kind k) {
  switch (k) {
    case Kind::Usd:
      return format_usd(v);
    case Kind::Share:
      return format_percent(v);
    case Kind::Count:
      return format_amount(v);
  }
  return "";
}

/// Differences of shares read as percentage points, not as percentages of percentages.
std::string diff_text(double v, Kind k) {
  if (k == Kind::Share) return std::isfinite(v) ? with_sign(v, format_fixed(v * 100.0, 1)) + " pp" : "n/a";
  return with_sign(v, value_text(v, k));
}

std::string interval_text(const Interval& iv, Kind k, bool diff) {
  if (!std::isfinite(iv.lo95) || !std::isfinite(iv.hi95)) return "n/a";
  auto one = [&](double v) { return diff ? diff_text(v, k) : value_text(v, k); };
  return one(iv.lo95) + " to " + one(iv.hi95);
}

const ComparisonRow* find_row(const std::vector<ComparisonRow>& rows, const std::string& scenario,
                              const std::string& metric) {
  for (const auto& r : rows) {
    if (r.scenario == scenario && r.metric == metric) return &r;
  }
  return nullptr;
}

const SummaryRow* find_row(const std::vector<SummaryRow>& rows, const std::string& scenario,
                           const std::string& metric) {
  for (const auto& r : rows) {
    if (r.scenario == scenario && r.metric == metric) return &r;
  }
  return nullptr;
}

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
    out += fmt::format("<dt>Random seed</dt><dd>{}</dd>\n", sc.seed ? *sc.seed : info.seed);
    if (sc.uncertain.empty()) {
      out += "<dt>Uncertain parameters</dt><dd>none: replicates differ by chance only</dd>\n";
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

std::string intervals_explained(bool paired) {
  std::string s =
      "Figures are means over all replicates. A 95% interval is the range holding the central 95% of "
      "replicate "
      "outcomes: it shows how much results vary with chance and with the uncertain parameters.";
  if (paired) {
    s += " Differences are paired: each replicate of an alternative is compared with the baseline replicate "
         "that "
         "used the same random numbers (common random numbers), so a difference reflects the policy rather "
         "than luck. "
         "pp = percentage points.";
  }
  return "<p class=\"explain\">" + s + "</p>\n";
}

/// How to read one incremental ratio: what a unit of effect is called when gained and when lost.
struct RatioWords {
  std::string label, gained, lost;  // "Cost per QALY gained", "QALY gained", "QALY lost"
};

/// Plain reading of an incremental cost-effectiveness ratio from the signs of its two differences.
std::string icer_text(double icer, double d_cost, double d_effect, const RatioWords& w) {
  if (!std::isfinite(d_cost) || !std::isfinite(d_effect) || !std::isfinite(icer) || d_effect == 0.0) {
    return "not defined (no difference in this outcome)";
  }
  if (d_cost <= 0.0 && d_effect > 0.0) return "saves money and improves this outcome (dominant)";
  if (d_cost >= 0.0 && d_effect < 0.0) return "costs more and worsens this outcome (dominated)";
  if (d_cost < 0.0) return format_usd(icer) + " saved per " + w.lost;
  return format_usd(icer) + " per " + w.gained;
}

std::string value_for_money(const ScenarioResults& base, const ScenarioResults& alt,
                            const std::vector<ComparisonRow>& comparison) {
  auto mean_diff = [&](const std::string& metric) {
    const auto a = replicate_values(base, metric), b = replicate_values(alt, metric);
    std::vector<double> d(std::min(a.size(), b.size()));
    for (std::size_t i = 0; i < d.size(); ++i) d[i] = b[i] - a[i];
    return interval_of(d).mean;
  };
  const double d_cost = mean_diff("cost.total_usd_discounted");
  std::string rows;
  for (const auto& r : comparison) {
    if (r.scenario != alt.scenario.name) continue;
    const std::string_view m = r.metric;
    // Effects: QALYs gained, and infections or deaths averted (baseline minus alternative).
    auto ratio_row = [&](double d_effect, const RatioWords& w) {
      // An outcome the run does not produce gets no row rather than an empty one.
      if (!std::isfinite(d_effect)) return;
      rows += fmt::format("<tr><td>{}</td><td>{}</td><td></td></tr>\n", w.label,
                          icer_text(r.diff.mean, d_cost, d_effect, w));
    };
    if (m == "icer.usd_per_qaly_gained") {
      ratio_row(mean_diff("health.qalys_discounted"), {"Cost per QALY gained", "QALY gained", "QALY lost"});
    } else if (m == "icer.usd_per_hiv_infection_averted") {
      ratio_row(-mean_diff("hiv.infections"),
                {"Cost per HIV infection averted", "infection averted", "extra infection"});
    } else if (m == "icer.usd_per_death_averted") {
      ratio_row(-mean_diff("population.deaths"), {"Cost per death averted", "death averted", "extra death"});
    } else if (m.starts_with("nmb.wtp_")) {
      const double wtp = std::strtod(r.metric.c_str() + 8, nullptr);
      rows += fmt::format(
          "<tr><td>Net monetary benefit at {} per QALY</td><td class=\"num\">{}</td>"
          "<td class=\"num\">{}</td></tr>\n",
          format_usd(wtp), with_sign(r.diff.mean, format_usd(r.diff.mean)),
          interval_text(r.diff, Kind::Usd, true));
    } else if (m.starts_with("prob_cost_effective.wtp_")) {
      const double wtp = std::strtod(r.metric.c_str() + 24, nullptr);
      rows += fmt::format(
          "<tr><td>Chance of being cost-effective at {} per QALY</td><td class=\"num\">{}</td>"
          "<td></td></tr>\n",
          format_usd(wtp), format_percent(r.diff.mean));
    }
  }
  if (rows.empty()) return "";
  return "<h4>Value for money</h4>\n<table class=\"vfm\">\n<thead><tr><th>Measure</th><th>Value</th><th>95% "
         "interval</th></tr></thead>\n<tbody>\n" +
         rows +
         "</tbody>\n</table>\n<p class=\"explain\">Costs and QALYs are discounted. Net monetary benefit "
         "values each "
         "QALY gained at the stated amount and subtracts the extra cost: above zero means good value at that "
         "price.</p>\n";
}

std::string comparison_tables(const std::vector<ScenarioResults>& results,
                              const std::vector<ComparisonRow>& comparison) {
  const ScenarioResults& base = results.front();
  std::string out;
  for (std::size_t s = 1; s < results.size(); ++s) {
    const ScenarioResults& alt = results[s];
    out += fmt::format("<h3>{} compared with {}</h3>\n", html_escape(alt.scenario.name),
                       html_escape(base.scenario.name));
    out += fmt::format(
        "<table class=\"headline\">\n<thead><tr><th>Outcome over the horizon</th><th>{}</th><th>{}</th>"
        "<th>Difference</th><th>95% interval of the difference</th></tr></thead>\n<tbody>\n",
        html_escape(base.scenario.name), html_escape(alt.scenario.name));
    std::string missing;
    for (const auto& o : outcomes()) {
      double base_mean = kNaN, alt_mean = kNaN;
      Interval diff{kNaN, kNaN, kNaN, 0};
      const ComparisonRow* row =
          o.metrics.size() == 1 ? find_row(comparison, alt.scenario.name, o.metrics[0]) : nullptr;
      if (row) {
        base_mean = row->baseline_mean;
        alt_mean = row->scenario_mean;
        diff = row->diff;
      } else {
        const auto a = outcome_values(base, o), b = outcome_values(alt, o);
        std::vector<double> d(std::min(a.size(), b.size()));
        for (std::size_t i = 0; i < d.size(); ++i) d[i] = b[i] - a[i];
        base_mean = interval_of(a).mean;
        alt_mean = interval_of(b).mean;
        diff = interval_of(d);
      }
      if (!std::isfinite(base_mean) && !std::isfinite(alt_mean)) {
        missing += (missing.empty() ? "" : ", ") + o.label;
        continue;
      }
      out += fmt::format(
          "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
          "<td class=\"num\">{}</td></tr>\n",
          o.label, value_text(base_mean, o.kind), value_text(alt_mean, o.kind), diff_text(diff.mean, o.kind),
          interval_text(diff, o.kind, true));
    }
    out += "</tbody>\n</table>\n";
    if (!missing.empty()) out += "<p class=\"note\">Not produced by this run: " + missing + ".</p>\n";
    out += value_for_money(base, alt, comparison);
  }
  return out;
}

std::string summary_table(const std::vector<ScenarioResults>& results,
                          const std::vector<SummaryRow>& summary) {
  std::string out = "<table class=\"headline\">\n<thead><tr><th>Outcome over the horizon</th>";
  for (const auto& r : results) out += "<th>" + html_escape(r.scenario.name) + "</th><th>95% interval</th>";
  out += "</tr></thead>\n<tbody>\n";
  std::string missing;
  for (const auto& o : outcomes()) {
    std::string cells;
    bool any = false;
    for (const auto& r : results) {
      const SummaryRow* row =
          o.metrics.size() == 1 ? find_row(summary, r.scenario.name, o.metrics[0]) : nullptr;
      const Interval iv = row ? row->value : interval_of(outcome_values(r, o));
      any = any || std::isfinite(iv.mean);
      cells += fmt::format("<td class=\"num\">{}</td><td class=\"num\">{}</td>", value_text(iv.mean, o.kind),
                           interval_text(iv, o.kind, false));
    }
    if (!any) {
      missing += (missing.empty() ? "" : ", ") + o.label;
      continue;
    }
    out += "<tr><td>" + o.label + "</td>" + cells + "</tr>\n";
  }
  out += "</tbody>\n</table>\n";
  if (!missing.empty()) out += "<p class=\"note\">Not produced by this run: " + missing + ".</p>\n";
  return out;
}

std::string run_details(const RunInfo& info) {
  std::string out = "<footer id=\"run-details\">\n<h2>Run details</h2>\n<dl>\n";
  out += fmt::format("<dt>Command</dt><dd><code>pathways {}</code></dd>\n", html_escape(info.command));
  out += fmt::format("<dt>Seed</dt><dd>{}</dd>\n", info.seed);
  out += fmt::format("<dt>Replicates per scenario</dt><dd>{}</dd>\n", info.replicates);
  out += fmt::format("<dt>Threads</dt><dd>{}</dd>\n", info.threads);
  out += fmt::format("<dt>Wall time</dt><dd>{} seconds</dd>\n", format_fixed(info.wall_seconds, 1));
  out += fmt::format("<dt>Events simulated</dt><dd>{}</dd>\n",
                     format_fixed(static_cast<double>(info.events), 0));
  std::string checks;
  for (std::size_t i = 0; i < info.invariants.size(); ++i)
    checks += (i ? ", " : "") + html_escape(info.invariants[i]);
  out += fmt::format("<dt>Invariant checks passed</dt><dd>{}{}</dd>\n",
                     format_fixed(static_cast<double>(info.invariant_checks), 0),
                     checks.empty() ? "" : " (" + checks + ")");
  if (!info.wtp_usd_per_qaly.empty()) {
    std::string wtp;
    for (std::size_t i = 0; i < info.wtp_usd_per_qaly.size(); ++i)
      wtp += (i ? ", " : "") + format_usd(info.wtp_usd_per_qaly[i]);
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
footer{margin-top:3em;font-size:0.9em;color:#444444}code{font-size:0.95em})";

}  // namespace

std::string render_report(const std::vector<ScenarioResults>& results, const std::vector<SummaryRow>& summary,
                          const std::vector<ComparisonRow>& comparison, const RunInfo& info) {
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
  out += scenarios_section(results, info);
  out += "<section id=\"headline\">\n<h2>Headline results</h2>\n";
  const bool paired = results.size() > 1;
  out += intervals_explained(paired);
  if (results.empty()) {
    out += "<p class=\"note\">The run produced no results.</p>\n";
  } else if (paired) {
    out += comparison_tables(results, comparison);
  } else {
    out += summary_table(results, summary);
  }
  out += "</section>\n";
  out += report_charts(results, info);
  out += run_details(info);
  return out + "</body>\n</html>\n";
}

}  // namespace pathways
