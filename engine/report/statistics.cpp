// Summaries over replicates, paired scenario differences and incremental cost-effectiveness.
#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "report/economics.hpp"
#include "report/results.hpp"

namespace pathways {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double quantile7(const std::vector<double>& sorted, double q) {
  if (sorted.size() == 1) return sorted.front();
  const double h = (static_cast<double>(sorted.size()) - 1.0) * q;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

std::string wtp_label(double wtp) {
  return fmt::format("{:.0f}", wtp);
}
}  // namespace

Interval interval_of(std::vector<double> values) {
  std::erase_if(values, [](double v) { return !std::isfinite(v); });
  Interval out;
  out.n = values.size();
  if (values.empty()) return Interval{kNaN, kNaN, kNaN, 0, kNaN};
  double sum = 0.0;
  for (double v : values) sum += v;
  out.mean = sum / static_cast<double>(values.size());
  if (values.size() > 1) {
    double ss = 0.0;
    for (double v : values) ss += (v - out.mean) * (v - out.mean);
    out.mcse = std::sqrt(ss / static_cast<double>(values.size() - 1) / static_cast<double>(values.size()));
  } else {
    out.mcse = kNaN;
  }
  std::sort(values.begin(), values.end());
  out.lo95 = quantile7(values, 0.025);
  out.hi95 = quantile7(values, 0.975);
  return out;
}

double replicate_summary(const SeriesTable& t, std::size_t metric) {
  const auto& v = t.values[metric];
  if (v.empty()) return kNaN;
  const MetricInfo& info = t.metrics[metric];
  if (info.kind == MetricKind::Flow && info.per_person) {
    double s = 0.0;
    for (double x : v) s += x;
    return s;
  }
  return v.back();
}

std::vector<double> replicate_values(const ScenarioResults& r, const std::string& metric) {
  std::vector<double> out;
  for (const auto& t : r.replicates) {
    const long i = t.find(metric);
    out.push_back(i < 0 ? kNaN : replicate_summary(t, static_cast<std::size_t>(i)));
  }
  return out;
}

std::vector<SummaryRow> summarise(const std::vector<ScenarioResults>& results) {
  std::vector<SummaryRow> rows;
  for (const auto& r : results) {
    if (r.replicates.empty()) continue;
    for (const auto& m : r.replicates.front().metrics) {
      rows.push_back(SummaryRow{r.scenario.name, m.name, interval_of(replicate_values(r, m.name))});
    }
  }
  return rows;
}

std::vector<ComparisonRow> compare(const std::vector<ScenarioResults>& results,
                                   const EconomicsOptions& econ) {
  std::vector<ComparisonRow> rows;
  if (results.size() < 2) return rows;
  const ScenarioResults& base = results.front();
  auto paired = [](const std::vector<double>& a, const std::vector<double>& b) {
    std::vector<double> d(a.size());
    for (std::size_t i = 0; i < a.size(); ++i) d[i] = b[i] - a[i];
    return d;
  };
  auto mean = [](const std::vector<double>& v) { return interval_of(v).mean; };
  for (std::size_t s = 1; s < results.size(); ++s) {
    const ScenarioResults& alt = results[s];
    if (alt.replicates.empty()) continue;
    for (const auto& m : alt.replicates.front().metrics) {
      const auto a = replicate_values(base, m.name), b = replicate_values(alt, m.name);
      rows.push_back(ComparisonRow{alt.scenario.name, m.name, mean(a), mean(b), interval_of(paired(a, b))});
    }
    const auto cost_a = replicate_values(base, econ.cost_metric());
    const auto cost_b = replicate_values(alt, econ.cost_metric());
    const auto q_a = replicate_values(base, econ.qaly_metric());
    const auto q_b = replicate_values(alt, econ.qaly_metric());
    const auto d_cost = paired(cost_a, cost_b), d_qaly = paired(q_a, q_b);
    const double mean_dcost = mean(d_cost);
    auto ratio_row = [&](const std::string& name, const std::vector<double>& base_effect,
                         const std::vector<double>& alt_effect, bool averted) {
      // Averted outcomes are baseline minus scenario; gains are scenario minus baseline.
      const double effect =
          averted ? mean(base_effect) - mean(alt_effect) : mean(alt_effect) - mean(base_effect);
      const double icer = (effect == 0.0 || !std::isfinite(effect)) ? kNaN : mean_dcost / effect;
      rows.push_back(ComparisonRow{alt.scenario.name, name, kNaN, kNaN,
                                   Interval{icer, kNaN, kNaN, d_cost.size(), kNaN}});
    };
    ratio_row("icer.usd_per_qaly_gained", q_a, q_b, false);
    ratio_row("icer.usd_per_hiv_infection_averted", replicate_values(base, "hiv.infections"),
              replicate_values(alt, "hiv.infections"), true);
    ratio_row("icer.usd_per_death_averted", replicate_values(base, "population.deaths"),
              replicate_values(alt, "population.deaths"), true);
    for (double wtp : econ.wtp_usd_per_qaly) {
      std::vector<double> nmb(d_cost.size());
      double positive = 0.0, finite = 0.0;
      for (std::size_t i = 0; i < nmb.size(); ++i) {
        nmb[i] = wtp * d_qaly[i] - d_cost[i];
        if (std::isfinite(nmb[i])) {
          finite += 1.0;
          positive += nmb[i] > 0.0 ? 1.0 : 0.0;
        }
      }
      rows.push_back(
          ComparisonRow{alt.scenario.name, "nmb.wtp_" + wtp_label(wtp), kNaN, kNaN, interval_of(nmb)});
      const double p = finite > 0 ? positive / finite : kNaN;
      rows.push_back(ComparisonRow{alt.scenario.name, "prob_cost_effective.wtp_" + wtp_label(wtp), kNaN, kNaN,
                                   Interval{p, kNaN, kNaN, static_cast<std::size_t>(finite), kNaN}});
    }
  }
  return rows;
}

}  // namespace pathways
