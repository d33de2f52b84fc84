// The report's headline: the in-brief list and the tables of outcomes, differences and value for money.
#include "report/headline.hpp"

#include <fmt/core.h>

#include <cmath>
#include <cstdlib>
#include <limits>
#include <string_view>

#include "report/headline_metrics.hpp"
#include "report/text_format.hpp"

namespace pathways {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Per-replicate values of an outcome: the sum of its metrics that are present; NaN if none is.
std::vector<double> outcome_values(const ScenarioResults& r, const HeadlineOutcome& o) {
  std::vector<double> total(r.replicates.size(), kNaN);
  for (const auto& m : o.metrics) {
    const auto v = replicate_values(r, m);
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (std::isfinite(v[i])) total[i] = std::isfinite(total[i]) ? total[i] + v[i] : v[i];
    }
  }
  return total;
}

/// Differences of shares read as percentage points, not as percentages of percentages.
std::string diff_text(double v, Unit k) {
  return format_difference(v, k);
}

std::string interval_text(const Interval& iv, Unit k, bool diff) {
  if (!std::isfinite(iv.lo95) || !std::isfinite(iv.hi95)) return "n/a";
  auto one = [&](double v) { return diff ? diff_text(v, k) : format_value(v, k); };
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

/// The paired comparison of one outcome: from `comparison` when it has the metric, otherwise
/// (derived outcomes) from the replicates in the same way.
struct OutcomeDiff {
  double base_mean = kNaN, alt_mean = kNaN;
  Interval diff{kNaN, kNaN, kNaN, 0};
};

OutcomeDiff outcome_diff(const ScenarioResults& base, const ScenarioResults& alt, const HeadlineOutcome& o,
                         const std::vector<ComparisonRow>& comparison) {
  OutcomeDiff out;
  const ComparisonRow* row =
      o.metrics.size() == 1 ? find_row(comparison, alt.scenario.name, o.metrics[0]) : nullptr;
  if (row) {
    out.base_mean = row->baseline_mean;
    out.alt_mean = row->scenario_mean;
    out.diff = row->diff;
    return out;
  }
  const auto a = outcome_values(base, o), b = outcome_values(alt, o);
  std::vector<double> d(std::min(a.size(), b.size()));
  for (std::size_t i = 0; i < d.size(); ++i) d[i] = b[i] - a[i];
  out.base_mean = interval_of(a).mean;
  out.alt_mean = interval_of(b).mean;
  out.diff = interval_of(d);
  return out;
}

/// "2,542 more", "US$64.8 million lower", "1.2 percentage points lower".
std::string change_text(double v, const HeadlineOutcome& o) {
  if (v == 0.0) return "no change";
  const double a = std::fabs(v);
  const std::string size =
      o.kind == Unit::Share ? format_fixed(a * 100.0, 1) + " percentage points" : format_value(a, o.kind);
  return size + " " + (v > 0.0 ? o.more : o.less);
}

std::string change_interval(const Interval& iv, const HeadlineOutcome& o) {
  if (!std::isfinite(iv.lo95) || !std::isfinite(iv.hi95)) return "";
  // Every replicate agrees (to the digits shown): an interval adds nothing.
  if (change_text(iv.lo95, o) == change_text(iv.hi95, o)) return "";
  if (iv.lo95 > 0.0 || iv.hi95 < 0.0) {
    // Same direction at both ends: "21,938 to 25,722 more".
    const double near = iv.lo95 > 0.0 ? iv.lo95 : -iv.hi95;
    const std::string near_text =
        o.kind == Unit::Share ? format_fixed(near * 100.0, 1) : format_value(near, o.kind);
    return " (95% interval " + near_text + " to " + change_text(iv.lo95 > 0.0 ? iv.hi95 : iv.lo95, o) + ")";
  }
  return " (95% interval from " + change_text(iv.lo95, o) + " to " + change_text(iv.hi95, o) + ")";
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

std::string value_for_money(const ScenarioResults& base, const ScenarioResults& alt,
                            const std::vector<ComparisonRow>& comparison, const EconomicsOptions& econ) {
  auto mean_diff = [&](const std::string& metric) {
    const auto a = replicate_values(base, metric), b = replicate_values(alt, metric);
    std::vector<double> d(std::min(a.size(), b.size()));
    for (std::size_t i = 0; i < d.size(); ++i) d[i] = b[i] - a[i];
    return interval_of(d).mean;
  };
  const double d_cost = mean_diff(econ.cost_metric());
  std::string rows;
  for (const auto& r : comparison) {
    if (r.scenario != alt.scenario.name) continue;
    const std::string_view m = r.metric;
    // Effects: QALYs gained, and infections or deaths averted (baseline minus alternative).
    auto ratio_row = [&](double d_effect, const RatioWords& w) {
      // An outcome the run does not produce gets no row rather than an empty one.
      if (!std::isfinite(d_effect)) return;
      rows += fmt::format("<tr><td>{}</td><td>{}</td><td></td></tr>\n", w.label,
                          icer_text(r.diff.mean, d_cost, d_effect, w.gained, w.lost));
    };
    if (m == "icer.usd_per_qaly_gained") {
      ratio_row(mean_diff(econ.qaly_metric()), {"Cost per QALY gained", "QALY gained", "QALY lost"});
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
          interval_text(r.diff, Unit::Usd, true));
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
         rows + "</tbody>\n</table>\n<p class=\"explain\">Costs (" + html_escape(econ.describe()) +
         ") and QALYs are discounted. Net monetary benefit values each QALY gained at the stated amount and "
         "subtracts the extra cost: above zero means good value at that price.</p>\n";
}

std::string comparison_tables(const std::vector<ScenarioResults>& results,
                              const std::vector<ComparisonRow>& comparison, const EconomicsOptions& econ) {
  const ScenarioResults& base = results.front();
  std::string out;
  for (std::size_t s = 1; s < results.size(); ++s) {
    const ScenarioResults& alt = results[s];
    out += fmt::format("<h3>{} compared with {}</h3>\n", html_escape(alt.scenario.name),
                       html_escape(base.scenario.name));
    out += fmt::format(
        "<table class=\"headline\">\n<thead><tr><th>Outcome over the horizon</th><th>{}</th><th>{}</th>"
        "<th>Difference</th><th>95% interval of the difference</th><th>Monte Carlo error</th></tr></thead>"
        "\n<tbody>\n",
        html_escape(base.scenario.name), html_escape(alt.scenario.name));
    std::string missing;
    for (const auto& o : headline_outcomes(econ)) {
      const OutcomeDiff d = outcome_diff(base, alt, o, comparison);
      const double base_mean = d.base_mean, alt_mean = d.alt_mean;
      const Interval& diff = d.diff;
      if (!std::isfinite(base_mean) && !std::isfinite(alt_mean)) {
        missing += (missing.empty() ? "" : ", ") + o.label;
        continue;
      }
      // A mean difference within two Monte Carlo standard errors of zero is not told apart from chance.
      const bool noise = std::isfinite(diff.mcse) && std::abs(diff.mean) < 2.0 * diff.mcse;
      out += fmt::format(
          "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
          "<td class=\"num\">{}</td><td class=\"num\">{}{}</td></tr>\n",
          o.label, format_value(base_mean, o.kind), format_value(alt_mean, o.kind),
          diff_text(diff.mean, o.kind), interval_text(diff, o.kind, true),
          std::isfinite(diff.mcse)
              ? "&plusmn;" + format_value(diff.mcse, o.kind == Unit::Share ? Unit::Count : o.kind)
              : std::string("n/a"),
          noise ? " <span class=\"note\">(within chance)</span>" : "");
    }
    out += "</tbody>\n</table>\n";
    if (!missing.empty()) out += "<p class=\"note\">Not produced by this run: " + missing + ".</p>\n";
    out += value_for_money(base, alt, comparison, econ);
  }
  return out;
}

std::string summary_table(const std::vector<ScenarioResults>& results, const std::vector<SummaryRow>& summary,
                          const EconomicsOptions& econ) {
  std::string out = "<table class=\"headline\">\n<thead><tr><th>Outcome over the horizon</th>";
  for (const auto& r : results) out += "<th>" + html_escape(r.scenario.name) + "</th><th>95% interval</th>";
  out += "</tr></thead>\n<tbody>\n";
  std::string missing;
  for (const auto& o : headline_outcomes(econ)) {
    std::string cells;
    bool any = false;
    for (const auto& r : results) {
      const SummaryRow* row =
          o.metrics.size() == 1 ? find_row(summary, r.scenario.name, o.metrics[0]) : nullptr;
      const Interval iv = row ? row->value : interval_of(outcome_values(r, o));
      any = any || std::isfinite(iv.mean);
      cells += fmt::format("<td class=\"num\">{}</td><td class=\"num\">{}</td>",
                           format_value(iv.mean, o.kind), interval_text(iv, o.kind, false));
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

}  // namespace

std::string headline_in_brief(const std::vector<ScenarioResults>& results,
                              const std::vector<ComparisonRow>& comparison, const EconomicsOptions& econ) {
  if (results.size() < 2) return "";
  std::string out = "<section id=\"in-brief\">\n<h2>In brief</h2>\n";
  const ScenarioResults& base = results.front();
  for (std::size_t s = 1; s < results.size(); ++s) {
    const ScenarioResults& alt = results[s];
    out += fmt::format(
        "<p>Compared with <strong>{}</strong>, over {} years <strong>{}</strong> means:</p>\n<ul>\n",
        html_escape(base.scenario.name), alt.scenario.run.years, html_escape(alt.scenario.name));
    for (const auto& o : headline_outcomes(econ)) {
      if (!o.in_brief) continue;
      const OutcomeDiff d = outcome_diff(base, alt, o, comparison);
      if (!std::isfinite(d.diff.mean)) continue;
      const bool noise = std::isfinite(d.diff.mcse) && std::abs(d.diff.mean) < 2.0 * d.diff.mcse;
      out += fmt::format(
          "<li>{}: {}{}{}.</li>\n", o.brief_label, change_text(d.diff.mean, o), change_interval(d.diff, o),
          noise ? " &mdash; not distinguishable from simulation noise with these replicates" : "");
    }
    // A plan that saves money by losing health is "cost-effective" at a threshold only in the sense
    // that the savings are valued above the health lost: say so before any probability.
    const double d_cost = outcome_diff(base, alt, headline_outcomes(econ).front(), comparison).diff.mean;
    const double d_qaly = outcome_diff(base, alt, headline_outcomes(econ)[1], comparison).diff.mean;
    if (d_cost < 0.0 && d_qaly < 0.0) {
      out += fmt::format(
          "<li><strong>It saves money by losing health:</strong> {} saved for each QALY lost. At a threshold "
          "below that it counts as cost-effective only because the money saved is valued above the health "
          "lost; most decision rules do not accept health losses for savings without saying so.</li>\n",
          format_usd(d_cost / d_qaly));
    }
    // The verdict at the threshold the country names for its headline (economics.headline_wtp_usd_per_qaly).
    for (const auto& r : comparison) {
      if (r.scenario != alt.scenario.name || !r.metric.starts_with("prob_cost_effective.wtp_")) continue;
      const double wtp = std::strtod(r.metric.c_str() + 24, nullptr);
      if (!std::isfinite(r.diff.mean) || econ.headline_wtp == 0.0 || std::abs(wtp - econ.headline_wtp) > 0.5)
        continue;
      out += fmt::format(
          "<li>Chance of being cost-effective at {} per QALY gained (the threshold this country's "
          "headline uses): {}.</li>\n",
          format_usd(wtp), format_percent(r.diff.mean));
    }
    out += "</ul>\n";
  }
  return out + "</section>\n";
}

std::string headline_tables(const std::vector<ScenarioResults>& results,
                            const std::vector<SummaryRow>& summary,
                            const std::vector<ComparisonRow>& comparison, const EconomicsOptions& econ) {
  const bool paired = results.size() > 1;
  std::string out = intervals_explained(paired);
  if (results.empty()) return out + "<p class=\"note\">The run produced no results.</p>\n";
  return out +
         (paired ? comparison_tables(results, comparison, econ) : summary_table(results, summary, econ));
}

}  // namespace pathways
