// Prior densities and truncated-inversion draws on Boost.Math distributions.
#include "calibration/prior.hpp"

#include <algorithm>
#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/gamma.hpp>
#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/triangular.hpp>
#include <boost/math/distributions/uniform.hpp>
#include <cmath>
#include <limits>

namespace pathways::calibration {

namespace {

// Call f with the Boost.Math distribution object matching the prior.
template <class F>
auto with_distribution(const Prior& p, F&& f) {
  const auto& a = p.args;
  namespace bm = boost::math;
  if (p.dist == "normal") return f(bm::normal_distribution<double>(a[0], a[1]));
  if (p.dist == "lognormal") {
    const double s2 = std::log1p((a[1] * a[1]) / (a[0] * a[0]));
    return f(bm::lognormal_distribution<double>(std::log(a[0]) - 0.5 * s2, std::sqrt(s2)));
  }
  if (p.dist == "beta") {
    const double k = a[0] * (1 - a[0]) / (a[1] * a[1]) - 1;
    return f(bm::beta_distribution<double>(a[0] * k, (1 - a[0]) * k));
  }
  if (p.dist == "gamma")
    return f(bm::gamma_distribution<double>(a[0] * a[0] / (a[1] * a[1]), a[1] * a[1] / a[0]));
  if (p.dist == "triangular") return f(bm::triangular_distribution<double>(a[0], a[1], a[2]));
  return f(bm::uniform_distribution<double>(a[0], a[1]));
}

}  // namespace

std::vector<std::string> prior_argument_names(const std::string& dist) {
  if (dist == "uniform") return {"min", "max"};
  if (dist == "triangular") return {"min", "mode", "max"};
  if (dist == "normal" || dist == "lognormal" || dist == "beta" || dist == "gamma") return {"mean", "sd"};
  return {};
}

std::string check_prior_arguments(const std::string& dist, const std::vector<double>& a) {
  if (dist == "uniform") return a[0] < a[1] ? "" : "min < max";
  if (dist == "triangular")
    return a[0] <= a[1] && a[1] <= a[2] && a[0] < a[2] ? "" : "min <= mode <= max, min < max";
  if (!(a[1] > 0)) return "sd > 0";
  if (dist == "lognormal" || dist == "gamma") return a[0] > 0 ? "" : "mean > 0";
  if (dist == "beta") {
    if (!(a[0] > 0 && a[0] < 1)) return "0 < mean < 1";
    return a[1] * a[1] < a[0] * (1 - a[0]) ? "" : "sd^2 < mean (1 - mean)";
  }
  return "";
}

std::pair<double, double> Prior::support() const {
  const double inf = std::numeric_limits<double>::infinity();
  if (dist == "normal") return {-inf, inf};
  if (dist == "lognormal" || dist == "gamma") return {0.0, inf};
  if (dist == "beta") return {0.0, 1.0};
  if (dist == "triangular") return {args[0], args[2]};
  return {args[0], args[1]};
}

double Prior::density(double x) const {
  if (!(x >= lo && x <= hi)) return 0.0;
  const auto [s0, s1] = support();
  if (x <= s0 || x >= s1) {
    // Boost refuses the closed ends of some supports; the density there is a limit we do not need.
    if (dist == "uniform" || dist == "triangular")
      return with_distribution(*this, [&](auto d) { return pdf(d, x); });
    return 0.0;
  }
  return with_distribution(*this, [&](auto d) { return pdf(d, x); });
}

double Prior::quantile(double u) const {
  return with_distribution(*this, [&](auto d) {
    const auto [s0, s1] = support();
    const double c0 = lo <= s0 ? 0.0 : cdf(d, lo);
    const double c1 = hi >= s1 ? 1.0 : cdf(d, hi);
    const double c = c0 + u * (c1 - c0);
    const double x = c <= 0.0 ? std::max(lo, s0) : c >= 1.0 ? std::min(hi, s1) : boost::math::quantile(d, c);
    return std::clamp(x, lo, hi);
  });
}

double Prior::truncated_sd() const {
  // Midpoint rule on 2,000 quantiles: enough for reports (relative error well below 1e-3).
  const int n = 2000;
  double s = 0, s2 = 0;
  for (int i = 0; i < n; ++i) {
    const double x = quantile((i + 0.5) / n);
    s += x;
    s2 += x * x;
  }
  const double m = s / n;
  return std::sqrt(std::max(0.0, s2 / n - m * m));
}

}  // namespace pathways::calibration
