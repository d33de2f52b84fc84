// labels: e2e
// Every country pack: its files validate without borrowing another country's defaults, its
// comparison runs at a small size, people and money are conserved in every replicate and year, and
// each plan changes what it claims to change (tests/cli/data/pack_claims/<country>.csv).
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <tuple>

#include "support.hpp"

namespace pathways::e2e {
namespace {

std::vector<std::string> countries() {
  std::vector<std::string> out;
  for (const auto& dir : std::filesystem::directory_iterator(source_dir() + "/scenarios")) {
    if (std::filesystem::exists(dir.path() / "baseline.yaml")) out.push_back(dir.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> yaml_files(const std::filesystem::path& dir) {
  std::vector<std::string> files;
  for (const auto& f : std::filesystem::directory_iterator(dir)) {
    if (f.path().extension() == ".yaml") files.push_back(f.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(ScenarioPacks, EveryFileValidatesWithoutBorrowedDefaults) {
  std::vector<std::string> files = yaml_files(source_dir() + "/scenarios/region");
  for (const auto& c : countries()) {
    for (const auto& f : yaml_files(source_dir() + "/scenarios/" + c)) files.push_back(f);
  }
  ASSERT_GE(files.size(), 12u);
  std::string args = "validate";
  for (const auto& f : files) args += " " + f;
  const Result r = run(args);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  for (const auto& f : files) {
    EXPECT_NE(r.output.find(f + ": ok"), std::string::npos) << f;
    // The regional layer is not a country: it is the one file allowed to rely on Viet Nam's defaults.
    if (f.find("/scenarios/region/") == std::string::npos) {
      EXPECT_EQ(r.output.find(f + ": warning"), std::string::npos) << f << " borrows defaults:\n" << r.output;
    }
  }
}

TEST(ScenarioPacks, AtLeastEightCountries) {
  EXPECT_GE(countries().size(), 8u);
}

/// Per (scenario, replicate, year): metric -> value, from series.csv.
using Series = std::map<std::tuple<std::string, std::string, int>, std::map<std::string, double>>;

Series read_series(const std::filesystem::path& p) {
  Series s;
  const auto rows = read_csv(p);
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const auto& r = rows[i];
    if (r[4] == "NA") continue;
    s[{r[0], r[1], std::stoi(r[2])}][r[3]] = std::stod(r[4]);
  }
  return s;
}

void expect_conservation(const Series& series, const std::string& country) {
  std::map<std::pair<std::string, std::string>, double> alive_before;
  for (const auto& [key, m] : series) {
    const auto& [scenario, replicate, year] = key;
    const std::string where =
        country + " / " + scenario + " / replicate " + replicate + " / " + std::to_string(year);
    // People: the year's alive = last year's + entries - deaths (the first year starts from the
    // initial population, read back from the first year's own balance, so years after it are checked).
    const double alive = m.at("population.alive");
    const double balance = m.at("population.entries") - m.at("population.deaths");
    const auto prev = alive_before.find({scenario, replicate});
    if (prev != alive_before.end()) {
      EXPECT_NEAR(alive, prev->second + balance, 1e-6) << where;
    }
    alive_before[{scenario, replicate}] = alive;
    // Deaths by cause add up to all deaths.
    EXPECT_NEAR(m.at("deaths.background") + m.at("deaths.overdose") + m.at("deaths.hiv") +
                    m.at("deaths.drug_related_other"),
                m.at("population.deaths"), 1e-6)
        << where;
    // Money: what each payer pays adds up to the societal total of the year.
    const double payers = m.at("cost.payer_health_usd") + m.at("cost.payer_social_usd") +
                          m.at("cost.payer_justice_usd") + m.at("cost.payer_public_security_usd") +
                          m.at("cost.payer_households_usd");
    EXPECT_NEAR(payers, m.at("cost.total_usd"), 1e-6 * std::max(1.0, std::abs(payers))) << where;
  }
}

// Six years reach every lever knot the plans phase in (2025-2030); two replicates keep it quick.
TEST(ScenarioPacks, EachComparisonRunsConservesAndKeepsItsClaims) {
  for (const auto& country : countries()) {
    const std::string dir = source_dir() + "/scenarios/" + country + "/";
    std::string args = "compare " + dir + "baseline.yaml";
    for (const auto& f : yaml_files(dir)) {
      if (f != dir + "baseline.yaml") args += " " + f;
    }
    const auto out = scratch("pack_" + country);
    const Result r = run(args + " --set run.years=6 --replicates 2 --quiet --out " + out.string());
    ASSERT_EQ(r.exit_code, 0) << country << "\n" << r.output;
    expect_conservation(read_series(out / "series.csv"), country);

    // The plans' claims: the mean difference from the baseline has the stated sign.
    const auto claims = read_csv(data("pack_claims/" + country + ".csv"));
    ASSERT_GE(claims.size(), 3u) << country << ": at least one claim for each of two plans";
    const auto comparison = read_csv(out / "comparison.csv");
    for (std::size_t i = 1; i < claims.size(); ++i) {
      const std::string& plan = claims[i][0];
      const std::string& metric = claims[i][1];
      const std::string& direction = claims[i][2];
      ASSERT_TRUE(direction == "up" || direction == "down") << country << ": " << direction;
      // The plan's scenario name is its `name:` line.
      const std::string yaml = read_file(dir + plan);
      const auto at = yaml.find("\nname: ");
      ASSERT_NE(at, std::string::npos) << dir + plan;
      std::string name = yaml.substr(at + 7, yaml.find('\n', at + 7) - at - 7);
      if (name.size() > 1 && name.front() == '"' && name.back() == '"')
        name = name.substr(1, name.size() - 2);
      bool found = false;
      for (const auto& row : comparison) {
        if (row.size() < 5 || row[0] != name || row[1] != metric) continue;
        found = true;
        const double diff = std::stod(row[4]);
        EXPECT_TRUE(direction == "up" ? diff > 0 : diff < 0)
            << country << " / " << plan << ": " << metric << " expected " << direction << ", difference "
            << diff;
      }
      EXPECT_TRUE(found) << country << " / " << plan << " (" << name << "): no " << metric
                         << " in comparison.csv";
    }
    // The packs propagate calibrated uncertainty, and the report and manifest say so.
    if (read_file(dir + "baseline.yaml").find("\nparameters_from:") != std::string::npos) {
      EXPECT_NE(read_file(out / "report.html").find("calibrated posterior"), std::string::npos) << country;
      EXPECT_NE(read_file(out / "manifest.json").find("\"parameters_from\""), std::string::npos) << country;
    }
  }
}

}  // namespace
}  // namespace pathways::e2e
