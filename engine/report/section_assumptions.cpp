// #assumptions, #calibration and #limitations: what the numbers rest on.
#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "report/report_sections.hpp"
#include "report/report_values.hpp"
#include "report/text_format.hpp"

namespace pathways {

namespace {

struct SetParameter {
  std::string key, value, source;
  bool assumption = false;
};

/// Parameters the scenario files set to something other than the module default, in any scenario
/// (the baseline's value shown, else the first scenario's that sets it).
std::vector<SetParameter> parameters_set(const std::vector<ScenarioResults>& results) {
  std::vector<SetParameter> out;
  const Scenario& base = results.front().scenario;
  const auto specs = param_specs_of(base.run.modules, base.run.declarations);
  Scenario defaults = base;
  defaults.params = ParamValues::defaults(specs);
  for (const auto& r : results) {
    const Scenario& s = r.scenario;
    for (const auto& spec : specs) {
      if (std::any_of(out.begin(), out.end(), [&](const SetParameter& p) { return p.key == spec.key; }))
        continue;
      const bool sourced_here = s.sources.count(spec.key) > 0;
      const std::string value = parameter_text(s, spec.key);
      if (!sourced_here && value == parameter_text(defaults, spec.key)) continue;
      SetParameter p{spec.key, value, sourced_here ? s.sources.at(spec.key) : spec.source};
      p.assumption = is_assumption(p.source) || p.source.find("assumption") != std::string::npos;
      out.push_back(std::move(p));
    }
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const SetParameter& a, const SetParameter& b) { return a.assumption > b.assumption; });
  return out;
}

}  // namespace

std::string assumptions_section(const std::vector<ScenarioResults>& results, const Sensitivity* sensitivity,
                                const EconomicsOptions& econ) {
  if (results.empty()) return "";
  const Scenario& base = results.front().scenario;
  const auto set = parameters_set(results);
  const auto specs = param_specs_of(base.run.modules, base.run.declarations);
  std::size_t default_assumptions = 0, defaults_used = 0;
  for (const auto& spec : specs) {
    if (std::any_of(set.begin(), set.end(), [&](const SetParameter& p) { return p.key == spec.key; }))
      continue;
    ++defaults_used;
    if (is_assumption(spec.source) || spec.source.find("assumption") != std::string::npos)
      ++default_assumptions;
  }
  const auto assumed = static_cast<std::size_t>(
      std::count_if(set.begin(), set.end(), [](const SetParameter& p) { return p.assumption; }));
  std::string out = "<section id=\"assumptions\">\n<h2>Assumptions and sources</h2>\n";
  out += fmt::format(
      "<p class=\"lead\">The scenarios set {} parameters; {} of them rest wholly or partly on an assumption "
      "rather "
      "than a published figure (listed first). The other {} parameters keep their module defaults, of which "
      "{} are "
      "assumptions; docs/scenario-reference.md gives each default with its source and range.</p>\n",
      set.size(), assumed, defaults_used, default_assumptions);
  // The utility of detention is the assumption reviewers ask about first: always state it.
  if (base.params.has("health.setting_utility_multiplier")) {
    out += "<p><strong>Quality of life in detention.</strong> Time in detention is valued at <code>" +
           html_escape(parameter_text(base, "health.setting_utility_multiplier")) +
           "</code> times the utility of the same health state outside. " + html_escape([&] {
             for (const auto& s : specs) {
               if (s.key == "health.setting_utility_multiplier") return s.source;
             }
             return std::string();
           }()) +
           " The health section says when a QALY result depends on it.</p>\n";
  }
  if (sensitivity && results.size() > 1) {
    out += "<h3>The parameters the verdicts depend on most</h3>\n<ul>\n";
    for (std::size_t s = 1; s < results.size(); ++s) {
      const SensitivityOutcome* o = tornado_outcome(*sensitivity, results[s].scenario.name, econ);
      if (!o) continue;
      std::vector<std::size_t> order(sensitivity->parameters.size());
      std::iota(order.begin(), order.end(), 0);
      std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return std::abs(o->at_high[a] - o->at_low[a]) > std::abs(o->at_high[b] - o->at_low[b]);
      });
      std::string top;
      for (std::size_t k = 0; k < order.size() && k < 3; ++k) {
        const auto& p = sensitivity->parameters[order[k]];
        top += (k ? ", " : "") + ("<code>" + html_escape(p.key) + "</code>") +
               (p.assumption ? " (assumption)" : "");
      }
      out += "<li>" + html_escape(results[s].scenario.name) + " (" + html_escape(o->label) + "): " + top +
             "</li>\n";
    }
    out += "</ul>\n";
  }
  out +=
      "<table class=\"assumptions\">\n<thead><tr><th>Parameter</th><th>Value "
      "(baseline)</th><th>Source</th></tr>"
      "</thead>\n<tbody>\n";
  for (const auto& p : set) {
    out += fmt::format("<tr><td><code>{}</code>{}</td><td>{}</td><td>{}</td></tr>\n", html_escape(p.key),
                       p.assumption ? " <span class=\"note\">assumption</span>" : "", html_escape(p.value),
                       html_escape(p.source));
  }
  return out + "</tbody>\n</table>\n</section>\n";
}

std::string calibration_section(const std::vector<ScenarioResults>& results) {
  if (results.empty()) return "";
  const Scenario& base = results.front().scenario;
  std::string out = "<section id=\"calibration\">\n<h2>Calibration</h2>\n";
  if (!base.posterior) {
    return out +
           "<p>No parameter was calibrated in this run: every value comes from the sources and assumptions "
           "above.</p>\n</section>\n";
  }
  const auto& t = *base.posterior;
  double sum = 0.0, sum_sq = 0.0;
  for (double w : t.weights) sum += w, sum_sq += w * w;
  const double ess = sum_sq > 0.0 ? sum * sum / sum_sq : 0.0;
  std::string keys;
  for (const auto& k : t.keys) keys += (keys.empty() ? "" : ", ") + ("<code>" + html_escape(k) + "</code>");
  out += fmt::format(
      "<p>{} parameters come from the calibrated posterior <code>{}</code>: {} weighted particles (effective "
      "sample size {}), fitted by approximate Bayesian computation to the country's calibration targets "
      "(<code>pathways calibrate</code>, docs/calibration.md). Each replicate takes one particle, the same "
      "in every "
      "scenario: {}.</p>\n",
      t.keys.size(), html_escape(t.path), t.rows.size(), format_amount(ess), keys);
  if (!base.calibration_fit.empty()) {
    out +=
        "<table class=\"calibration-fit\">\n<thead><tr><th>Target</th><th>Observed</th><th>Fitted (95% "
        "range)</th>"
        "<th>Within</th></tr></thead>\n<tbody>\n";
    for (const auto& f : base.calibration_fit) {
      out += fmt::format(
          "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{} ({} to {})</td><td>{}</td></tr>\n",
          html_escape(f.target), format_amount(f.observed), format_amount(f.predicted_mean),
          format_amount(f.predicted_lo95), format_amount(f.predicted_hi95),
          f.within ? "yes" : "<strong>no</strong>");
    }
    out += "</tbody>\n</table>\n";
  } else {
    out +=
        "<p class=\"note\">The scenario names no fit table (<code>calibration_fit:</code>), so how well the "
        "calibration matched its targets is not shown here; see the calibration's own report.</p>\n";
  }
  return out + "</section>\n";
}

std::string limitations_section(const std::vector<ScenarioResults>& results,
                                const std::vector<ComparisonRow>& comparison,
                                const Sensitivity* sensitivity) {
  if (results.empty()) return "";
  const Scenario& base = results.front().scenario;
  std::string out = "<section id=\"limitations\">\n<h2>Limitations</h2>\n<h3>Of this run</h3>\n<ul>\n";
  if (base.run.scale > 1.0) {
    out += fmt::format(
        "<li>Each simulated person stands for {} people: counts move in steps of {}, small events are "
        "coarse, and the HIV contact network is a scaled-down copy of the real one.</li>\n",
        format_amount(base.run.scale), format_amount(base.run.scale));
  }
  const Sampling sampling = sampling_of(base);
  if (!sampling.parameters_vary) {
    out +=
        "<li>No parameter was given a distribution or a calibrated posterior: the results are conditional on "
        "the "
        "parameter values, and the intervals show simulation noise only.</li>\n";
  } else if (sampling.inner == 1) {
    out +=
        "<li>Intervals mix parameter uncertainty with simulation noise (one replicate per parameter "
        "draw).</li>\n";
  }
  if (!sensitivity) {
    out +=
        "<li>No one-way sensitivity analysis was run: which assumptions drive the verdicts is not shown "
        "(<code>pathways sensitivity</code> or <code>compare --sensitivity</code>).</li>\n";
  }
  std::size_t noisy = 0;
  for (const auto& r : comparison) {
    if (std::isfinite(r.diff.mcse) && std::isfinite(r.diff.mean) && r.diff.mean != 0.0 &&
        std::abs(r.diff.mean) < 2.0 * r.diff.mcse) {
      ++noisy;
    }
  }
  if (noisy > 0) {
    out += fmt::format(
        "<li>{} of the compared outcomes differ by less than two Monte Carlo standard errors: more "
        "replicates are needed to tell them from chance (see the checks below).</li>\n",
        noisy);
  }
  out +=
      "</ul>\n<h3>Of the model</h3>\n<ul>\n"
      "<li>Hepatitis C, tuberculosis and non-fatal overdose harms are not modelled; their costs and health "
      "losses "
      "are missing from both sides of every comparison.</li>\n"
      "<li>Conditions inside detention (forced labour, violence, lack of health care beyond ART continuity) "
      "enter "
      "only through the utility of detention, mortality and HIV transmission inside; their wider human cost "
      "is not "
      "valued.</li>\n"
      "<li>Costs come from country reports and published studies of different years, converted to US dollars "
      "of "
      "the stated price year; local costs of new services are often assumptions.</li>\n"
      "<li>Behaviour responds to policy only through the mechanisms modelled (arrest, referral, treatment "
      "seeking, retention); deterrence, stigma and changes in drug markets are not represented.</li>\n"
      "<li>Results describe the modelled population of people who use drugs, not the general population; "
      "effects on families are counted only as household costs under the societal perspective.</li>\n"
      "</ul>\n";
  return out + "</section>\n";
}

}  // namespace pathways
