// labels: e2e
// `validate` and `run` accept exactly the same files (issue 11): over every scenario fixture, good and
// bad, and every country pack, a file validate accepts runs, and a file it rejects is rejected by
// run too, with the same located message and nothing written. Also: a setting declared in YAML alone
// reaches every output and the report.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "support.hpp"

namespace pathways::e2e {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> scenario_files() {
  std::vector<fs::path> out;
  const fs::path src = source_dir();
  for (const char* dir : {"tests/scenario/good", "tests/scenario/bad", "tests/cli/data"}) {
    for (const auto& e : fs::directory_iterator(src / dir)) {
      if (e.path().extension() == ".yaml") out.push_back(e.path());
    }
  }
  for (const auto& country : fs::directory_iterator(src / "scenarios")) {
    if (!country.is_directory()) continue;
    for (const auto& e : fs::directory_iterator(country.path())) {
      if (e.path().extension() == ".yaml") out.push_back(e.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(ValidateAndRun, AcceptExactlyTheSameFiles) {
  const auto files = scenario_files();
  ASSERT_GT(files.size(), 60u);
  std::size_t accepted = 0;
  for (const auto& f : files) {
    const std::string set = " --set run.years=1";
    const Result v = run("validate " + f.string() + set);
    const auto out = scratch("agreement");
    const Result r = run("run " + f.string() + set + " --replicates 1 --quiet --out " + out.string());
    EXPECT_TRUE(v.exit_code == 0 || v.exit_code == 2) << f << "\n" << v.output;
    EXPECT_EQ(r.exit_code, v.exit_code) << f << "\nvalidate:\n" << v.output << "\nrun:\n" << r.output;
    if (v.exit_code == 0) {
      ++accepted;
      EXPECT_TRUE(fs::exists(out / "manifest.json")) << f;
    } else {
      EXPECT_FALSE(fs::exists(out)) << f;
      // The first problem validate reports is the first problem run reports.
      const auto first_line = [](const std::string& s) { return s.substr(0, s.find('\n')); };
      EXPECT_EQ(first_line(r.output), first_line(v.output)) << f;
    }
  }
  // Fixtures of test-only modules (test.scenario) are rejected by both: the program does not link them.
  EXPECT_GE(accepted, 12u);
}

TEST(DeclaredSetting, AppearsInEveryOutputAndTheReportWithPeopleConserved) {
  const auto out = scratch("declared_setting");
  const std::string file = source_dir() + "/tests/scenario/good/declared_setting.yaml";
  const Result r = run("run " + file + " --replicates 2 --quiet --out " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto rows = read_csv(out / "series.csv");
  std::map<std::pair<std::string, std::string>, double> v;  // (replicate, metric) in the last year
  double admissions = 0.0;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const double x = rows[i][4] == "NA" ? NAN : std::stod(rows[i][4]);
    if (rows[i][3] == "community_rehabilitation.admissions") admissions += x;
    if (rows[i][2] == "2027") v[{rows[i][1], rows[i][3]}] = x;
  }
  EXPECT_GT(admissions, 0.0);
  for (const char* rep : {"0", "1"}) {
    // Everyone alive is in exactly one setting, the declared one included.
    double in_settings = 0.0;
    for (const char* s : {"community", "compulsory_centre", "prison", "diversion", "outpatient",
                          "residential", "aftercare", "mmt", "community_rehabilitation"}) {
      in_settings += v.at({rep, std::string(s) + ".occupancy"});
    }
    EXPECT_NEAR(in_settings, v.at({rep, "population.alive"}), 1e-6) << rep;
    EXPECT_GT(v.count({rep, "hiv.infections_in_community_rehabilitation"}), 0u);
  }
  const std::string report = read_file(out / "report.html");
  EXPECT_NE(report.find("Community rehabilitation order"), std::string::npos);
  const std::string retention = read_file(out / "retention.csv");
  EXPECT_NE(retention.find(",community_rehabilitation,"), std::string::npos);
}

}  // namespace
}  // namespace pathways::e2e
