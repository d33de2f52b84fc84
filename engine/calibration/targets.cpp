// Scoring simulated values against targets.
#include "calibration/targets.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace pathways::calibration {

namespace {

constexpr double kZ95 = 1.959963984540054;

// x log(x / y), with 0 log 0 = 0.
double xlogxy(double x, double y) {
  return x <= 0.0 ? 0.0 : x * std::log(x / y);
}

double beta_binomial_nll(double k, double n, double p, double rho) {
  const double s = (1.0 - rho) / rho;
  const double a = p * s, b = (1.0 - p) * s;
  // -log P(k | n, a, b) without the binomial coefficient (constant in p).
  return -(std::lgamma(k + a) + std::lgamma(n - k + b) - std::lgamma(n + a + b) - std::lgamma(a) -
           std::lgamma(b) + std::lgamma(a + b));
}

}  // namespace

double simulated_value(const Target& t, const SeriesTable& table) {
  const long m = table.find(t.metric);
  if (m < 0 || t.years.empty()) return std::numeric_limits<double>::quiet_NaN();
  double s = 0.0;
  for (int y : t.years) {
    const int i = y - table.start_year;
    if (i < 0 || i >= table.years) return std::numeric_limits<double>::quiet_NaN();
    s += table.values[static_cast<std::size_t>(m)][static_cast<std::size_t>(i)];
  }
  return s / static_cast<double>(t.years.size());
}

double discrepancy(const Target& t, double sim) {
  if (!std::isfinite(sim)) return std::numeric_limits<double>::infinity();
  if (t.likelihood == "poisson") {
    const double mu = std::max(sim, 1e-9);
    return mu - t.value + xlogxy(t.value, mu);
  }
  if (t.likelihood == "binomial" || t.likelihood == "beta_binomial") {
    // Simulated shares of exactly 0 or 1 would give an infinite deviance; 0.5/n is the usual
    // continuity correction and still penalises them heavily.
    const double eps = 0.5 / t.n;
    const double p = std::clamp(sim, eps, 1.0 - eps);
    const double k = t.value * t.n;
    if (t.likelihood == "binomial") return xlogxy(k, t.n * p) + xlogxy(t.n - k, t.n * (1.0 - p));
    const double obs = std::clamp(t.value, eps, 1.0 - eps);
    return beta_binomial_nll(k, t.n, p, t.overdispersion) - beta_binomial_nll(k, t.n, obs, t.overdispersion);
  }
  const double sd = t.n > 0 ? std::sqrt(t.value * (1.0 - t.value) / t.n) : (t.hi - t.lo) / (2.0 * kZ95);
  const double z = (sim - t.value) / sd;
  return 0.5 * z * z;
}

double total_distance(const std::vector<Target>& targets, const std::vector<double>& predictions) {
  double d = 0.0;
  for (std::size_t i = 0; i < targets.size(); ++i)
    d += targets[i].weight * discrepancy(targets[i], predictions[i]);
  return d;
}

}  // namespace pathways::calibration
