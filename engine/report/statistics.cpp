// Summaries over replicates, paired scenario differences and incremental cost-effectiveness.
#include <fmt/core.h>

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
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

/// A row that is a single derived number (a ratio of means, a probability): no interval.
Interval ratio_interval(double value, std::size_t n, const Sampling& sampling) {
  Interval iv{value, kNaN, kNaN, n, kNaN};
  iv.kind = interval_kind(sampling);
  return iv;
}

std::string wtp_label(double wtp) {
  return fmt::format("{:.0f}", wtp);
}
}  // namespace

Sampling sampling_of(const Scenario& s) {
  return Sampling{std::max(1, s.inner_replicates), s.has_parameter_uncertainty()};
}

IntervalKind interval_kind(const Sampling& s) {
  if (!s.parameters_vary) return IntervalKind::MeanConfidence;
  return s.inner > 1 ? IntervalKind::ParameterUncertainty : IntervalKind::OutcomeSpread;
}

std::vector<double> draw_means(const std::vector<double>& values, int inner) {
  const auto k = static_cast<std::size_t>(std::max(1, inner));
  std::vector<double> out;
  for (std::size_t i = 0; i < values.size(); i += k) {
    double sum = 0.0;
    std::size_t n = 0;
    for (std::size_t j = i; j < std::min(values.size(), i + k); ++j) {
      if (!std::isfinite(values[j])) continue;
      sum += values[j];
      ++n;
    }
    out.push_back(n ? sum / static_cast<double>(n) : kNaN);
  }
  return out;
}

Interval interval_of(std::vector<double> values, const Sampling& sampling) {
  const bool nested = sampling.parameters_vary && sampling.inner > 1;
  // Within-draw (stochastic) variance, pooled over draws, before the values are reduced to means.
  double within_ss = 0.0, within_df = 0.0;
  if (nested) {
    const auto k = static_cast<std::size_t>(sampling.inner);
    for (std::size_t i = 0; i < values.size(); i += k) {
      double sum = 0.0, n = 0.0;
      for (std::size_t j = i; j < std::min(values.size(), i + k); ++j) {
        if (std::isfinite(values[j])) sum += values[j], n += 1.0;
      }
      if (n < 2.0) continue;
      const double m = sum / n;
      for (std::size_t j = i; j < std::min(values.size(), i + k); ++j) {
        if (std::isfinite(values[j])) within_ss += (values[j] - m) * (values[j] - m);
      }
      within_df += n - 1.0;
    }
    values = draw_means(values, sampling.inner);
  }
  std::erase_if(values, [](double v) { return !std::isfinite(v); });
  Interval out;
  out.kind = interval_kind(sampling);
  out.n = values.size();
  if (values.empty()) {
    out.mean = out.lo95 = out.hi95 = out.mcse = kNaN;
    return out;
  }
  double sum = 0.0;
  for (double v : values) sum += v;
  out.mean = sum / static_cast<double>(values.size());
  double var = kNaN;
  if (values.size() > 1) {
    double ss = 0.0;
    for (double v : values) ss += (v - out.mean) * (v - out.mean);
    var = ss / static_cast<double>(values.size() - 1);
    out.mcse = std::sqrt(var / static_cast<double>(values.size()));
  } else {
    out.mcse = kNaN;
  }
  if (out.kind == IntervalKind::MeanConfidence) {
    out.parameter_share = 0.0;
    if (values.size() < 2) {
      out.lo95 = out.hi95 = kNaN;
    } else {
      const boost::math::students_t t(static_cast<double>(values.size() - 1));
      const double half = boost::math::quantile(boost::math::complement(t, 0.025)) * out.mcse;
      out.lo95 = out.mean - half;
      out.hi95 = out.mean + half;
    }
    return out;
  }
  if (nested && std::isfinite(var) && within_df > 0.0) {
    // var(draw mean) = var(parameters) + var(within) / inner, so the parameters' part is the rest.
    const double within = within_ss / within_df;
    const double between = std::max(0.0, var - within / static_cast<double>(sampling.inner));
    out.parameter_share = between + within > 0.0 ? between / (between + within) : kNaN;
  }
  std::sort(values.begin(), values.end());
  out.lo95 = quantile7(values, 0.025);
  out.hi95 = quantile7(values, 0.975);
  return out;
}

std::string interval_kind_key(IntervalKind k) {
  switch (k) {
    case IntervalKind::MeanConfidence:
      return "mean_ci";
    case IntervalKind::ParameterUncertainty:
      return "parameter_ui";
    case IntervalKind::OutcomeSpread:
      return "outcome_range";
  }
  return "";
}

std::size_t replicates_needed(double diff, double mcse, std::size_t n) {
  if (!std::isfinite(diff) || !std::isfinite(mcse) || n < 2 || diff == 0.0) return 0;
  if (std::abs(diff) >= 2.0 * mcse) return 0;
  const double need = static_cast<double>(n) * (2.0 * mcse / diff) * (2.0 * mcse / diff);
  return need > 1e12 ? 0 : static_cast<std::size_t>(std::ceil(need));
}

std::string interval_kind_name(IntervalKind k) {
  switch (k) {
    case IntervalKind::MeanConfidence:
      return "confidence interval of the mean";
    case IntervalKind::ParameterUncertainty:
      return "parameter uncertainty interval";
    case IntervalKind::OutcomeSpread:
      return "range of outcomes";
  }
  return "";
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
      rows.push_back(SummaryRow{r.scenario.name, m.name,
                                interval_of(replicate_values(r, m.name), sampling_of(r.scenario))});
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
  const Sampling sampling = sampling_of(base.scenario);
  for (std::size_t s = 1; s < results.size(); ++s) {
    const ScenarioResults& alt = results[s];
    if (alt.replicates.empty()) continue;
    for (const auto& m : alt.replicates.front().metrics) {
      const auto a = replicate_values(base, m.name), b = replicate_values(alt, m.name);
      rows.push_back(
          ComparisonRow{alt.scenario.name, m.name, mean(a), mean(b), interval_of(paired(a, b), sampling)});
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
      rows.push_back(
          ComparisonRow{alt.scenario.name, name, kNaN, kNaN, ratio_interval(icer, d_cost.size(), sampling)});
    };
    ratio_row("icer.usd_per_qaly_gained", q_a, q_b, false);
    ratio_row("icer.usd_per_hiv_infection_averted", replicate_values(base, "hiv.infections"),
              replicate_values(alt, "hiv.infections"), true);
    ratio_row("icer.usd_per_death_averted", replicate_values(base, "population.deaths"),
              replicate_values(alt, "population.deaths"), true);
    for (double wtp : econ.wtp_usd_per_qaly) {
      std::vector<double> nmb(d_cost.size());
      for (std::size_t i = 0; i < nmb.size(); ++i) nmb[i] = wtp * d_qaly[i] - d_cost[i];
      rows.push_back(ComparisonRow{alt.scenario.name, "nmb.wtp_" + wtp_label(wtp), kNaN, kNaN,
                                   interval_of(nmb, sampling)});
      // Over parameter draws (each draw's mean net benefit when draws are run several times).
      double positive = 0.0, finite = 0.0;
      for (double v : sampling.parameters_vary ? draw_means(nmb, sampling.inner) : nmb) {
        if (!std::isfinite(v)) continue;
        finite += 1.0;
        positive += v > 0.0 ? 1.0 : 0.0;
      }
      const double p = finite > 0 ? positive / finite : kNaN;
      rows.push_back(ComparisonRow{alt.scenario.name, "prob_cost_effective.wtp_" + wtp_label(wtp), kNaN, kNaN,
                                   ratio_interval(p, static_cast<std::size_t>(finite), sampling)});
    }
  }
  return rows;
}

}  // namespace pathways
