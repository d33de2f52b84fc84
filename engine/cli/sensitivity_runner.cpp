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
#include "scenario/varied_keys.hpp"

namespace pathways::cli {

namespace {

std::string source_of(const Scenario& s, const std::vector<ParamSpec>& specs, const std::string& key,
                      const std::string& given) {
  if (!given.empty()) return given;
  const std::string name = key.substr(0, key.find('['));
  if (auto it = s.sources.find(name); it != s.sources.end()) return it->second;
  for (const auto& p : specs) {
    if (p.key == name) return p.source;
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

/// The entry for `key`, added with its source and base-case value when new.
SensitivityParameter& entry_for(std::vector<SensitivityParameter>& out, const Scenario& base,
                                const std::vector<ParamSpec>& specs, const std::string& key,
                                const std::string& source) {
  const auto it =
      std::find_if(out.begin(), out.end(), [&](const SensitivityParameter& p) { return p.key == key; });
  if (it != out.end()) return *it;
  SensitivityParameter& p = out.emplace_back();
  p.key = key;
  p.source = source_of(base, specs, key, source);
  p.assumption = is_assumption(p.source);
  p.centre = varied_value(base.params, key);
  return p;
}

}  // namespace

std::vector<SensitivityParameter> sensitivity_parameters(const std::vector<Scenario>& scenarios,
                                                         const std::vector<std::string>& explicit_ranges) {
  std::vector<SensitivityParameter> out;
  const Scenario& base = scenarios.front();
  const auto specs = param_specs_of(base.run.modules, base.run.declarations);
  // Distributions: the central 95% of each.
  for (const auto& s : scenarios) {
    for (const auto& u : s.uncertain) {
      if (std::any_of(out.begin(), out.end(), [&](const SensitivityParameter& p) { return p.key == u.key; }))
        continue;
      SensitivityParameter& p = entry_for(out, s, specs, u.key, u.source);
      p.centre = distribution_centre(u);
      p.low = distribution_quantile(u, 0.025);
      p.high = distribution_quantile(u, 0.975);
      for (const auto& spec : specs) {
        if (spec.key != u.key) continue;
        p.low = std::clamp(p.low, spec.min, spec.max);
        p.high = std::clamp(p.high, spec.min, spec.max);
      }
      p.range_from = dist_words(u);
    }
  }
  // Ranges the scenario files declare under `sensitivity:` (validated when loaded).
  for (const auto& s : scenarios) {
    for (const auto& r : s.sensitivity_ranges) {
      if (std::any_of(out.begin(), out.end(), [&](const SensitivityParameter& p) { return p.key == r.key; }))
        continue;
      SensitivityParameter& p = entry_for(out, s, specs, r.key, r.source);
      p.low = r.low;
      p.high = r.high;
      p.range_from = "sensitivity: in " + s.path;
    }
  }
  // --parameter KEY=LOW:HIGH replaces any range above for its key.
  for (const auto& arg : explicit_ranges) {
    const auto eq = arg.find('=');
    const auto colon = eq == std::string::npos ? std::string::npos : arg.find(':', eq);
    double lo = 0.0, hi = 0.0;
    if (colon == std::string::npos || !parse_number(arg.substr(eq + 1, colon - eq - 1), lo) ||
        !parse_number(arg.substr(colon + 1), hi) || !(lo < hi)) {
      throw UserError(
          "--parameter: expected KEY=LOW:HIGH with numbers LOW < HIGH, e.g. "
          "mmt.dropout_rate_per_year=0.1:0.4, found '" +
          printable(arg, 120) + "'");
    }
    const std::string key = arg.substr(0, eq);
    std::string why;
    const ParamSpec* spec = varied_spec(specs, base.declarations, key, why);
    if (!spec) throw UserError("--parameter: " + printable(key, 120) + ": expected " + why);
    if (lo < spec->min || hi > spec->max) {
      throw UserError(fmt::format("--parameter: {}: expected a range within [{:g}, {:g}], found {:g} to {:g}",
                                  key, spec->min, spec->max, lo, hi));
    }
    SensitivityParameter& p = entry_for(out, base, specs, key, "");
    p.low = lo;
    p.high = hi;
    p.range_from = "--parameter";
  }
  // A lever with a schedule in any scenario cannot be set to one value without erasing the plan.
  for (const auto& p : out) {
    if (p.key.find('[') != std::string::npos) continue;
    for (const auto& s : scenarios) {
      for (const auto& spec : specs) {
        if (spec.key == p.key && spec.type == ParamType::Lever && !s.params.lever(p.key).is_constant()) {
          throw UserError(p.key + ": expected a parameter with one value over the horizon to vary, but " +
                          s.path + " gives it a schedule; vary the schedule with --set instead");
        }
      }
    }
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
        set_varied_value(s.params, p.key, v);
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
