// Beta, gamma, lognormal, normal, uniform and triangular parameter distributions: checks and draws.
#include "scenario/distributions.hpp"

#include <algorithm>
#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/gamma.hpp>
#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/triangular.hpp>
#include <boost/math/distributions/uniform.hpp>
#include <boost/random/gamma_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/triangle_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <cmath>

#include "scenario/values.hpp"

namespace pathways {

namespace {

// Probability below mean - 6 sd of a normal: the tail left out on each side of unbounded supports.
constexpr double kTail = 9.865876450377e-10;

const std::vector<std::string> kDists = {"beta", "gamma", "lognormal", "normal", "uniform", "triangular"};

std::vector<std::string> arg_names(const std::string& dist) {
  if (dist == "uniform") return {"min", "max"};
  if (dist == "triangular") return {"min", "mode", "max"};
  return {"mean", "sd"};
}

// Shape and scale of a gamma with the given mean and sd.
std::pair<double, double> gamma_shape_scale(double mean, double sd) {
  return {mean * mean / (sd * sd), sd * sd / mean};
}

// Location and scale of the logarithm of a lognormal with the given mean and sd.
std::pair<double, double> lognormal_mu_sigma(double mean, double sd) {
  const double s2 = std::log1p((sd * sd) / (mean * mean));
  return {std::log(mean) - 0.5 * s2, std::sqrt(s2)};
}

// Returns "" if the arguments are admissible, else what is wrong.
std::string check_args(const std::string& d, const std::vector<double>& a) {
  if (d == "uniform") return a[0] < a[1] ? "" : "min < max";
  if (d == "triangular")
    return (a[0] <= a[1] && a[1] <= a[2] && a[0] < a[2]) ? "" : "min <= mode <= max with min < max";
  if (!(a[1] > 0)) return "sd > 0";
  if (d == "beta") {
    if (!(a[0] > 0 && a[0] < 1)) return "0 < mean < 1";
    if (!(a[1] * a[1] < a[0] * (1 - a[0]))) return "sd^2 < mean (1 - mean)";
  }
  if ((d == "gamma" || d == "lognormal") && !(a[0] > 0)) return "mean > 0";
  return "";
}

}  // namespace

std::pair<double, double> distribution_support(const UncertainParam& u) {
  const auto& a = u.args;
  if (u.dist == "beta") return {0.0, 1.0};
  if (u.dist == "uniform") return {a[0], a[1]};
  if (u.dist == "triangular") return {a[0], a[2]};
  if (u.dist == "normal") return {a[0] - 6 * a[1], a[0] + 6 * a[1]};
  if (u.dist == "gamma") {
    const auto [k, theta] = gamma_shape_scale(a[0], a[1]);
    const boost::math::gamma_distribution<double> g(k, theta);
    return {boost::math::quantile(g, kTail), boost::math::quantile(boost::math::complement(g, kTail))};
  }
  const auto [mu, sigma] = lognormal_mu_sigma(a[0], a[1]);
  const boost::math::lognormal_distribution<double> l(mu, sigma);
  return {boost::math::quantile(l, kTail), boost::math::quantile(boost::math::complement(l, kTail))};
}

std::optional<UncertainParam> read_distribution(const ParamSpec& spec, const Tree& node,
                                                const std::string& path, std::vector<Diagnostic>& diags) {
  const Tree& d = *node.find("dist");
  if (spec.type != ParamType::Number && spec.type != ParamType::Lever) {
    diags.push_back({d.origin, path, std::string("a ") + param_type_name(spec.type) + " value",
                     "a distribution (only number and lever parameters may be uncertain)", ""});
    return std::nullopt;
  }
  if (!spec.share_group.empty()) {
    diags.push_back({d.origin, path, "a fixed value (member of share group '" + spec.share_group + "')",
                     "a distribution (a draw would break the group's sum of 1)", ""});
    return std::nullopt;
  }
  if (!d.is_scalar() || std::find(kDists.begin(), kDists.end(), d.scalar) == kDists.end()) {
    diags.push_back({d.origin, path + ".dist", "one of " + join_words(kDists), d.describe(),
                     d.is_scalar() ? did_you_mean(d.scalar, kDists) : ""});
    return std::nullopt;
  }
  UncertainParam u;
  u.key = spec.key;
  u.dist = d.scalar;
  const auto names = arg_names(u.dist);
  std::vector<std::string> allowed = names;
  allowed.push_back("dist");
  allowed.push_back("source");
  const std::size_t before = diags.size();
  check_keys(node, path, allowed, diags);
  for (const auto& n : names) {
    const Tree* t = node.find(n);
    if (!t) {
      diags.push_back({node.origin, path + "." + n,
                       "a number (" + u.dist + " takes " + join_words(names) + ")", "nothing", ""});
      continue;
    }
    if (auto v = read_number(*t, path + "." + n, "a number", diags)) u.args.push_back(*v);
  }
  if (const Tree* s = node.find("source")) {
    if (s->is_scalar()) {
      u.source = s->scalar;
    } else {
      diags.push_back({s->origin, path + ".source", "a text naming the source", s->describe(), ""});
    }
  }
  if (diags.size() > before) return std::nullopt;
  std::string found;
  for (std::size_t i = 0; i < names.size(); ++i)
    found += (i ? ", " : "") + names[i] + " " + number_text(u.args[i]);
  if (const std::string need = check_args(u.dist, u.args); !need.empty()) {
    diags.push_back({d.origin, path, "a " + u.dist + " distribution with " + need, found, ""});
    return std::nullopt;
  }
  const auto [lo, hi] = distribution_support(u);
  if (lo < spec.min || hi > spec.max) {
    diags.push_back({d.origin, path,
                     "a distribution within the parameter's range " + range_text(spec.min, spec.max),
                     "a " + u.dist + " (" + found + ") reaching " + range_text(lo, hi),
                     u.dist == "normal" ? "normal is checked over mean +- 6 sd" : ""});
    return std::nullopt;
  }
  return u;
}

double distribution_centre(const UncertainParam& u) {
  if (u.dist == "uniform") return 0.5 * (u.args[0] + u.args[1]);
  if (u.dist == "triangular") return u.args[1];
  return u.args[0];
}

double distribution_mean(const UncertainParam& u) {
  if (u.dist == "uniform") return 0.5 * (u.args[0] + u.args[1]);
  if (u.dist == "triangular") return (u.args[0] + u.args[1] + u.args[2]) / 3.0;
  return u.args[0];
}

double distribution_sd(const UncertainParam& u) {
  const auto& a = u.args;
  if (u.dist == "uniform") return (a[1] - a[0]) / std::sqrt(12.0);
  if (u.dist == "triangular") {
    return std::sqrt((a[0] * a[0] + a[1] * a[1] + a[2] * a[2] - a[0] * a[1] - a[0] * a[2] - a[1] * a[2]) /
                     18.0);
  }
  return a[1];
}

double draw_value(const UncertainParam& u, Draws& draws) {
  const auto& a = u.args;
  if (u.dist == "beta") {
    // Beta(alpha, beta) as X / (X + Y) with X ~ Gamma(alpha), Y ~ Gamma(beta).
    const double k = a[0] * (1 - a[0]) / (a[1] * a[1]) - 1;
    const double x = boost::random::gamma_distribution<double>(a[0] * k, 1.0)(draws);
    const double y = boost::random::gamma_distribution<double>((1 - a[0]) * k, 1.0)(draws);
    return x / (x + y);
  }
  if (u.dist == "gamma") {
    const auto [k, theta] = gamma_shape_scale(a[0], a[1]);
    return boost::random::gamma_distribution<double>(k, theta)(draws);
  }
  if (u.dist == "lognormal") {
    const auto [mu, sigma] = lognormal_mu_sigma(a[0], a[1]);
    return boost::random::lognormal_distribution<double>(mu, sigma)(draws);
  }
  if (u.dist == "normal") return boost::random::normal_distribution<double>(a[0], a[1])(draws);
  if (u.dist == "uniform") return boost::random::uniform_real_distribution<double>(a[0], a[1])(draws);
  return boost::random::triangle_distribution<double>(a[0], a[1], a[2])(draws);
}

double distribution_quantile(const UncertainParam& u, double p) {
  const auto& a = u.args;
  if (u.dist == "beta") {
    const double k = a[0] * (1 - a[0]) / (a[1] * a[1]) - 1;
    return boost::math::quantile(boost::math::beta_distribution<double>(a[0] * k, (1 - a[0]) * k), p);
  }
  if (u.dist == "gamma") {
    const auto [k, theta] = gamma_shape_scale(a[0], a[1]);
    return boost::math::quantile(boost::math::gamma_distribution<double>(k, theta), p);
  }
  if (u.dist == "lognormal") {
    const auto [mu, sigma] = lognormal_mu_sigma(a[0], a[1]);
    return boost::math::quantile(boost::math::lognormal_distribution<double>(mu, sigma), p);
  }
  if (u.dist == "normal")
    return boost::math::quantile(boost::math::normal_distribution<double>(a[0], a[1]), p);
  if (u.dist == "uniform")
    return boost::math::quantile(boost::math::uniform_distribution<double>(a[0], a[1]), p);
  return boost::math::quantile(boost::math::triangular_distribution<double>(a[0], a[1], a[2]), p);
}

}  // namespace pathways
