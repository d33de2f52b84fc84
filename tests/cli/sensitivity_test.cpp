// labels: e2e
// `pathways sensitivity` and `compare --sensitivity`: each low and high run is exactly the run a
// user would get by setting the parameter with --set (same seed, same replicates), a parameter
// nobody reaches moves nothing, and bad requests are refused before anything runs.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "cli/support.hpp"

namespace pathways::e2e {
namespace {

using Rows = std::vector<std::vector<std::string>>;

/// sensitivity.csv rows by (metric, parameter) for one scenario.
std::map<std::pair<std::string, std::string>, std::vector<std::string>> by_metric_parameter(
    const Rows& rows) {
  std::map<std::pair<std::string, std::string>, std::vector<std::string>> out;
  for (std::size_t i = 1; i < rows.size(); ++i) out[{rows[i][1], rows[i][2]}] = rows[i];
  return out;
}

TEST(Sensitivity, LowAndHighRunsEqualRunsWithTheParameterSet) {
  const auto out = scratch("sensitivity_small");
  const Result r = run("sensitivity " + data("small.yaml") + " " + data("small_more_mmt.yaml") +
                       " --parameter drug_use.opioid.relapse_rate_per_year=0.5:2" +
                       " --parameter compulsory_centre.closing_cost_usd_per_place=0:100" +
                       " --wtp 4300 --quiet --out " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto rows = by_metric_parameter(read_csv(out / "sensitivity.csv"));
  const std::string cost = "diff:cost.perspective_government_usd_discounted";
  ASSERT_TRUE(rows.count({cost, "drug_use.opioid.relapse_rate_per_year"}));
  const auto& relapse = rows.at({cost, "drug_use.opioid.relapse_rate_per_year"});
  // Columns: scenario, metric, parameter, source, assumption, low, high, base, at_low, at_high, swing.
  EXPECT_EQ(relapse[5], "0.5");
  EXPECT_EQ(relapse[6], "2");
  EXPECT_NE(relapse[8], relapse[9]);

  // The same comparison with the parameter set by hand gives the same mean difference, bit for bit.
  const auto low = scratch("sensitivity_small_low");
  const Result c =
      run("compare " + data("small.yaml") + " " + data("small_more_mmt.yaml") +
          " --set parameters.drug_use.opioid.relapse_rate_per_year=0.5 --quiet --out " + low.string());
  ASSERT_EQ(c.exit_code, 0) << c.output;
  std::string diff;
  for (const auto& row : read_csv(low / "comparison.csv")) {
    if (row[1] == "cost.perspective_government_usd_discounted") diff = row[4];
  }
  EXPECT_EQ(diff, relapse[8]);

  // No one closes a centre in either scenario: its closing cost moves no outcome at all.
  for (const auto& [key, row] : rows) {
    if (key.second != "compulsory_centre.closing_cost_usd_per_place") continue;
    EXPECT_EQ(row[8], row[7]) << key.first;
    EXPECT_EQ(row[9], row[7]) << key.first;
    EXPECT_EQ(row[10], "0") << key.first;
  }
  // The report shows a tornado for the alternative.
  const std::string html = read_file(out / "report.html");
  EXPECT_NE(html.find("<section id=\"sensitivity\">"), std::string::npos);
  EXPECT_NE(html.find("Tornado chart of"), std::string::npos);
}

TEST(Sensitivity, CompareWithSensitivityAddsItToTheComparison) {
  const auto out = scratch("compare_sensitivity");
  const Result r = run(
      "compare " + data("small.yaml") + " " + data("small_more_mmt.yaml") +
      " --sensitivity --parameter drug_use.opioid.relapse_rate_per_year=0.5:2 --quiet --out " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  for (const char* f :
       {"comparison.csv", "economics.csv", "sensitivity.csv", "report.html", "manifest.json"}) {
    EXPECT_TRUE(std::filesystem::exists(out / f)) << f;
  }
  // The base case of the one-way analysis is the comparison itself (no parameter is drawn).
  const auto rows = by_metric_parameter(read_csv(out / "sensitivity.csv"));
  std::string diff;
  for (const auto& row : read_csv(out / "comparison.csv")) {
    if (row[1] == "population.deaths") diff = row[4];
  }
  EXPECT_EQ(rows.at({"diff:population.deaths", "drug_use.opioid.relapse_rate_per_year"})[7], diff);
}

TEST(Sensitivity, MapEntriesAndListElementsCanBeVaried) {
  const auto out = scratch("sensitivity_entries");
  const Result r = run("sensitivity " + data("small.yaml") +
                       " --parameter \"health.setting_utility_multiplier[detention]=0.8:1\" --quiet --out " +
                       out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto rows = by_metric_parameter(read_csv(out / "sensitivity.csv"));
  // A single scenario: its own QALYs, lower when detention is valued lower.
  const auto& q =
      rows.at({"health.lifetime_qalys_discounted", "health.setting_utility_multiplier[detention]"});
  EXPECT_LT(std::stod(q[8]), std::stod(q[9]));
}

TEST(Sensitivity, RangesDeclaredInTheScenarioAreVariedWithoutOptions) {
  const auto out = scratch("sensitivity_declared");
  const Result r = run("sensitivity " + data("small_sensitivity.yaml") + " --quiet --out " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto rows = by_metric_parameter(read_csv(out / "sensitivity.csv"));
  const auto& q =
      rows.at({"health.lifetime_qalys_discounted", "health.setting_utility_multiplier[detention]"});
  EXPECT_EQ(q[3], "test range");
  EXPECT_EQ(q[5], "0.8");
  EXPECT_EQ(q[6], "0.95");
  // No source given: flagged as an assumption.
  EXPECT_EQ(rows.at({"health.lifetime_qalys_discounted", "drug_use.opioid.relapse_rate_per_year"})[4],
            "true");
}

TEST(Sensitivity, BadRequestsExitTwoAndWriteNothing) {
  const auto out = scratch("sensitivity_bad");
  const struct {
    std::string args, message;
  } cases[] = {
      {"", "no parameter to vary"},
      {"--parameter mmt.capacity", "expected KEY=LOW:HIGH"},
      {"--parameter no.such_key=0:1", "no.such_key: expected a number or lever parameter"},
      {"--parameter drug_use.opioid.relapse_rate_per_year=2:1", "LOW < HIGH"},
      {"--parameter \"health.setting_utility_multiplier[nowhere]=0:1\"", "expected an entry of the map"},
      {"--parameter drug_use.opioid.relapse_rate_per_year=0:1e9", "expected a range within"},
  };
  for (const auto& c : cases) {
    const Result r = run("sensitivity " + data("small.yaml") + " " + c.args + " --out " + out.string());
    EXPECT_EQ(r.exit_code, 2) << c.args << "\n" << r.output;
    EXPECT_NE(r.output.find(c.message), std::string::npos) << c.args << "\n" << r.output;
    EXPECT_FALSE(std::filesystem::exists(out)) << c.args;
  }
}

}  // namespace
}  // namespace pathways::e2e
