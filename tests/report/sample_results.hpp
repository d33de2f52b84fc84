// Synthetic ensemble results with known values, shared by the report tests and the sample renderer.
#pragma once

#include <cmath>
#include <string>
#include <vector>

#include "report/results.hpp"
#include "report/writers.hpp"

namespace pathways::test {

struct SampleOptions {
  bool with_hiv = true;
  bool with_curves = true;
  bool with_alternative = true;
  std::string alternative_name = "Community treatment";
  bool saves_money_loses_health = false;  ///< the alternative costs 1.0 million less and loses 100 QALYs
};

/// Per-year values of one replicate; flows sum over the 10 years, stocks end at the last value.
inline SeriesTable sample_table(bool alt, int rep, const SampleOptions& o) {
  SeriesTable t;
  t.start_year = 2025;
  t.years = 10;
  const double r = rep;
  auto add = [&](const std::string& name, MetricKind kind, bool per_person, auto value_of_year) {
    t.metrics.push_back(MetricInfo{name, kind, per_person});
    std::vector<double> v;
    for (int y = 0; y < t.years; ++y) v.push_back(value_of_year(static_cast<double>(y)));
    t.values.push_back(v);
  };
  const auto stock = MetricKind::Stock;
  const auto flow = MetricKind::Flow;
  // Detention shrinks and treatment grows in the alternative, from 2027 on.
  add("compulsory_centre.occupancy", stock, true, [&](double y) {
    return alt ? std::max(200.0, 2000.0 - 250.0 * std::max(0.0, y - 2)) + 40 * r * (1 + 0.3 * y)
               : 2000.0 + 40 * r + 5 * y;
  });
  add("prison.occupancy", stock, true, [&](double y) { return 800.0 + 10 * r + (alt ? -20 * y : 10 * y); });
  add("mmt.occupancy", stock, true,
      [&](double y) { return 1500.0 + 60 * r + (alt ? (400 + 25 * r) * y : 50 * y); });
  add("outpatient.occupancy", stock, true, [&](double y) { return 300.0 + 5 * r + (alt ? 80 * y : 5 * y); });
  add("residential.occupancy", stock, true, [&](double y) { return 100.0 + r + (alt ? 10 * y : 0); });
  add("diversion.occupancy", stock, true, [&](double y) { return alt ? 50 * y + r : 0.0; });
  add("aftercare.occupancy", stock, true, [&](double y) { return 50.0 + (alt ? 20 * y : 0) + r; });
  add("community.occupancy", stock, true, [&](double) { return 40000.0; });
  // The totals the model hub records over classes of settings (sums of the lines above).
  const auto sum_of = [&](std::initializer_list<const char*> names) {
    std::vector<double> v(10, 0.0);
    for (const char* n : names) {
      const long i = t.find(std::string(n) + ".occupancy");
      for (int y = 0; y < 10; ++y)
        v[static_cast<std::size_t>(y)] += t.values[static_cast<std::size_t>(i)][static_cast<std::size_t>(y)];
    }
    return v;
  };
  const auto detained = sum_of({"compulsory_centre", "prison"});
  add("detention.occupancy", stock, true, [&](double y) { return detained[static_cast<std::size_t>(y)]; });
  const auto treated = sum_of({"mmt", "outpatient", "residential", "diversion", "aftercare"});
  add("treatment.occupancy", stock, true, [&](double y) { return treated[static_cast<std::size_t>(y)]; });
  add("detention.person_years", flow, true, [&](double) { return alt ? 900.0 : 1500.0; });
  add("compulsory_centre.person_years", flow, true, [&](double) { return alt ? 400.0 : 1000.0; });
  add("prison.person_years", flow, true, [&](double) { return 500.0; });
  add("cost.compulsory_centre_usd", flow, true,
      [&](double) { return (alt ? 200000.0 : 500000.0) + 1000 * r; });
  add("cost.prison_usd", flow, true, [&](double) { return 300000.0 + 1000 * r; });
  add("cost.mmt_usd", flow, true, [&](double) { return (alt ? 600000.0 : 150000.0) + 1000 * r; });
  add("cost.outpatient_usd", flow, true, [&](double) { return alt ? 100000.0 : 20000.0; });
  add("cost.justice.arrest_usd", flow, true, [&](double) { return alt ? 20000.0 : 60000.0; });
  add("cost.total_usd", flow, true, [&](double) { return alt ? 1220000.0 : 1030000.0; });
  add("cost.mmt_usd_discounted", flow, true, [&](double) { return 1.0; });
  add("cost.payer_health_usd", flow, true, [&](double) { return 1.0; });
  // Discounted totals: baseline 10.0-10.4 million, alternative 12.0-12.6 million over the horizon.
  add("cost.perspective_government_usd_discounted", flow, true, [&](double) { return 1e6 + 1e4 * r; });
  if (alt) t.values.back() = std::vector<double>(10, 1.2e6 + 1.5e4 * r);
  if (alt && o.saves_money_loses_health) t.values.back() = std::vector<double>(10, 0.9e6 + 1e4 * r);
  add("health.lifetime_qalys_discounted", flow, true, [&](double) {
    if (alt && o.saves_money_loses_health) return 4990.0 + r;
    return alt ? 5040.0 + 3 * r : 5000.0 + r;
  });
  add("overdose.deaths", flow, true, [&](double) { return (alt ? 80.0 : 100.0) + r; });
  add("population.deaths", flow, true, [&](double) { return (alt ? 300.0 : 320.0) + r; });
  add("justice.arrests", flow, true, [&](double) { return alt ? 900.0 : 3000.0; });
  add("mmt.retention_12m", stock, false, [&](double) { return (alt ? 0.55 : 0.40) + 0.01 * r; });
  add("mmt.waitlist", stock, true, [&](double y) { return alt ? 100.0 : 600.0 + 20 * y; });
  if (o.with_hiv) {
    add("hiv.incidence_per_100py_pwid", stock, false,
        [&](double y) { return alt ? 2.0 - 0.12 * y + 0.05 * r : 2.0 + 0.02 * y + 0.05 * r; });
    // The same on average in both scenarios, but not in each replicate: a difference spanning zero.
    add("hiv.infections", flow, true, [&](double) { return alt ? 200.0 + 3.0 * (r - 2) : 200.0; });
  }
  if (o.with_curves) {
    for (const std::string setting : {"mmt", "outpatient"}) {
      Curve c{"retention." + setting, {}, {}};
      const double rate = (setting == "mmt" ? 0.04 : 0.09) * (alt ? 0.8 : 1.0) * (1.0 + 0.05 * r);
      for (int m = 0; m <= 36; ++m) {
        c.x.push_back(m * 365.25 / 12.0);
        c.y.push_back(std::exp(-rate * m));
      }
      t.curves.push_back(c);
    }
  }
  return t;
}

inline ScenarioResults sample_scenario(bool alt, const SampleOptions& o) {
  ScenarioResults r;
  r.scenario.name = alt ? o.alternative_name : "Status quo";
  r.scenario.description =
      alt ? "Voluntary community-based treatment replaces compulsory detention from 2027."
          : "Compulsory drug detention continues as today.";
  r.scenario.run.start_year = 2025;
  r.scenario.run.years = 10;
  r.scenario.run.scale = 10.0;
  r.scenario.replicates = 5;
  r.scenario.seed = 42;
  r.scenario.declarations = declarations_of(standard_modules());
  r.scenario.uncertain.push_back(
      UncertainParam{"mmt.dropout_rate_per_year", "beta", {0.3, 0.05}, "seed_facts.csv id 7"});
  for (int rep = 0; rep < 5; ++rep) r.replicates.push_back(sample_table(alt, rep, o));
  return r;
}

inline std::vector<ScenarioResults> sample_results(const SampleOptions& o = {}) {
  std::vector<ScenarioResults> out{sample_scenario(false, o)};
  if (o.with_alternative) out.push_back(sample_scenario(true, o));
  return out;
}

inline RunInfo sample_info(std::size_t scenarios) {
  RunInfo info;
  info.command = scenarios > 1 ? "compare" : "run";
  info.seed = 42;
  info.threads = 4;
  info.replicates = 5;
  info.wall_seconds = 12.5;
  info.events = 1234567;
  info.invariant_checks = 100;
  info.invariants = {"conservation of people"};
  info.economics.wtp_usd_per_qaly = {5000.0, 15000.0};
  info.economics.headline_wtp = 5000.0;
  return info;
}

}  // namespace pathways::test
