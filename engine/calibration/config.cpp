// Reading calibration files with the scenario tree helpers, so every problem has a file and line.
#include "calibration/config.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/simulation.hpp"
#include "io/files.hpp"
#include "scenario/posterior.hpp"
#include "scenario/run_replicate.hpp"
#include "scenario/tree.hpp"
#include "scenario/values.hpp"

namespace pathways::calibration {

namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kTopKeys = {"name", "description", "base", "targets",
                                           "run",  "set",         "free", "method"};
const std::vector<std::string> kRunKeys = {"start_year", "years", "scale", "replicates_per_particle"};
const std::vector<std::string> kFreeKeys = {"key", "prior", "bounds", "source"};
const std::vector<std::string> kMethodKeys = {"name",     "particles", "generations", "min_acceptance",
                                              "quantile", "seed",      "points",      "evaluations"};
const std::vector<std::string> kTargetKeys = {"name",           "metric", "year",   "years",
                                              "value",          "ci",     "n",      "likelihood",
                                              "overdispersion", "weight", "source", "definition"};
const std::vector<std::string> kLikelihoods = {"normal", "binomial", "beta_binomial", "poisson"};

std::string relative_to(const std::string& file, const std::string& rel) {
  if (fs::path(rel).is_absolute()) return rel;
  return (fs::path(file).parent_path() / rel).lexically_normal().string();
}

// Both files were read and checked just before, so a failure here is a file changed meanwhile.
std::string read_text(const std::string& path) {
  ReadFailure failure;
  auto text = read_regular_file(path, failure);
  if (!text) throw std::runtime_error("cannot read again: " + failure.found);
  return *text;
}

const Tree* scalar_at(const Tree& map, const std::string& key, const std::string& path, bool required,
                      std::vector<Diagnostic>& d, const std::string& what) {
  const Tree* t = map.find(key);
  if (!t) {
    if (required) d.push_back({map.origin, path + key, what + " (required)", "nothing", ""});
    return nullptr;
  }
  if (!t->is_scalar()) {
    d.push_back({t->origin, path + key, what, t->describe(), ""});
    return nullptr;
  }
  return t;
}

std::vector<double> read_pair(const Tree& t, const std::string& path, std::vector<Diagnostic>& d) {
  if (!t.is_list() || t.items.size() != 2) {
    d.push_back({t.origin, path, "a list [low, high]", t.describe(), ""});
    return {};
  }
  std::vector<double> out;
  for (std::size_t i = 0; i < 2; ++i) {
    if (auto v = read_number(t.items[i], path + "[" + std::to_string(i) + "]", "a number", d))
      out.push_back(*v);
  }
  if (out.size() != 2) return {};
  if (!(out[0] < out[1])) {
    d.push_back(
        {t.origin, path, "low < high", "[" + number_text(out[0]) + ", " + number_text(out[1]) + "]", ""});
    return {};
  }
  return out;
}

void read_target(const Tree& t, const std::string& path, const Scenario& s,
                 const std::vector<std::string>& metrics, std::vector<Target>& out,
                 std::vector<Diagnostic>& d) {
  if (!t.is_map()) {
    d.push_back({t.origin, path, "a target map (metric, year, value, ...)", t.describe(), ""});
    return;
  }
  const std::size_t before = d.size();
  check_keys(t, path, kTargetKeys, d);
  Target g;
  g.where = t.origin;
  const std::string p = path + ".";
  if (const Tree* n = scalar_at(t, "name", p, false, d, "a name")) g.name = n->scalar;
  if (const Tree* m = scalar_at(t, "metric", p, true, d, "a metric channel name")) {
    g.metric = m->scalar;
    if (std::find(metrics.begin(), metrics.end(), g.metric) == metrics.end()) {
      d.push_back({m->origin, p + "metric", "a metric recorded by the base scenario's modules",
                   "'" + g.metric + "'", did_you_mean(g.metric, metrics)});
    }
  }
  if (g.name.empty()) g.name = g.metric;
  const int first = s.run.start_year, last = s.run.start_year + s.run.years - 1;
  const auto add_year = [&](const Tree& y, const std::string& yp) {
    if (auto v = read_whole(y, yp, 1900, 2200, d)) {
      if (*v < first || *v > last) {
        d.push_back(
            {y.origin, yp,
             "a year within the calibration horizon " + std::to_string(first) + "-" + std::to_string(last),
             number_text(*v), "change run.start_year or run.years"});
      } else {
        g.years.push_back(static_cast<int>(*v));
      }
    }
  };
  if (const Tree* y = t.find("year")) add_year(*y, p + "year");
  if (const Tree* ys = t.find("years")) {
    if (!ys->is_list() || ys->items.empty()) {
      d.push_back({ys->origin, p + "years", "a list of years", ys->describe(), ""});
    } else {
      for (std::size_t i = 0; i < ys->items.size(); ++i)
        add_year(ys->items[i], p + "years[" + std::to_string(i) + "]");
    }
  }
  if (!t.find("year") && !t.find("years"))
    d.push_back({t.origin, p + "year", "a year or years (required)", "nothing", ""});
  if (const Tree* v = t.find("value")) {
    if (auto x = read_number(*v, p + "value", "a number", d)) g.value = *x;
  } else {
    d.push_back({t.origin, p + "value", "the observed value (required)", "nothing", ""});
  }
  if (const Tree* l = scalar_at(t, "likelihood", p, false, d, "a likelihood")) {
    g.likelihood = l->scalar;
    if (std::find(kLikelihoods.begin(), kLikelihoods.end(), g.likelihood) == kLikelihoods.end()) {
      d.push_back({l->origin, p + "likelihood", "one of " + join_words(kLikelihoods),
                   "'" + g.likelihood + "'", did_you_mean(g.likelihood, kLikelihoods)});
    }
  }
  if (const Tree* c = t.find("ci")) {
    auto ci = read_pair(*c, p + "ci", d);
    if (!ci.empty()) g.lo = ci[0], g.hi = ci[1];
  }
  if (const Tree* n = t.find("n")) {
    if (auto x = read_number(*n, p + "n", "a sample size > 0", d)) {
      if (*x > 0)
        g.n = *x;
      else
        d.push_back({n->origin, p + "n", "a sample size > 0", number_text(*x), ""});
    }
  }
  if (const Tree* w = t.find("weight")) {
    if (auto x = read_number(*w, p + "weight", "a weight >= 0", d)) {
      if (*x >= 0)
        g.weight = *x;
      else
        d.push_back({w->origin, p + "weight", "a weight >= 0", number_text(*x), ""});
    }
  }
  if (const Tree* o = t.find("overdispersion")) {
    if (auto x = read_number(*o, p + "overdispersion", "a number in (0, 1)", d)) {
      if (*x > 0 && *x < 1)
        g.overdispersion = *x;
      else
        d.push_back({o->origin, p + "overdispersion", "a number in (0, 1)", number_text(*x), ""});
    }
  }
  if (const Tree* s2 = scalar_at(t, "source", p, true, d,
                                 "a source (a bibliography key such as [khue2017], docs/sources.md)"))
    g.source = s2->scalar;
  if (const Tree* s3 = scalar_at(t, "definition", p, false, d, "a definition")) g.definition = s3->scalar;
  if (d.size() > before) return;
  const bool share = g.likelihood == "binomial" || g.likelihood == "beta_binomial";
  if (share || (g.likelihood == "normal" && g.n > 0 && g.hi == 0)) {
    if (!(g.n > 0))
      d.push_back({t.origin, p + "n", "a sample size n for a " + g.likelihood + " target", "nothing", ""});
    if (!(g.value >= 0 && g.value <= 1))
      d.push_back({t.origin, p + "value", "a proportion in [0, 1]", number_text(g.value), ""});
    if (g.likelihood == "beta_binomial" && g.overdispersion == 0) {
      d.push_back(
          {t.origin, p + "overdispersion", "an intra-class correlation for beta_binomial", "nothing", ""});
    }
    const double se = std::sqrt(std::max(g.value * (1 - g.value), 1e-12) / std::max(g.n, 1.0));
    if (g.hi == 0) g.lo = std::max(0.0, g.value - 1.96 * se), g.hi = std::min(1.0, g.value + 1.96 * se);
  } else if (g.likelihood == "poisson") {
    if (g.value < 0) d.push_back({t.origin, p + "value", "a count >= 0", number_text(g.value), ""});
    if (g.hi == 0)
      g.lo = std::max(0.0, g.value - 1.96 * std::sqrt(g.value)), g.hi = g.value + 1.96 * std::sqrt(g.value);
  } else if (g.hi == 0) {
    d.push_back({t.origin, p + "ci", "a 95% interval ci: [lo, hi] (or n: for a proportion)", "nothing", ""});
  }
  if (d.size() == before) out.push_back(std::move(g));
}

void read_free(const Tree& t, const std::string& path, const std::vector<ParamSpec>& specs,
               std::vector<FreeParameter>& out, std::vector<Diagnostic>& d) {
  if (!t.is_map()) {
    d.push_back({t.origin, path, "a map {key, prior, bounds}", t.describe(), ""});
    return;
  }
  const std::size_t before = d.size();
  check_keys(t, path, kFreeKeys, d);
  FreeParameter f;
  f.where = t.origin;
  const ParamSpec* spec = nullptr;
  if (const Tree* k = scalar_at(t, "key", path + ".", true, d, "a parameter key (parameters.area.name)")) {
    f.key = k->scalar.rfind("parameters.", 0) == 0 ? k->scalar.substr(11) : k->scalar;
    std::string why;
    spec = scalar_spec(specs, f.key, why);
    if (!spec) {
      std::vector<std::string> keys;
      for (const auto& s : specs) keys.push_back(s.key);
      d.push_back({k->origin, path + ".key", why, "'" + k->scalar + "'", did_you_mean(f.key, keys)});
    }
    for (const auto& other : out) {
      if (other.key == f.key)
        d.push_back({k->origin, path + ".key", "each parameter once", "'" + f.key + "' again", ""});
    }
  }
  const Tree* pr = t.find("prior");
  if (!pr || !pr->is_map()) {
    d.push_back({pr ? pr->origin : t.origin, path + ".prior", "a prior {dist: ..., ...}",
                 pr ? pr->describe() : "nothing", ""});
    return;
  }
  const std::string pp = path + ".prior";
  if (const Tree* dist = scalar_at(*pr, "dist", pp + ".", true, d, "a distribution name")) {
    f.prior.dist = dist->scalar;
    const auto names = prior_argument_names(f.prior.dist);
    const std::vector<std::string> dists = {"uniform", "normal", "lognormal", "beta", "gamma", "triangular"};
    if (names.empty()) {
      d.push_back({dist->origin, pp + ".dist", "one of " + join_words(dists), "'" + f.prior.dist + "'",
                   did_you_mean(f.prior.dist, dists)});
      return;
    }
    std::vector<std::string> allowed = names;
    allowed.push_back("dist");
    check_keys(*pr, pp, allowed, d);
    for (const auto& n : names) {
      const Tree* a = pr->find(n);
      if (!a) {
        d.push_back({pr->origin, pp + "." + n,
                     "a number (" + f.prior.dist + " takes " + join_words(names) + ")", "nothing", ""});
      } else if (auto v = read_number(*a, pp + "." + n, "a number", d)) {
        f.prior.args.push_back(*v);
      }
    }
    if (f.prior.args.size() == names.size()) {
      if (auto need = check_prior_arguments(f.prior.dist, f.prior.args); !need.empty()) {
        d.push_back({pr->origin, pp, "a " + f.prior.dist + " prior with " + need, pr->describe(), ""});
      }
    }
  }
  if (d.size() > before || !spec) return;
  auto [lo, hi] = f.prior.support();
  lo = std::max(lo, spec->min);
  hi = std::min(hi, spec->max);
  if (const Tree* b = t.find("bounds")) {
    const auto bb = read_pair(*b, path + ".bounds", d);
    if (bb.empty()) return;
    if (bb[0] < spec->min || bb[1] > spec->max) {
      d.push_back({b->origin, path + ".bounds",
                   "bounds within the parameter's range " + range_text(spec->min, spec->max),
                   range_text(bb[0], bb[1]), ""});
      return;
    }
    lo = std::max(lo, bb[0]);
    hi = std::min(hi, bb[1]);
  }
  if (!(lo < hi) || !std::isfinite(lo) || !std::isfinite(hi)) {
    d.push_back({t.origin, path + ".bounds", "finite bounds [lo, hi] with lo < hi where the prior has mass",
                 range_text(lo, hi), "give bounds: for normal, lognormal and gamma priors"});
    return;
  }
  f.prior.lo = lo;
  f.prior.hi = hi;
  if (!(f.prior.quantile(0.75) > f.prior.quantile(0.25))) {
    d.push_back(
        {t.origin, path + ".bounds", "bounds that hold some of the prior's mass", range_text(lo, hi), ""});
    return;
  }
  out.push_back(std::move(f));
}

void read_method(const Tree& m, MethodSettings& s, std::vector<Diagnostic>& d) {
  if (!m.is_map()) {
    d.push_back({m.origin, "method", "a map {name, particles, generations, ...}", m.describe(), ""});
    return;
  }
  check_keys(m, "method", kMethodKeys, d);
  if (const Tree* n = scalar_at(m, "name", "method.", false, d, "abc_smc or lhs_nelder_mead")) {
    s.name = n->scalar;
    if (s.name != "abc_smc" && s.name != "lhs_nelder_mead") {
      d.push_back({n->origin, "method.name", "abc_smc or lhs_nelder_mead", "'" + s.name + "'", ""});
    }
  }
  const auto whole = [&](const char* key, double lo, double hi, auto& field) {
    if (const Tree* t = m.find(key)) {
      if (auto v = read_whole(*t, std::string("method.") + key, lo, hi, d))
        field = static_cast<std::decay_t<decltype(field)>>(*v);
    }
  };
  whole("particles", 2, 1e6, s.abc.particles);
  whole("generations", 1, 1000, s.abc.generations);
  whole("seed", 0, 9007199254740992.0, s.abc.seed);
  whole("points", 1, 1e6, s.points);
  whole("evaluations", 1, 1e7, s.evaluations);
  const auto open01 = [&](const char* key, double& field) {
    if (const Tree* t = m.find(key)) {
      const std::string p = std::string("method.") + key;
      if (auto v = read_number(*t, p, "a number in (0, 1)", d)) {
        if (*v > 0 && *v < 1)
          field = *v;
        else
          d.push_back({t->origin, p, "a number in (0, 1)", number_text(*v), ""});
      }
    }
  };
  open01("quantile", s.abc.quantile);
  open01("min_acceptance", s.abc.min_acceptance);
}

}  // namespace

std::vector<std::string> metric_names(const Scenario& s) {
  RunConfig c = run_config_of(s, 1, 0);
  c.years = 1;
  Simulation sim(c, s.params);
  std::vector<std::string> out;
  for (const auto& m : sim.out.table(1.0, 0).metrics) out.push_back(m.name);
  return out;
}

CalibrationConfig load_calibration(const std::string& path) {
  std::vector<Diagnostic> d;
  CalibrationConfig c;
  c.path = path;
  Tree doc = read_yaml_file(path, d);
  if (!d.empty()) throw ScenarioError(std::move(d));
  check_keys(doc, "", kTopKeys, d);
  if (const Tree* n = doc.find("name"); n && n->is_scalar()) c.name = n->scalar;
  if (c.name.empty()) c.name = fs::path(path).stem().string();

  std::vector<std::string> overrides;
  if (const Tree* run = doc.find("run")) {
    if (!run->is_map()) {
      d.push_back({run->origin, "run", "a map of run settings (" + join_words(kRunKeys, false) + ")",
                   run->describe(), ""});
    } else {
      check_keys(*run, "run", kRunKeys, d);
      for (const auto& [k, v] : run->entries) {
        if (k == "replicates_per_particle") {
          if (auto x = read_whole(v, "run.replicates_per_particle", 1, 1000, d))
            c.replicates_per_particle = static_cast<int>(*x);
        } else if (v.is_scalar()) {
          overrides.push_back("run." + k + "=" + v.scalar);
        }
      }
    }
  }
  if (const Tree* set = doc.find("set")) {
    if (!set->is_map()) {
      d.push_back({set->origin, "set", "a map of scenario key paths to YAML values", set->describe(), ""});
    } else {
      for (const auto& [k, v] : set->entries) overrides.push_back(k + "=" + emit_yaml(v));
    }
  }
  const Tree* base = scalar_at(doc, "base", "", true, d, "the base scenario file");
  const Tree* targets = scalar_at(doc, "targets", "", true, d, "the targets file");
  if (const Tree* m = doc.find("method")) read_method(*m, c.method, d);
  if (!base || !targets) throw ScenarioError(std::move(d));

  const std::string base_path = relative_to(path, base->scalar);
  try {
    c.base = load_scenario(base_path, overrides);
  } catch (const ScenarioError& e) {
    d.insert(d.end(), e.diagnostics.begin(), e.diagnostics.end());
    throw ScenarioError(std::move(d));
  }
  const auto specs = param_specs_of(c.base.run.modules, c.base.run.declarations);

  const Tree* free = doc.find("free");
  if (!free || !free->is_list() || free->items.empty()) {
    d.push_back({free ? free->origin : doc.origin, "free", "a list of free parameters (required)",
                 free ? free->describe() : "nothing", ""});
  } else {
    for (std::size_t i = 0; i < free->items.size(); ++i)
      read_free(free->items[i], "free[" + std::to_string(i) + "]", specs, c.free, d);
  }

  const std::string targets_path = relative_to(path, targets->scalar);
  Tree tdoc = read_yaml_file(targets_path, d, &targets->origin, targets->scalar);
  const std::vector<std::string> metrics = metric_names(c.base);
  if (tdoc.is_map()) {
    check_keys(tdoc, "", {"targets", "description"}, d);
    const Tree* list = tdoc.find("targets");
    if (!list || !list->is_list() || list->items.empty()) {
      d.push_back({list ? list->origin : Origin{targets_path, 1, 1}, "targets", "a list of targets",
                   list ? list->describe() : "nothing", ""});
    } else {
      for (std::size_t i = 0; i < list->items.size(); ++i) {
        read_target(list->items[i], "targets[" + std::to_string(i) + "]", c.base, metrics, c.targets, d);
      }
    }
  }
  if (!d.empty()) throw ScenarioError(std::move(d));
  c.fingerprint_text =
      read_text(path) + "\n---\n" + read_text(targets_path) + "\n---\n" + c.base.resolved_yaml;
  return c;
}

}  // namespace pathways::calibration
