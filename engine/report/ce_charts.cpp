// The cost-effectiveness charts: the plane of paired differences and the acceptability curve.
#include "report/ce_charts.hpp"

#include <fmt/core.h>

#include <cmath>

#include "report/economics.hpp"
#include "report/report_charts.hpp"
#include "report/svg_chart.hpp"
#include "report/text_format.hpp"

namespace pathways {

namespace {

struct Paired {
  std::string label;
  std::vector<double> d_qaly, d_cost;
  int style = 0;
};

/// Per-replicate paired differences in discounted QALYs and costs, for each alternative.
std::vector<Paired> paired_differences(const std::vector<ScenarioResults>& results, const RunInfo& info) {
  std::vector<Paired> out;
  if (results.size() < 2) return out;
  const auto q0 = replicate_values(results[0], info.economics.qaly_metric());
  const auto c0 = replicate_values(results[0], info.economics.cost_metric());
  for (std::size_t s = 1; s < results.size(); ++s) {
    Paired p;
    p.label = results[s].scenario.name + " vs " + results[0].scenario.name;
    p.style = static_cast<int>(s);
    const auto q = replicate_values(results[s], info.economics.qaly_metric());
    const auto c = replicate_values(results[s], info.economics.cost_metric());
    for (std::size_t i = 0; i < q.size() && i < q0.size() && i < c.size() && i < c0.size(); ++i) {
      if (!std::isfinite(q[i] - q0[i]) || !std::isfinite(c[i] - c0[i])) continue;
      p.d_qaly.push_back(q[i] - q0[i]);
      p.d_cost.push_back(c[i] - c0[i]);
    }
    if (!p.d_qaly.empty()) out.push_back(p);
  }
  return out;
}

std::string ce_plane_chart(const std::vector<Paired>& pairs, const RunInfo& info) {
  const std::string heading = "Cost-effectiveness plane";
  svg::Scatter c;
  c.title = heading;
  c.x.label = "QALYs gained vs baseline (discounted)";
  c.y.label = "Extra cost vs baseline (US$, discounted)";
  c.y.usd = true;
  for (const auto& p : pairs) c.sets.push_back(svg::PointSet{p.label, p.d_qaly, p.d_cost, p.style});
  // The line at the threshold the headline uses, else at the first one asked for.
  if (info.economics.headline_wtp > 0.0 || !info.economics.wtp_usd_per_qaly.empty()) {
    c.ref_slope = info.economics.headline_wtp > 0.0 ? info.economics.headline_wtp
                                                    : info.economics.wtp_usd_per_qaly.front();
    c.ref_label = "Willingness to pay " + format_usd(c.ref_slope) + " per QALY";
  }
  const std::string lead =
      "Each small dot is one replicate: the alternative's extra cost against the health it gains, both "
      "compared with "
      "the baseline in the same replicate. The large dot is the mean. Points below the dashed line are "
      "cost-effective "
      "at that willingness to pay; points in the lower right both save money and gain health.";
  c.summary = lead;
  return chart_figure(heading, lead, svg::scatter(c));
}

/// Acceptability curves of every strategy (the share of parameter draws in which it has the highest
/// net monetary benefit) and the acceptability frontier (that share for the strategy with the highest
/// expected net benefit), over willingness to pay.
std::string ceac_chart(const std::vector<ScenarioResults>& results, const RunInfo& info) {
  const std::string heading = "Cost-effectiveness acceptability curves and frontier";
  const Incremental inc = incremental_analysis(results, info.economics);
  if (inc.draw_cost.empty()) return "";
  double top = std::max(info.economics.headline_wtp, 0.0);
  for (double w : info.economics.wtp_usd_per_qaly) top = std::max(top, w);
  top = top > 0.0 ? 3.0 * top : 100000.0;
  svg::LineChart c;
  c.title = heading;
  c.x.label = "Willingness to pay per QALY gained (US$)";
  c.y.label = "Probability of being the best plan";
  c.y.percent = true;
  c.y.has_range = true;
  c.y.min = 0.0;
  c.y.max = 1.0;
  c.x_markers = info.economics.wtp_usd_per_qaly;
  for (double w : info.economics.wtp_usd_per_qaly) c.x_marker_labels.push_back(format_usd(w));
  const std::size_t n = inc.strategies.size();
  std::size_t draws = inc.draw_cost.front().size();
  for (const auto& d : inc.draw_cost) draws = std::min(draws, d.size());
  std::vector<svg::Line> lines(n);
  svg::Line frontier;
  frontier.label = "Acceptability frontier (the plan with the highest expected net benefit)";
  frontier.style = 6;
  for (std::size_t s = 0; s < n; ++s) {
    lines[s].label = inc.strategies[s].name;
    lines[s].style = static_cast<int>(s);
  }
  // Fine enough that the curves' steps (one per draw) look like steps, not slopes.
  constexpr int kSteps = 300;
  for (int k = 0; k <= kSteps; ++k) {
    const double wtp = top * k / kSteps;
    std::vector<double> wins(n, 0.0), mean(n, 0.0);
    for (std::size_t d = 0; d < draws; ++d) {
      std::size_t best = 0;
      for (std::size_t s = 0; s < n; ++s) {
        const double nmb = wtp * inc.draw_qalys[s][d] - inc.draw_cost[s][d];
        mean[s] += nmb;
        if (nmb > wtp * inc.draw_qalys[best][d] - inc.draw_cost[best][d]) best = s;
      }
      wins[best] += 1.0;
    }
    std::size_t expected_best = 0;
    for (std::size_t s = 0; s < n; ++s) {
      if (mean[s] > mean[expected_best]) expected_best = s;
      lines[s].x.push_back(wtp);
      lines[s].y.push_back(draws ? wins[s] / static_cast<double>(draws) : 0.0);
    }
    frontier.x.push_back(wtp);
    frontier.y.push_back(draws ? wins[expected_best] / static_cast<double>(draws) : 0.0);
  }
  c.lines = lines;
  c.lines.push_back(frontier);
  const std::string lead =
      "For each amount a payer is willing to pay for one more QALY, the share of parameter draws in which "
      "each plan "
      "(the baseline included) gives the highest net monetary benefit: health valued at that amount minus "
      "cost. The "
      "black line follows the plan with the highest expected net benefit, the one to choose on current "
      "evidence. "
      "Dotted vertical lines mark the country's thresholds.";
  c.summary = lead;
  return chart_figure(heading, lead, svg::line_chart(c));
}

}  // namespace

std::string cost_effectiveness_charts(const std::vector<ScenarioResults>& results, const RunInfo& info) {
  const auto pairs = paired_differences(results, info);
  std::string why;
  if (results.size() < 2) {
    why = "it compares scenarios, and this run has only one (use <code>pathways compare</code>).";
  } else if (pairs.empty()) {
    why = "the run lacks <code>" + html_escape(info.economics.qaly_metric()) + "</code> or <code>" +
          html_escape(info.economics.cost_metric()) + "</code> (the health and cost modules were not run).";
  }
  if (!why.empty()) {
    return chart_skipped("Cost-effectiveness plane", why) +
           chart_skipped("Cost-effectiveness acceptability curves and frontier", why);
  }
  return ce_plane_chart(pairs, info) + ceac_chart(results, info);
}

}  // namespace pathways
