// #methods (with the CHEERS 2022 checklist [husereau2022-cheers]) and #checks.
#include <fmt/core.h>

#include <algorithm>
#include <cmath>

#include "report/headline_metrics.hpp"
#include "report/report_sections.hpp"
#include "report/report_values.hpp"
#include "report/text_format.hpp"

namespace pathways {

namespace {

std::string source_of(const Scenario& s, const std::string& key) {
  if (const auto it = s.sources.find(key); it != s.sources.end()) return it->second;
  for (const auto& p : param_specs_of(s.run.modules, s.run.declarations)) {
    if (p.key == key) return p.source;
  }
  return "";
}

double number_or(const Scenario& s, const std::string& key, double fallback) {
  return s.params.has(key) ? s.params.number(key) : fallback;
}

/// CHEERS 2022 (Husereau et al., Value in Health 2022;25:3-9) [husereau2022-cheers]: item, topic, where this
/// report answers it. Items the model cannot know (funding, engagement) are left to the analyst.
struct CheersItem {
  int number;
  const char* topic;
  const char* where;
};

const CheersItem kCheers[] = {
    {1, "Title", "the report's title"},
    {2, "Abstract", "<a href=\"#in-brief\">In brief</a>"},
    {3, "Background and objectives",
     "the introduction under the title; <a href=\"#scenarios\">Scenarios</a>"},
    {4, "Health economic analysis plan",
     "the scenario files and the manifest (manifest.json) fix every choice"},
    {5, "Study population",
     "<a href=\"#scenarios\">Scenarios</a> (population, scale) and <a href=\"#methods\">Methods</a>"},
    {6, "Setting and location", "<a href=\"#scenarios\">Scenarios</a>"},
    {7, "Comparators", "<a href=\"#plan-changes\">What each plan changes</a>"},
    {8, "Perspective", "<a href=\"#methods\">Methods</a>"},
    {9, "Time horizon", "<a href=\"#methods\">Methods</a>"},
    {10, "Discount rate", "<a href=\"#methods\">Methods</a>"},
    {11, "Selection of outcomes", "<a href=\"#headline\">Headline results</a>"},
    {12, "Measurement of outcomes",
     "<a href=\"#methods\">Methods</a>; <a href=\"#why\">Why the results differ</a>"},
    {13, "Valuation of outcomes", "<a href=\"#methods\">Methods</a> (valuation set)"},
    {14, "Measurement and valuation of resources and costs",
     "<a href=\"#methods\">Methods</a>; <a href=\"#why\">costs by payer and account</a>; <a "
     "href=\"#utilisation\">funded places</a>"},
    {15, "Currency, price date and conversion", "<a href=\"#methods\">Methods</a>"},
    {16, "Rationale and description of model",
     "<a href=\"#methods\">Methods</a>; docs/architecture.md and docs/model/"},
    {17, "Analytics and assumptions", "<a href=\"#assumptions\">Assumptions and sources</a>"},
    {18, "Characterising heterogeneity",
     "by substance, setting and HIV stage inside the model; <a href=\"#why\">by setting</a>; no subgroup "
     "results"},
    {19, "Characterising distributional effects",
     "<a href=\"#human-rights\">Human-rights outcomes</a> (who is detained); costs to households under the "
     "societal perspective"},
    {20, "Characterising uncertainty",
     "<a href=\"#methods\">Methods</a>; <a href=\"#sensitivity\">sensitivity analysis</a> when run"},
    {21, "Approach to engagement with patients and others affected",
     "not known to the model: for the analysts to report"},
    {22, "Study parameters",
     "<a href=\"#assumptions\">Assumptions and sources</a>; docs/scenario-reference.md"},
    {23, "Summary of main results",
     "<a href=\"#headline\">Headline results</a>; <a href=\"#incremental\">Incremental analysis</a>"},
    {24, "Effect of uncertainty",
     "intervals and Monte Carlo error in <a href=\"#headline\">Headline results</a>; <a "
     "href=\"#incremental\">acceptability and value of information</a>; <a "
     "href=\"#sensitivity\">tornado</a>"},
    {25, "Effect of engagement with patients and others affected",
     "not known to the model: for the analysts to report"},
    {26, "Study findings, limitations, generalisability and current knowledge",
     "<a href=\"#limitations\">Limitations</a>"},
    {27, "Source of funding", "not known to the model: for the analysts to report"},
    {28, "Conflicts of interest", "not known to the model: for the analysts to report"},
};

}  // namespace

std::string methods_section(const std::vector<ScenarioResults>& results, const RunInfo& info,
                            const Sensitivity* sensitivity) {
  if (results.empty()) return "";
  const Scenario& base = results.front().scenario;
  const EconomicsOptions& econ = info.economics;
  const Sampling sampling = sampling_of(base);
  std::string out = "<section id=\"methods\">\n<h2>Methods</h2>\n<dl>\n";
  std::string modules;
  for (const auto& m : base.run.modules)
    modules += (modules.empty() ? "" : ", ") + ("<code>" + html_escape(m) + "</code>");
  out +=
      "<dt>Model</dt><dd>An individual-based, discrete-event simulation: each simulated person moves along "
      "the "
      "drug-use spectrum and through the settings the policy offers (police, detention, diversion, "
      "treatment, "
      "MMT), with HIV transmitted over a contact network and a care cascade. Modules run: " +
      modules + ".</dd>\n";
  out += fmt::format(
      "<dt>Population</dt><dd>{} simulated people at the start, each standing for {} real people, followed "
      "from {} "
      "with entries and exits (deaths, lasting remission).</dd>\n",
      base.params.has("population.size") ? format_amount(base.params.number("population.size"))
                                         : "the modules'",
      format_amount(base.run.scale), base.run.start_year);
  out += "<dt>Perspective</dt><dd>" + html_escape(econ.describe()) + ": ";
  switch (econ.perspective) {
    case Perspective::Health:
      out += "costs to the health sector only.";
      break;
    case Perspective::Government:
      out += "costs to the health sector, justice, public security and social affairs.";
      break;
    case Perspective::Societal:
      out += "the government's costs plus those of the people affected and their households.";
      break;
  }
  out += " Tables by payer show the other perspectives' parts.</dd>\n";
  out += fmt::format(
      "<dt>Time horizon</dt><dd>Policies act over {} years ({} to {}). Outcomes are {}.</dd>\n",
      base.run.years, base.run.start_year, base.run.start_year + base.run.years - 1,
      econ.lifetime
          ? "lifetime: everyone alive at the end of the policy period adds the expected discounted "
            "life-years, "
            "QALYs and lifelong treatment costs of their state at that time (survival from the life table "
            "plus the hazards of their state; docs/economics.md)"
          : "counted over the policy period only (economics.horizon: policy_period), so deaths late in the "
            "period cost few QALYs: a choice the reference case advises against");
  out += fmt::format("<dt>Discounting</dt><dd>Costs {} and health {} a year, continuously from {}.</dd>\n",
                     format_percent(number_or(base, "costs.discount_rate", 0.03)),
                     format_percent(number_or(base, "health.discount_rate", 0.03)), base.run.start_year);
  out += fmt::format("<dt>Currency and prices</dt><dd>US dollars at {} prices; {}</dd>\n", econ.price_year,
                     html_escape(source_of(base, "economics.price_year")));
  out +=
      "<dt>Health outcomes</dt><dd>Quality-adjusted life years (QALYs) and disability-adjusted life years "
      "(DALYs) "
      "from one valuation set: each state's utility and disability weight come from the same sources and "
      "agree "
      "in direction (parameters <code>health.utility.*</code>, <code>health.disability_weight.*</code>, "
      "<code>hiv.utility_multiplier</code>; sources in the assumptions section). Deaths by cause, HIV "
      "infections, "
      "retention in treatment.</dd>\n";
  if (!econ.wtp_usd_per_qaly.empty()) {
    std::string w;
    for (double x : econ.wtp_usd_per_qaly) w += (w.empty() ? "" : ", ") + format_usd(x);
    out +=
        "<dt>Decision rule</dt><dd>Willingness to pay " + w + " per QALY gained" +
        (econ.headline_wtp > 0.0 ? "; the headline uses " + format_usd(econ.headline_wtp) : std::string()) +
        ". Source: " + html_escape(source_of(base, "economics.wtp_usd_per_qaly")) + "</dd>\n";
  } else {
    out +=
        "<dt>Decision rule</dt><dd>No willingness-to-pay threshold was given "
        "(<code>economics.wtp_usd_per_qaly</code>): costs and QALYs are reported, not a verdict.</dd>\n";
  }
  std::string unc;
  if (!sampling.parameters_vary) {
    unc =
        "No parameter is uncertain in this run: replicates differ by chance only, and intervals are 95% "
        "confidence "
        "intervals of the mean (how precisely the replicates pin down the expected result), not ranges of "
        "plausible "
        "outcomes.";
  } else if (sampling.inner > 1) {
    unc = fmt::format(
        "Probabilistic analysis with nested sampling: {} parameter draws, each run {} times; intervals are "
        "2.5th and "
        "97.5th percentiles of the per-draw means (parameter uncertainty with chance averaged down), and the "
        "share of "
        "variance due to parameters is in summary.csv.",
        results.front().replicates.size() / static_cast<std::size_t>(sampling.inner), sampling.inner);
  } else {
    unc =
        "Probabilistic analysis: each replicate draws its own parameters (distributions and/or calibrated "
        "posterior) "
        "and runs once, so the intervals (2.5th to 97.5th percentiles of replicate outcomes) mix parameter "
        "uncertainty with chance, which widens them with run.scale; set run.inner_replicates to separate the "
        "two.";
  }
  out +=
      "<dt>Uncertainty</dt><dd>" + unc +
      " Every mean difference carries its Monte Carlo standard error. Scenarios share random numbers and "
      "parameter "
      "draws replicate by replicate, so differences are paired." +
      (sensitivity
           ? fmt::format(" A one-way sensitivity analysis varied {} parameters.",
                         sensitivity->parameters.size())
           : std::string(" No one-way sensitivity analysis was run (<code>pathways sensitivity</code>).")) +
      "</dd>\n</dl>\n";
  out +=
      "<h3>CHEERS 2022 checklist [husereau2022-cheers]</h3>\n<p>Where this report covers each item of the "
      "Consolidated Health "
      "Economic "
      "Evaluation Reporting Standards 2022.</p>\n<table "
      "class=\"cheers\">\n<thead><tr><th>Item</th><th>Topic</th>"
      "<th>Where</th></tr></thead>\n<tbody>\n";
  for (const auto& c : kCheers)
    out +=
        fmt::format("<tr><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>\n", c.number, c.topic, c.where);
  return out + "</tbody>\n</table>\n</section>\n";
}

std::string checks_section(const std::vector<ScenarioResults>& results,
                           const std::vector<ComparisonRow>& comparison, const RunInfo& info) {
  if (results.empty()) return "";
  std::string out = "<section id=\"checks\">\n<h2>Checks you can rely on</h2>\n<ul>\n";
  std::string inv;
  for (std::size_t i = 0; i < info.invariants.size(); ++i)
    inv += (i ? "; " : "") + html_escape(info.invariants[i]);
  out += fmt::format("<li>Invariants checked {} times and never broken: {}.</li>\n",
                     format_fixed(static_cast<double>(info.invariant_checks), 0), inv);
  out +=
      "<li>Every scenario file was checked against the declared parameters (type, unit range, sums, "
      "cross-field "
      "rules) before anything ran; <code>pathways validate</code> accepts exactly the files <code>run</code> "
      "does.</li>\n";
  out += fmt::format(
      "<li>Reproducible: seed {} and these inputs give bit-for-bit the same outputs whatever the number "
      "of threads.</li>\n",
      info.seed);
  // Which headline differences the replicates cannot yet tell from chance, and how many would.
  std::string noisy;
  for (std::size_t s = 1; s < results.size(); ++s) {
    for (const auto& o : headline_outcomes(info.economics)) {
      if (o.metrics.size() != 1) continue;
      for (const auto& r : comparison) {
        if (r.scenario != results[s].scenario.name || r.metric != o.metrics.front()) continue;
        const std::size_t need = replicates_needed(r.diff.mean, r.diff.mcse, results[s].replicates.size());
        if (need == 0) continue;
        noisy += fmt::format(
            "<li>{}: {} &mdash; about {} replicates would tell this difference from chance if it is "
            "real.</li>\n",
            html_escape(results[s].scenario.name), o.label, format_amount(static_cast<double>(need)));
      }
    }
  }
  out += fmt::format(
      "<li>{} replicates per scenario.{}</li>\n", results.front().replicates.size(),
      noisy.empty() ? std::string(results.size() > 1 ? " Every headline difference is at least twice "
                                                       "its Monte Carlo standard error."
                                                     : "")
                    : " Differences not yet distinguishable from simulation noise:<ul>\n" + noisy + "</ul>");
  return out + "</ul>\n</section>\n";
}

}  // namespace pathways
