// One-way sensitivity analysis: outcomes, sensitivity.csv and the report's tornado section.
#include "report/sensitivity.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <numeric>

#include "report/report_charts.hpp"
#include "report/svg_chart.hpp"
#include "report/text_format.hpp"
#include "report/writers.hpp"

namespace pathways {

namespace {

struct OutcomeDef {
  std::string metric, label;
  bool usd = false;
  double wtp = 0.0;  ///< > 0: net monetary benefit at this threshold
};

Interval mean_value(const ScenarioResults& r, const std::string& metric) {
  return interval_of(replicate_values(r, metric));
}

/// The mean paired difference b - a (net monetary benefit for a threshold), computed as
/// compare() does, so the numbers agree with comparison.csv to the last bit.
Interval paired_mean(const ScenarioResults& a, const ScenarioResults& b, const OutcomeDef& o,
                     const EconomicsOptions& econ) {
  const auto diff = [&](const std::string& metric) {
    const auto x = replicate_values(a, metric), y = replicate_values(b, metric);
    std::vector<double> d(std::min(x.size(), y.size()));
    for (std::size_t i = 0; i < d.size(); ++i) d[i] = y[i] - x[i];
    return d;
  };
  if (o.wtp > 0.0) {
    const auto d_q = diff(econ.qaly_metric()), d_c = diff(econ.cost_metric());
    std::vector<double> nmb(d_q.size());
    for (std::size_t i = 0; i < nmb.size(); ++i) nmb[i] = o.wtp * d_q[i] - d_c[i];
    return interval_of(nmb);
  }
  return interval_of(diff(o.metric));
}

std::vector<OutcomeDef> outcome_defs(bool comparison, const EconomicsOptions& econ) {
  std::vector<OutcomeDef> d = {{econ.cost_metric(), "Cost (" + econ.describe() + ", discounted)", true},
                               {econ.qaly_metric(), "QALYs (discounted)", false},
                               {econ.daly_metric(), "DALYs (discounted)", false},
                               {"population.deaths", "Deaths from all causes", false}};
  if (!comparison) return d;
  for (auto& o : d) {
    // "Difference in cost ...", but "Difference in QALYs ..." and "DALYs" keep their capitals.
    const bool acronym = o.label.size() > 1 && std::isupper(static_cast<unsigned char>(o.label[1]));
    if (!acronym) o.label[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(o.label[0])));
    o.label = "Difference in " + o.label;
  }
  std::vector<double> wtps;
  if (econ.headline_wtp > 0.0) {
    wtps = {econ.headline_wtp};
  } else {
    wtps = econ.wtp_usd_per_qaly;
  }
  for (double w : wtps) {
    d.push_back({fmt::format("nmb.wtp_{:.0f}", w), "Net monetary benefit at " + format_usd(w) + " per QALY",
                 true, w});
  }
  return d;
}

}  // namespace

bool is_assumption(const std::string& source) {
  std::string s;
  for (char c : source) {
    if (!std::isspace(static_cast<unsigned char>(c)) || !s.empty())
      s += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return s.empty() || s.rfind("assum", 0) == 0;
}

Sensitivity summarise_sensitivity(std::vector<SensitivityParameter> parameters,
                                  const std::vector<ScenarioResults>& base,
                                  const std::vector<std::vector<ScenarioResults>>& at_low,
                                  const std::vector<std::vector<ScenarioResults>>& at_high,
                                  const EconomicsOptions& econ) {
  Sensitivity s;
  s.parameters = std::move(parameters);
  if (base.empty()) return s;
  s.replicates = static_cast<int>(base.front().replicates.size());
  const bool comparison = base.size() > 1;
  for (const auto& def : outcome_defs(comparison, econ)) {
    for (std::size_t alt = comparison ? 1 : 0; alt < base.size(); ++alt) {
      SensitivityOutcome o;
      o.scenario = base[alt].scenario.name;
      o.metric = comparison && def.wtp == 0.0 ? "diff:" + def.metric : def.metric;
      o.label = def.label;
      o.usd = def.usd;
      const auto value = [&](const std::vector<ScenarioResults>& r) {
        return comparison ? paired_mean(r.front(), r[alt], def, econ) : mean_value(r[alt], def.metric);
      };
      const Interval at_base = value(base);
      o.base = at_base.mean;
      o.base_mcse = at_base.mcse;
      if (!std::isfinite(o.base)) continue;  // the run does not produce this outcome
      for (std::size_t p = 0; p < s.parameters.size(); ++p) {
        o.at_low.push_back(value(at_low[p]).mean);
        o.at_high.push_back(value(at_high[p]).mean);
      }
      s.outcomes.push_back(std::move(o));
    }
  }
  return s;
}

std::string sensitivity_csv(const Sensitivity& s) {
  std::string out =
      "scenario,metric,parameter,source,assumption,low_value,high_value,base,at_low,at_high,swing\n";
  for (const auto& o : s.outcomes) {
    for (std::size_t p = 0; p < s.parameters.size(); ++p) {
      const auto& par = s.parameters[p];
      out += fmt::format("{},{},{},{},{},{},{},{},{},{},{}\n", csv_field(o.scenario), o.metric, par.key,
                         csv_field(par.source), par.assumption ? "true" : "false", format_number(par.low),
                         format_number(par.high), format_number(o.base), format_number(o.at_low[p]),
                         format_number(o.at_high[p]), format_number(std::abs(o.at_high[p] - o.at_low[p])));
    }
  }
  return out;
}

const SensitivityOutcome* tornado_outcome(const Sensitivity& s, const std::string& scenario,
                                          const EconomicsOptions& econ) {
  const std::string wanted = econ.headline_wtp > 0.0
                                 ? fmt::format("nmb.wtp_{:.0f}", econ.headline_wtp)
                                 : (s.outcomes.empty() || s.outcomes.front().metric.rfind("diff:", 0) != 0
                                        ? econ.qaly_metric()
                                        : "diff:" + econ.qaly_metric());
  for (const auto& o : s.outcomes) {
    if (o.scenario == scenario && o.metric == wanted) return &o;
  }
  for (const auto& o : s.outcomes) {
    if (o.scenario == scenario && o.metric.find(econ.qaly_metric()) != std::string::npos) return &o;
  }
  return nullptr;
}

std::string sensitivity_section(const Sensitivity& s, const std::vector<ScenarioResults>& results,
                                const EconomicsOptions& econ) {
  std::string out = "<section id=\"sensitivity\">\n<h2>One-way sensitivity analysis</h2>\n";
  if (s.parameters.empty()) {
    return out +
           "<p class=\"note\">No parameter was varied: give parameters a distribution (<code>dist:</code>) "
           "in the scenario, or name them with <code>--parameter KEY=LOW:HIGH</code>.</p>\n</section>\n";
  }
  out += fmt::format(
      "<p class=\"lead\">Each parameter below was set to the low and then the high end of its range, every "
      "other parameter staying at its central value (calibrated parameters keep their posterior draws), "
      "and all scenarios were run again with the same {} replicates and random numbers. The bars show how "
      "far the outcome moves from the base case (the black line); the widest bars are the parameters a "
      "verdict depends on most. Parameters marked <em>assumption</em> have no published figure behind "
      "them.</p>\n",
      s.replicates);
  const bool comparison = results.size() > 1;
  for (std::size_t alt = comparison ? 1 : 0; alt < results.size(); ++alt) {
    const SensitivityOutcome* o = tornado_outcome(s, results[alt].scenario.name, econ);
    if (!o) continue;
    std::vector<std::size_t> order(s.parameters.size());
    std::iota(order.begin(), order.end(), 0);
    const auto swing = [&](std::size_t p) {
      const double w = std::abs(o->at_high[p] - o->at_low[p]);
      return std::isfinite(w) ? w : 0.0;
    };
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return swing(a) > swing(b); });
    svg::Tornado t;
    t.title = (comparison ? results[alt].scenario.name + " vs " + results.front().scenario.name + ": " : "") +
              o->label;
    t.x.label = o->label + (o->usd ? " (US$)" : "");
    t.x.usd = o->usd;
    t.base = o->base;
    std::string rows;
    for (std::size_t k = 0; k < order.size() && k < 15; ++k) {
      const auto& p = s.parameters[order[k]];
      t.bars.push_back(svg::TornadoBar{p.key + (p.assumption ? " (assumption)" : ""), o->at_low[order[k]],
                                       o->at_high[order[k]], format_number(p.low), format_number(p.high)});
      const auto v = [&](double x) { return o->usd ? format_usd(x) : format_amount(x); };
      // A verdict that flips sign across the range is what a reader must know first.
      const bool flips = (o->at_low[order[k]] > 0.0) != (o->at_high[order[k]] > 0.0) ||
                         (o->at_low[order[k]] > 0.0) != (o->base > 0.0);
      rows += fmt::format(
          "<tr><td><code>{}</code>{}</td><td class=\"num\">{} to {}</td><td class=\"num\">{}</td><td "
          "class=\"num\">{}</td><td>{}{}</td></tr>\n",
          html_escape(p.key), p.assumption ? " <span class=\"note\">assumption</span>" : "",
          format_number(p.low), format_number(p.high), v(o->at_low[order[k]]), v(o->at_high[order[k]]),
          html_escape(p.source),
          flips && o->metric.rfind("nmb.", 0) == 0
              ? " <strong>The verdict changes sign across this range.</strong>"
              : "");
    }
    t.summary =
        "Tornado chart of " + o->label + ": the outcome with each parameter at its low and high value.";
    const auto text = [&](double x) { return o->usd ? format_usd(x) : format_amount(x); };
    // Each run shares the base case's random numbers, so swings are sharper than the base case's own
    // Monte Carlo error suggests; still, swings of that size or less deserve more replicates.
    out +=
        chart_figure(t.title,
                     "Base case: " + text(o->base) +
                         (std::isfinite(o->base_mcse) ? " (Monte Carlo standard error " + text(o->base_mcse) +
                                                            "; swings of that order are not distinguishable "
                                                            "from chance)"
                                                      : std::string()) +
                         ".",
                     svg::tornado(t));
    out +=
        "<table class=\"sensitivity\">\n<thead><tr><th>Parameter</th><th>Range</th><th>Outcome at low</th>"
        "<th>Outcome at high</th><th>Source</th></tr></thead>\n<tbody>\n" +
        rows + "</tbody>\n</table>\n";
  }
  return out + "</section>\n";
}

}  // namespace pathways
