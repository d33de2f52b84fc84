// #why, #human-rights and #utilisation: where the headline differences come from.
#include <fmt/core.h>

#include <algorithm>
#include <cmath>

#include "report/report_charts.hpp"
#include "report/report_sections.hpp"
#include "report/report_values.hpp"
#include "report/text_format.hpp"

namespace pathways {

namespace {

struct Setting {
  std::string name, cls;
};

std::vector<Setting> settings_of(const Scenario& s) {
  std::vector<Setting> out;
  for (const auto& d : s.declarations) {
    if (d.domain == "setting") out.push_back({d.name, d.attribute("class")});
  }
  return out;
}

/// One table row per metric: label, baseline mean, then per alternative its mean and difference.
struct Row {
  std::string label, metric;
  bool usd = false;
};

std::string value_text(double v, bool usd) {
  return usd ? format_usd(v) : format_amount(v);
}

/// A table of metrics for every scenario, with each alternative's paired difference; rows whose
/// metric no scenario has are left out, and rows equal to zero everywhere too when `skip_zero`.
std::string metric_table(const std::vector<ScenarioResults>& results, const std::vector<Row>& rows,
                         bool skip_zero, const std::string& css) {
  std::string head = "<tr><th></th>";
  for (std::size_t s = 0; s < results.size(); ++s) {
    head += "<th>" + html_escape(results[s].scenario.name) + "</th>";
    if (s > 0) head += "<th>Difference</th>";
  }
  std::string body;
  for (const auto& r : rows) {
    if (std::none_of(results.begin(), results.end(),
                     [&](const ScenarioResults& x) { return has_metric(x, r.metric); }))
      continue;
    bool any = false;
    std::string cells;
    for (std::size_t s = 0; s < results.size(); ++s) {
      const double m = metric_mean(results[s], r.metric);
      any = any || (std::isfinite(m) && m != 0.0);
      cells += "<td class=\"num\">" + value_text(m, r.usd) + "</td>";
      if (s > 0) {
        const Interval d = paired_difference(results.front(), results[s], r.metric);
        const bool noise = std::isfinite(d.mcse) && std::abs(d.mean) < 2.0 * d.mcse;
        cells += "<td class=\"num\">" + with_sign(d.mean, value_text(d.mean, r.usd)) +
                 (noise && d.mean != 0.0 ? " <span class=\"note\">(within chance)</span>" : "") + "</td>";
      }
    }
    if (skip_zero && !any) continue;
    body += "<tr><td>" + r.label + "</td>" + cells + "</tr>\n";
  }
  if (body.empty()) return "";
  return "<table class=\"" + css + "\">\n<thead>" + head + "</tr></thead>\n<tbody>\n" + body +
         "</tbody>\n</table>\n";
}

}  // namespace

std::string why_section(const std::vector<ScenarioResults>& results, const EconomicsOptions& econ) {
  if (results.empty()) return "";
  const auto settings = settings_of(results.front().scenario);
  std::string out =
      "<section id=\"why\">\n<h2>Why the results differ</h2>\n<p class=\"lead\">The headline differences "
      "taken apart: "
      "who dies where and when, who pays for what, and where health is gained or lost. Means over "
      "replicates; a "
      "difference within two Monte Carlo standard errors of zero is marked <em>within chance</em>.</p>\n";

  out += "<h3>Deaths</h3>\n";
  std::vector<Row> deaths = {
      {"Overdose", "deaths.overdose"},
      {"HIV", "deaths.hiv"},
      {"Other drug-related causes (injury, suicide, liver disease, infections)", "deaths.drug_related_other"},
      {"Other causes (background mortality)", "deaths.background"},
      {"All causes", "population.deaths"}};
  out += metric_table(results, deaths, false, "why-deaths");
  std::vector<Row> where;
  for (const auto& s : settings) {
    const std::string label = plain_setting_name(results, s.name);
    where.push_back({"In " + html_escape(label), s.name + ".deaths"});
    where.push_back(
        {"Within 4 weeks of leaving " + html_escape(label), s.name + ".deaths_within_4w_of_release"});
  }
  out += "<h4>By setting, and in the four weeks after leaving it</h4>\n" +
         metric_table(results, where, true, "why-deaths-setting");

  out += "<h3>Costs</h3>\n";
  std::vector<Row> payers;
  for (std::size_t p = 0; p < kPayerNames.size(); ++p) {
    const std::string name(kPayerNames[p]);
    payers.push_back({"Paid by " + html_escape(plain_setting_name(results, name)),
                      "cost.payer_" + name + "_usd_discounted", true});
  }
  out += "<h4>By payer (discounted, over the policy period)</h4>\n" +
         metric_table(results, payers, true, "why-payers");
  std::vector<Row> accounts;
  for (const auto& m : results.front().replicates.empty() ? std::vector<MetricInfo>{}
                                                          : results.front().replicates.front().metrics) {
    const std::string& n = m.name;
    if (n.rfind("cost.", 0) != 0 || !n.ends_with("_usd_discounted") || n.rfind("cost.payer_", 0) == 0 ||
        n.rfind("cost.perspective_", 0) == 0 || n == "cost.total_usd_discounted") {
      continue;
    }
    const std::string account = n.substr(5, n.size() - 5 - std::string("_usd_discounted").size());
    accounts.push_back({html_escape(plain_setting_name(results, account)), n, true});
  }
  out += "<h4>By account (discounted; after-horizon rows are lifelong costs of survivors)</h4>\n" +
         metric_table(results, accounts, true, "why-accounts");

  out += "<h3>Health</h3>\n";
  std::vector<Row> health = {
      {"QALYs over the policy period (discounted)", "health.qalys_discounted"},
      {"QALYs of survivors after the horizon (discounted)", "health.qalys_after_horizon_discounted"},
      {"QALYs lost to the assumed utility of time in detention (discounted)",
       "health.qaly_loss_in_detention_discounted"},
      {"Years of life lost (discounted)", "health.yll_discounted"},
      {"Years lived with disability (discounted)", "health.yld_discounted"},
      {"Life-years (discounted)", "health.life_years_discounted"}};
  out += metric_table(results, health, true, "why-health");
  // A QALY verdict that the detention utility alone could reverse must say so.
  for (std::size_t s = 1; s < results.size(); ++s) {
    const double d_qaly = paired_difference(results.front(), results[s], econ.qaly_metric()).mean;
    const double d_loss =
        paired_difference(results.front(), results[s], "health.qaly_loss_in_detention_discounted").mean;
    if (!std::isfinite(d_qaly) || !std::isfinite(d_loss) || d_loss == 0.0) continue;
    // The loss is counted as a positive number of QALYs lost: fewer lost is a gain.
    const double from_detention = -d_loss;
    const bool drives = std::abs(from_detention) >= 0.5 * std::abs(d_qaly) ||
                        (d_qaly > 0.0) != (d_qaly - from_detention > 0.0);
    if (!drives) continue;
    out += fmt::format(
        "<p class=\"note\"><strong>This QALY result depends on an assumption.</strong> For {}, {} of the {} "
        "QALY difference comes from the lower quality of life assumed for time in detention "
        "(<code>health.setting_utility_multiplier</code>); without it the difference would be {}. See the "
        "assumptions section and the sensitivity analysis.</p>\n",
        html_escape(results[s].scenario.name), with_sign(from_detention, format_amount(from_detention)),
        with_sign(d_qaly, format_amount(d_qaly)),
        with_sign(d_qaly - from_detention, format_amount(d_qaly - from_detention)));
  }
  return out + "</section>\n";
}

std::string human_rights_section(const std::vector<ScenarioResults>& results) {
  if (results.empty()) return "";
  const std::vector<Row> rows = {
      {"People admitted to detention", "detention.admissions"},
      {"Person-years detained", "detention.person_years"},
      {"Releases from detention", "detention.releases"},
      {"Deaths in detention", "detention.deaths"},
      {"Deaths within 4 weeks of release from detention", "detention.deaths_within_4w_of_release"},
      {"HIV infections acquired in detention", "detention.hiv_infections"},
      {"Arrests", "justice.arrests"},
  };
  std::vector<Row> by_setting;
  for (const auto& s : settings_of(results.front().scenario)) {
    if (s.cls != "detention") continue;
    const std::string label = html_escape(plain_setting_name(results, s.name));
    by_setting.push_back({label + ": admissions", s.name + ".admissions"});
    by_setting.push_back({label + ": person-years", s.name + ".person_years"});
    by_setting.push_back({label + ": deaths inside", s.name + ".deaths"});
    by_setting.push_back(
        {label + ": deaths within 4 weeks of release", s.name + ".deaths_within_4w_of_release"});
    by_setting.push_back({label + ": HIV infections acquired inside", "hiv.infections_in_" + s.name});
  }
  const std::string table = metric_table(results, rows, false, "human-rights");
  if (table.empty()) return "";
  // Zero everywhere is what the assumptions allow, not a finding: say which ones.
  std::string notes;
  const bool none_inside = std::all_of(results.begin(), results.end(), [](const ScenarioResults& r) {
    return !has_metric(r, "detention.hiv_infections") || metric_mean(r, "detention.hiv_infections") == 0.0;
  });
  if (none_inside && has_metric(results.front(), "detention.hiv_infections")) {
    notes +=
        "<p class=\"note\">No HIV infection is acquired in detention in this run because the model lets no "
        "one share injecting equipment inside (<code>hiv.inside_sharing_rate_per_year</code> is 0 by default "
        "for lack of data): an assumption, not a finding.</p>\n";
  }
  return "<section id=\"human-rights\">\n<h2>Human-rights outcomes</h2>\n<p class=\"lead\">Detention without "
         "due "
         "process is itself the harm UN agencies ask countries to end; these are its counts over the "
         "horizon. "
         "The weeks after release carry a high risk of overdose death, as tolerance falls while "
         "detained.</p>\n" +
         table + notes + "<h3>By place of detention</h3>\n" +
         metric_table(results, by_setting, true, "human-rights-setting") + "</section>\n";
}

std::string utilisation_section(const std::vector<ScenarioResults>& results) {
  if (results.empty()) return "";
  std::string warnings, rows;
  for (const auto& r : results) {
    for (const auto& s : settings_of(r.scenario)) {
      const double funded = metric_mean(r, s.name + ".funded_place_years");
      const double used = metric_mean(r, s.name + ".person_years");
      if (!std::isfinite(funded) || funded <= 0.0 || !std::isfinite(used)) continue;
      const double share = std::min(1.0, used / funded);
      const std::string label = html_escape(plain_setting_name(results, s.name));
      rows += fmt::format(
          "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td "
          "class=\"num\">{}</td></tr>\n",
          html_escape(r.scenario.name), label, format_amount(funded), format_amount(used),
          format_percent(share));
      // A plan that funds places it cannot fill pays for them anyway: the fixed share of their cost.
      if (share < 0.6) {
        warnings += fmt::format(
            "<li><strong>{}</strong> funds {} place-years of {} but fills only {} of them: the empty places "
            "are "
            "paid for (their fixed costs) and deliver nothing. Demand, referral or the plan's capacity may "
            "need "
            "another look.</li>\n",
            html_escape(r.scenario.name), format_amount(funded), label, format_percent(share));
      }
    }
  }
  if (rows.empty()) return "";
  return "<section id=\"utilisation\">\n<h2>Funded places and their use</h2>\n" +
         (warnings.empty()
              ? std::string("<p>Every service with funded places used at least 60% of them.</p>\n")
              : "<ul class=\"warnings\">\n" + warnings + "</ul>\n") +
         "<table class=\"utilisation\">\n<thead><tr><th>Scenario</th><th>Service</th><th>Funded "
         "place-years</th><th>"
         "Used (person-years)</th><th>Utilisation</th></tr></thead>\n<tbody>\n" +
         rows + "</tbody>\n</table>\n</section>\n";
}

}  // namespace pathways
