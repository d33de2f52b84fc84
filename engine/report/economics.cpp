// Incremental analysis across strategies, net monetary benefit, acceptability and EVPI.
#include "report/economics.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "report/text_format.hpp"
#include "report/writers.hpp"

namespace pathways {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double mean_of(const std::vector<double>& v) {
  double s = 0.0;
  std::size_t n = 0;
  for (double x : v) {
    if (!std::isfinite(x)) continue;
    s += x;
    ++n;
  }
  return n ? s / static_cast<double>(n) : kNaN;
}

/// Frontier by the textbook rules on the means (indices into cost/qalys), statuses and ICERs set.
void frontier(std::vector<Strategy>& st) {
  std::vector<std::size_t> order(st.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return st[a].cost != st[b].cost ? st[a].cost < st[b].cost : st[a].qalys > st[b].qalys;
  });
  // Strong dominance: another strategy costs no more and gains no fewer QALYs (one strictly).
  for (std::size_t i : order) {
    for (std::size_t j : order) {
      if (i == j) continue;
      const bool no_more = st[j].cost <= st[i].cost && st[j].qalys >= st[i].qalys;
      const bool strictly = st[j].cost < st[i].cost || st[j].qalys > st[i].qalys;
      if (no_more && strictly) {
        st[i].status = Strategy::Status::Dominated;
        st[i].dominated_by = st[j].name;
        break;
      }
    }
  }
  std::vector<std::size_t> f;
  for (std::size_t i : order) {
    if (st[i].status == Strategy::Status::Frontier) f.push_back(i);
  }
  // Extended dominance: an ICER larger than the next one's means a mix of its neighbours does better.
  for (bool removed = true; removed && f.size() > 2;) {
    removed = false;
    for (std::size_t k = 1; k + 1 < f.size(); ++k) {
      const double a = (st[f[k]].cost - st[f[k - 1]].cost) / (st[f[k]].qalys - st[f[k - 1]].qalys);
      const double b = (st[f[k + 1]].cost - st[f[k]].cost) / (st[f[k + 1]].qalys - st[f[k]].qalys);
      if (a > b) {
        st[f[k]].status = Strategy::Status::ExtendedlyDominated;
        st[f[k]].dominated_by = st[f[k - 1]].name + " and " + st[f[k + 1]].name;
        f.erase(f.begin() + static_cast<std::ptrdiff_t>(k));
        removed = true;
        break;
      }
    }
  }
  for (auto& s : st) s.icer = kNaN;
  for (std::size_t k = 1; k < f.size(); ++k) {
    st[f[k]].icer = (st[f[k]].cost - st[f[k - 1]].cost) / (st[f[k]].qalys - st[f[k - 1]].qalys);
  }
}

}  // namespace

EconomicsOptions EconomicsOptions::from(const Scenario& baseline, const std::vector<double>& wtp_override) {
  EconomicsOptions o;
  const auto& p = baseline.params;
  if (p.has("economics.perspective")) {
    const std::string& name = p.choice("economics.perspective");
    for (std::size_t i = 0; i < kPerspectiveNames.size(); ++i) {
      if (kPerspectiveNames[i] == name) o.perspective = static_cast<Perspective>(i);
    }
    o.lifetime = p.choice("economics.horizon") == "lifetime";
    o.wtp_usd_per_qaly = p.list("economics.wtp_usd_per_qaly");
    o.headline_wtp = p.number("economics.headline_wtp_usd_per_qaly");
    o.price_year = static_cast<int>(p.integer("economics.price_year"));
  }
  if (!wtp_override.empty()) {
    o.wtp_usd_per_qaly = wtp_override;
    if (std::find(wtp_override.begin(), wtp_override.end(), o.headline_wtp) == wtp_override.end()) {
      o.headline_wtp = 0.0;
    }
  }
  return o;
}

std::string EconomicsOptions::cost_metric() const {
  const std::string p(kPerspectiveNames[static_cast<std::size_t>(perspective)]);
  return "cost.perspective_" + p + (lifetime ? "_usd_discounted" : "_policy_period_usd_discounted");
}

std::string EconomicsOptions::qaly_metric() const {
  return lifetime ? "health.lifetime_qalys_discounted" : "health.qalys_discounted";
}

std::string EconomicsOptions::daly_metric() const {
  return lifetime ? "health.lifetime_dalys_discounted" : "health.dalys_discounted";
}

std::string EconomicsOptions::describe() const {
  return std::string(kPerspectiveNames[static_cast<std::size_t>(perspective)]) + " perspective, " +
         (lifetime ? "lifetime horizon" : "policy-period horizon");
}

std::string status_name(Strategy::Status s) {
  switch (s) {
    case Strategy::Status::Frontier:
      return "frontier";
    case Strategy::Status::Dominated:
      return "dominated";
    case Strategy::Status::ExtendedlyDominated:
      return "extendedly_dominated";
  }
  return "";
}

Incremental incremental_from_means(const std::vector<std::string>& names, const std::vector<double>& cost,
                                   const std::vector<double>& qalys, const std::vector<double>& wtp) {
  Incremental inc;
  inc.wtp = wtp;
  for (std::size_t i = 0; i < names.size(); ++i) {
    Strategy s;
    s.name = names[i];
    s.cost = cost[i];
    s.qalys = qalys[i];
    inc.strategies.push_back(s);
  }
  frontier(inc.strategies);
  for (double w : wtp) {
    std::size_t best = 0;
    for (std::size_t i = 0; i < names.size(); ++i) {
      inc.strategies[i].nmb.push_back(w * qalys[i] - cost[i]);
      if (w * qalys[i] - cost[i] > w * qalys[best] - cost[best]) best = i;
    }
    for (std::size_t i = 0; i < names.size(); ++i)
      inc.strategies[i].prob_optimal.push_back(i == best ? 1.0 : 0.0);
    inc.evpi_usd.push_back(0.0);
  }
  return inc;
}

Incremental incremental_analysis(const std::vector<ScenarioResults>& results, const EconomicsOptions& econ) {
  Incremental inc;
  inc.wtp = econ.wtp_usd_per_qaly;
  if (results.empty()) return inc;
  std::vector<std::vector<double>> costs, qalys;
  // Decisions under uncertainty are about parameter draws: with nested sampling each draw's mean
  // (stochastic noise averaged down) is one possible state of the world.
  const Sampling sampling = sampling_of(results.front().scenario);
  const int inner = sampling.parameters_vary ? sampling.inner : 1;
  for (const auto& r : results) {
    costs.push_back(draw_means(replicate_values(r, econ.cost_metric()), inner));
    qalys.push_back(draw_means(replicate_values(r, econ.qaly_metric()), inner));
    Strategy s;
    s.name = r.scenario.name;
    s.cost = mean_of(costs.back());
    s.qalys = mean_of(qalys.back());
    inc.strategies.push_back(s);
  }
  if (std::any_of(inc.strategies.begin(), inc.strategies.end(),
                  [](const Strategy& s) { return !std::isfinite(s.cost) || !std::isfinite(s.qalys); })) {
    return inc;  // the run lacks the cost or QALY metrics
  }
  frontier(inc.strategies);
  inc.draw_cost = costs;
  inc.draw_qalys = qalys;
  // Replicates are paired across strategies (common random numbers and parameter draws), so the
  // strategy with the highest net benefit can be found replicate by replicate.
  std::size_t reps = costs.front().size();
  for (const auto& c : costs) reps = std::min(reps, c.size());
  for (double w : inc.wtp) {
    std::vector<double> wins(results.size(), 0.0);
    double best_each = 0.0;
    for (std::size_t r = 0; r < reps; ++r) {
      std::size_t best = 0;
      for (std::size_t j = 0; j < results.size(); ++j) {
        if (w * qalys[j][r] - costs[j][r] > w * qalys[best][r] - costs[best][r]) best = j;
      }
      wins[best] += 1.0;
      best_each += w * qalys[best][r] - costs[best][r];
    }
    double best_mean = -std::numeric_limits<double>::infinity();
    for (std::size_t j = 0; j < results.size(); ++j) {
      const double nmb = w * inc.strategies[j].qalys - inc.strategies[j].cost;
      inc.strategies[j].nmb.push_back(nmb);
      inc.strategies[j].prob_optimal.push_back(reps ? wins[j] / static_cast<double>(reps) : kNaN);
      best_mean = std::max(best_mean, nmb);
    }
    // EVPI: the expected net benefit of choosing knowing the draw minus that of choosing on the
    // means. Without nesting, replicates differ by chance as well as by parameters, so this bounds
    // EVPI from above; with run.inner_replicates the noise left is 1/inner of it (docs/economics.md).
    inc.evpi_usd.push_back(reps ? best_each / static_cast<double>(reps) - best_mean : kNaN);
  }
  return inc;
}

std::string economics_csv(const Incremental& inc, const EconomicsOptions& econ) {
  std::string out = "strategy,cost_usd,qalys,status,dominated_by,icer_usd_per_qaly";
  for (double w : inc.wtp) out += fmt::format(",nmb_wtp_{0:.0f},prob_optimal_wtp_{0:.0f}", w);
  out += ",perspective,horizon\n";
  const std::string persp(kPerspectiveNames[static_cast<std::size_t>(econ.perspective)]);
  for (const auto& s : inc.strategies) {
    out += fmt::format("{},{},{},{},{},{}", csv_field(s.name), format_number(s.cost), format_number(s.qalys),
                       status_name(s.status), csv_field(s.dominated_by), format_number(s.icer));
    for (std::size_t k = 0; k < inc.wtp.size(); ++k) {
      out += "," + format_number(s.nmb[k]) + "," + format_number(s.prob_optimal[k]);
    }
    out += "," + persp + "," + (econ.lifetime ? "lifetime" : "policy_period") + "\n";
  }
  return out;
}

std::vector<ParameterVoi> partial_value_of_information(const Incremental& inc,
                                                       const std::vector<std::string>& keys,
                                                       const std::vector<std::vector<double>>& values) {
  std::vector<ParameterVoi> out;
  if (inc.draw_cost.empty()) return out;
  std::size_t draws = inc.draw_cost.front().size();
  for (const auto& c : inc.draw_cost) draws = std::min(draws, c.size());
  if (draws < kMinDrawsForEvppi) return out;
  const auto bins = static_cast<std::size_t>(std::llround(std::sqrt(static_cast<double>(draws))));
  for (std::size_t k = 0; k < keys.size() && k < values.size(); ++k) {
    ParameterVoi voi{keys[k], {}};
    std::vector<std::size_t> order(draws);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return values[k][a] < values[k][b]; });
    for (double w : inc.wtp) {
      const auto nmb = [&](std::size_t s, std::size_t d) {
        return w * inc.draw_qalys[s][d] - inc.draw_cost[s][d];
      };
      // Knowing the parameter (its bin), choose the best strategy within the bin.
      double known = 0.0;
      for (std::size_t b = 0; b < bins; ++b) {
        const std::size_t lo = b * draws / bins, hi = (b + 1) * draws / bins;
        double best = -std::numeric_limits<double>::infinity();
        for (std::size_t s = 0; s < inc.draw_cost.size(); ++s) {
          double sum = 0.0;
          for (std::size_t i = lo; i < hi; ++i) sum += nmb(s, order[i]);
          best = std::max(best, sum);
        }
        known += best;
      }
      double now = -std::numeric_limits<double>::infinity();
      for (std::size_t s = 0; s < inc.draw_cost.size(); ++s) {
        double sum = 0.0;
        for (std::size_t d = 0; d < draws; ++d) sum += nmb(s, d);
        now = std::max(now, sum);
      }
      voi.evppi_usd.push_back((known - now) / static_cast<double>(draws));
    }
    out.push_back(std::move(voi));
  }
  return out;
}

std::vector<ParameterVoi> parameter_value_of_information(const std::vector<ScenarioResults>& results,
                                                         const Incremental& inc, std::uint64_t seed) {
  if (results.empty() || inc.draw_cost.empty()) return {};
  const Scenario& base = results.front().scenario;
  const std::size_t draws = inc.draw_cost.front().size();
  if (draws < kMinDrawsForEvppi) return {};
  std::vector<std::string> keys;
  for (const auto& u : base.uncertain) keys.push_back(u.key);
  std::vector<std::vector<double>> values(keys.size(), std::vector<double>(draws));
  for (std::size_t d = 0; d < draws; ++d) {
    const ParamValues p = draw_parameters(base, seed, d);
    for (std::size_t k = 0; k < keys.size(); ++k) values[k][d] = p.number(keys[k]);
  }
  return partial_value_of_information(inc, keys, values);
}

std::string value_of_information_csv(const Incremental& inc, const std::vector<ParameterVoi>& partial) {
  std::string out = "wtp_usd_per_qaly,parameters,value_usd\n";
  for (std::size_t k = 0; k < inc.wtp.size(); ++k) {
    out += fmt::format("{},all,{}\n", format_number(inc.wtp[k]), format_number(inc.evpi_usd[k]));
    for (const auto& p : partial) {
      out += fmt::format("{},{},{}\n", format_number(inc.wtp[k]), p.key, format_number(p.evppi_usd[k]));
    }
  }
  return out;
}

std::string icer_text(double icer, double d_cost, double d_effect, const std::string& gained,
                      const std::string& lost) {
  if (!std::isfinite(d_cost) || !std::isfinite(d_effect) || !std::isfinite(icer) || d_effect == 0.0) {
    return "not defined (no difference in this outcome)";
  }
  if (d_cost <= 0.0 && d_effect > 0.0) return "saves money and improves this outcome (dominant)";
  if (d_cost >= 0.0 && d_effect < 0.0) return "costs more and worsens this outcome (dominated)";
  if (d_cost < 0.0) return format_usd(icer) + " saved per " + lost;
  return format_usd(icer) + " per " + gained;
}

}  // namespace pathways
