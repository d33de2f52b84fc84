// One-way sensitivity analysis: choosing the parameters and their ranges, and running the variants.
#include "cli/sensitivity_runner.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <charconv>

#include "cli/commands.hpp"
#include "core/module.hpp"
#include "io/files.hpp"
#include "scenario/diagnostics.hpp"
#include "scenario/distributions.hpp"
#include "scenario/posterior.hpp"

namespace pathways::cli {

namespace {

/// The declared spec of `key` among the scenario's modules, if it is a number or a lever.
const ParamSpec* settable_spec(const std::vector<ParamSpec>& specs, const std::string& key) {
  for (const auto& s : specs) {
    if (s.key == key && (s.type == ParamType::Number || s.type == ParamType::Lever)) return &s;
  }
  return nullptr;
}

/// "key", or "key[entry]" split into its parts (entry empty without brackets).
std::pair<std::string, std::string> split_entry(const std::string& key) {
  const auto open = key.find('[');
  if (open == std::string::npos || key.back() != ']') return {key, ""};
  return {key.substr(0, open), key.substr(open + 1, key.size() - open - 2)};
}

struct VariedKey {
  const ParamSpec* spec = nullptr;
};

/// Checks that `key` names one number every scenario can take: a number, a lever without a
/// schedule, one element of a list (key[i]) or one entry of a map (key[setting or class]).
VariedKey varied_key(const std::vector<Scenario>& scenarios, const std::vector<ParamSpec>& specs,
                     const std::string& key) {
  const auto [name, entry] = split_entry(key);
  const ParamSpec* spec = nullptr;
  for (const auto& p : specs) {
    if (p.key == name) spec = &p;
  }
  const std::string expected = "--parameter: " + printable(key, 120) +
                               ": expected a number or lever parameter, LIST[i] for one element of a list, "
                               "or MAP[name] for one entry of a "
                               "map (pathways describe lists them)";
  if (!spec) throw UserError(expected);
  if (spec->type == ParamType::Map) {
    if (entry.empty()) throw UserError(expected);
    std::vector<std::string> allowed = spec->map_extra_keys;
    for (const auto& d : scenarios.front().declarations) {
      if (d.domain != spec->map_domain) continue;
      allowed.push_back(d.name);
      if (!spec->map_key_attribute.empty()) allowed.push_back(d.attribute(spec->map_key_attribute));
    }
    if (std::find(allowed.begin(), allowed.end(), entry) == allowed.end()) {
      throw UserError("--parameter: " + printable(key, 120) + ": expected an entry named by a declared " +
                      spec->map_domain + " or its " + spec->map_key_attribute + " (" + join_words(allowed) +
                      "), found '" + printable(entry, 40) + "'");
    }
    return {spec};
  }
  if (spec->type == ParamType::List) {
    std::string why;
    if (!scalar_spec(specs, key, why))
      throw UserError("--parameter: " + printable(key, 120) + ": expected " + why);
    return {spec};
  }
  if (!entry.empty() || !settable_spec(specs, name)) throw UserError(expected);
  for (const auto& sc : scenarios) {
    if (spec->type == ParamType::Lever && !sc.params.lever(name).is_constant()) {
      throw UserError("--parameter: " + name +
                      ": expected a parameter with one value over the horizon, but " + sc.path +
                      " gives it a schedule; vary the schedule with --set instead");
    }
  }
  return {spec};
}

std::string source_of(const Scenario& s, const std::vector<ParamSpec>& specs, const std::string& key,
                      const std::string& given) {
  if (!given.empty()) return given;
  if (auto it = s.sources.find(key); it != s.sources.end()) return it->second;
  for (const auto& p : specs) {
    if (p.key == key) return p.source;
  }
  return "";
}

bool parse_number(const std::string& text, double& v) {
  const char* end = text.data() + text.size();
  const auto r = std::from_chars(text.data(), end, v);
  return r.ec == std::errc() && r.ptr == end && std::isfinite(v);
}

std::string dist_words(const UncertainParam& u) {
  std::string args;
  for (std::size_t i = 0; i < u.args.size(); ++i) args += (i ? ", " : "") + fmt::format("{:g}", u.args[i]);
  return "2.5th to 97.5th percentile of " + u.dist + "(" + args + ")";
}

}  // namespace

double parameter_value(const ParamValues& values, const std::string& key) {
  const auto [name, entry] = split_entry(key);
  if (entry.empty()) return values.number(name);
  if (std::isdigit(static_cast<unsigned char>(entry[0]))) return values.list(name).at(std::stoul(entry));
  const ParamValue& m = values.map(name);
  const auto it = m.map.find(entry);
  return it != m.map.end() ? it->second.at(0.0) : m.number;
}

void set_parameter_value(ParamValues& values, const std::string& key, double v) {
  const auto [name, entry] = split_entry(key);
  if (!entry.empty() && !std::isdigit(static_cast<unsigned char>(entry[0]))) {
    values.set_map_entry(name, entry, Lever::constant(v));
  } else {
    set_scalar(values, key, v);
  }
}

std::vector<SensitivityParameter> sensitivity_parameters(const std::vector<Scenario>& scenarios,
                                                         const std::vector<std::string>& explicit_ranges) {
  std::vector<SensitivityParameter> out;
  const Scenario& base = scenarios.front();
  const auto specs = param_specs_of(base.run.modules);
  for (const auto& s : scenarios) {
    for (const auto& u : s.uncertain) {
      if (std::any_of(out.begin(), out.end(), [&](const SensitivityParameter& p) { return p.key == u.key; }))
        continue;
      SensitivityParameter p;
      p.key = u.key;
      p.source = source_of(s, specs, u.key, u.source);
      p.assumption = is_assumption(p.source);
      p.centre = distribution_centre(u);
      p.low = distribution_quantile(u, 0.025);
      p.high = distribution_quantile(u, 0.975);
      if (const ParamSpec* spec = settable_spec(specs, u.key)) {
        p.low = std::clamp(p.low, spec->min, spec->max);
        p.high = std::clamp(p.high, spec->min, spec->max);
      }
      p.range_from = dist_words(u);
      out.push_back(std::move(p));
    }
  }
  for (const auto& arg : explicit_ranges) {
    const auto eq = arg.find('='), colon = arg.find(':', eq == std::string::npos ? 0 : eq);
    double lo = 0.0, hi = 0.0;
    if (eq == std::string::npos || colon == std::string::npos ||
        !parse_number(arg.substr(eq + 1, colon - eq - 1), lo) || !parse_number(arg.substr(colon + 1), hi) ||
        !(lo < hi)) {
      throw UserError(
          "--parameter: expected KEY=LOW:HIGH with numbers LOW < HIGH, e.g. "
          "mmt.dropout_rate_per_year=0.1:0.4, found '" +
          printable(arg, 120) + "'");
    }
    const std::string key = arg.substr(0, eq);
    const VariedKey v = varied_key(scenarios, specs, key);
    if (lo < v.spec->min || hi > v.spec->max) {
      throw UserError(fmt::format("--parameter: {}: expected a range within [{:g}, {:g}], found {:g} to {:g}",
                                  key, v.spec->min, v.spec->max, lo, hi));
    }
    const auto it =
        std::find_if(out.begin(), out.end(), [&](const SensitivityParameter& p) { return p.key == key; });
    const bool is_new = it == out.end();
    SensitivityParameter& p = is_new ? out.emplace_back() : *it;
    if (is_new) {
      p.key = key;
      p.source = source_of(base, specs, v.spec->key, "");
      p.assumption = is_assumption(p.source);
      p.centre = parameter_value(base.params, key);
    }
    p.low = lo;
    p.high = hi;
    p.range_from = "--parameter";
  }
  return out;
}

std::vector<Scenario> base_case(std::vector<Scenario> scenarios) {
  for (auto& s : scenarios) s.uncertain.clear();  // params already hold the central values
  return scenarios;
}

Sensitivity run_sensitivity(const std::vector<Scenario>& scenarios,
                            const std::vector<SensitivityParameter>& params, const EnsembleOptions& opts,
                            const EconomicsOptions& econ, const std::vector<ScenarioResults>& base) {
  const std::vector<Scenario> centre = base_case(scenarios);
  // Every variant of every scenario in one batch: the threads stay busy across variants, and each
  // variant's scenarios share seeds and replicate indices (common random numbers).
  std::vector<Scenario> batch = base.empty() ? centre : std::vector<Scenario>{};
  for (const auto& p : params) {
    for (double v : {p.low, p.high}) {
      for (Scenario s : centre) {
        // A lever set here is constant over the horizon: the one-way range replaces its schedule.
        set_parameter_value(s.params, p.key, v);
        batch.push_back(std::move(s));
      }
    }
  }
  std::vector<ScenarioResults> results = run_ensemble(batch, opts);
  const std::size_t n = scenarios.size();
  std::size_t at = 0;
  const auto take = [&]() {
    std::vector<ScenarioResults> group(
        std::make_move_iterator(results.begin() + static_cast<std::ptrdiff_t>(at)),
        std::make_move_iterator(results.begin() + static_cast<std::ptrdiff_t>(at + n)));
    at += n;
    return group;
  };
  const std::vector<ScenarioResults> base_results = base.empty() ? take() : base;
  std::vector<std::vector<ScenarioResults>> lows, highs;
  for (std::size_t p = 0; p < params.size(); ++p) {
    lows.push_back(take());
    highs.push_back(take());
  }
  return summarise_sensitivity(params, base_results, lows, highs, econ);
}

}  // namespace pathways::cli
