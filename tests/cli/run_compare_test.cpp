// labels: e2e determinism
// End-to-end: `pathways run` and `compare` through the program itself, their outputs, the
// conservation identities, determinism across threads, common random numbers and bad input.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <thread>

#include "support.hpp"

namespace pathways::e2e {
namespace {

// series.csv as value[(replicate, year, metric)].
using Series = std::map<std::tuple<std::string, int, std::string>, double>;

Series read_series(const std::filesystem::path& file) {
  Series s;
  const auto rows = read_csv(file);
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const auto& r = rows[i];
    s[{r[1], std::stoi(r[2]), r[3]}] = r[4] == "NA" ? NAN : std::stod(r[4]);
  }
  return s;
}

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

TEST(RunCommand, WritesEveryOutputAndConservesPeopleAndMoney) {
  const auto out = scratch("run_small");
  const Result r = run("run " + data("small.yaml") + " --threads 2 --out " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  for (const char* f : {"manifest.json", "series.csv", "summary.csv", "retention.csv", "report.html"}) {
    EXPECT_TRUE(std::filesystem::exists(out / f)) << f;
  }
  EXPECT_FALSE(std::filesystem::exists(out / "comparison.csv"));

  const Series s = read_series(out / "series.csv");
  std::set<std::string> reps, metrics;
  std::set<int> years;
  for (const auto& [key, v] : s) {
    reps.insert(std::get<0>(key));
    years.insert(std::get<1>(key));
    metrics.insert(std::get<2>(key));
  }
  ASSERT_EQ(reps.size(), 3u);
  ASSERT_EQ(years.size(), 3u);
  const char* settings[] = {"community", "compulsory_centre", "prison",      "diversion",
                            "mmt",       "outpatient",        "residential", "aftercare"};
  const double initial_persons = 1500.0 * 20.0;
  for (const auto& rep : reps) {
    double alive_before = initial_persons;
    for (int y : years) {
      auto v = [&](const std::string& m) { return s.at({rep, y, m}); };
      // People: everyone alive is in exactly one setting.
      double in_settings = 0.0, person_years = 0.0;
      for (const char* st : settings) {
        in_settings += v(std::string(st) + ".occupancy");
        person_years += v(std::string(st) + ".person_years");
      }
      EXPECT_EQ(in_settings, v("population.alive")) << rep << " " << y;
      // Entries minus deaths balance the change in the number alive.
      EXPECT_DOUBLE_EQ(v("population.alive") - alive_before,
                       v("population.entries") - v("population.deaths"));
      alive_before = v("population.alive");
      EXPECT_DOUBLE_EQ(v("population.deaths"), v("deaths.background") + v("deaths.overdose") +
                                                   v("deaths.hiv") + v("deaths.drug_related_other"));
      // Person-time in settings adds up to life-years (both integrate the same people exactly).
      EXPECT_NEAR(person_years, v("health.life_years"), 1e-9 * person_years);
      // Money: accounts add up to the total, and so do payers, undiscounted and discounted.
      // The societal perspective adds the present value of costs after the horizon to every payer.
      double accounts = 0.0, accounts_disc = 0.0, payers = 0.0, payers_disc = 0.0, after = 0.0,
             after_disc = 0.0;
      for (const auto& m : metrics) {
        if (m.rfind("cost.", 0) != 0 || m.rfind("cost.total", 0) == 0 ||
            m.rfind("cost.perspective_", 0) == 0) {
          continue;
        }
        if (m.find(".after_horizon_usd") != std::string::npos) {
          (ends_with(m, "_discounted") ? after_disc : after) += v(m);
        } else if (m.rfind("cost.payer_", 0) == 0) {
          (ends_with(m, "_discounted") ? payers_disc : payers) += v(m);
        } else {
          (ends_with(m, "_discounted") ? accounts_disc : accounts) += v(m);
        }
      }
      EXPECT_NEAR(v("cost.perspective_societal_usd"), v("cost.total_usd") + after, 1e-9 * accounts);
      EXPECT_NEAR(v("cost.perspective_societal_usd_discounted"), v("cost.total_usd_discounted") + after_disc,
                  1e-9 * accounts);
      EXPECT_NEAR(v("cost.perspective_government_usd"),
                  v("cost.perspective_societal_usd") - v("cost.payer_households_usd"), 1e-9 * accounts);
      EXPECT_LE(v("cost.perspective_health_usd"), v("cost.perspective_government_usd"));
      EXPECT_NEAR(accounts, v("cost.total_usd"), 1e-9 * accounts);
      EXPECT_NEAR(payers, v("cost.total_usd"), 1e-9 * payers);
      EXPECT_NEAR(accounts_disc, v("cost.total_usd_discounted"), 1e-9 * accounts_disc);
      EXPECT_NEAR(payers_disc, v("cost.total_usd_discounted"), 1e-9 * payers_disc);
      EXPECT_GT(v("cost.total_usd"), 0.0);
    }
  }

  const auto manifest = nlohmann::json::parse(read_file(out / "manifest.json"));
  EXPECT_EQ(manifest["seed"], 4242);
  EXPECT_EQ(manifest["replicates"], 3);
  EXPECT_EQ(manifest["scenarios"][0]["name"], "Small test");
  EXPECT_GT(manifest["events_processed"].get<double>(), 0.0);
  EXPECT_EQ(manifest["invariant_checks_passed"], 9);
}

TEST(RunCommand, OneAndTwoThreadsGiveByteIdenticalFiles) {
  const auto a = scratch("threads_1"), b = scratch("threads_2");
  ASSERT_EQ(run("run " + data("small.yaml") + " --threads 1 --out " + a.string()).exit_code, 0);
  ASSERT_EQ(run("run " + data("small.yaml") + " --threads 2 --out " + b.string()).exit_code, 0);
  // report.html and manifest.json state the thread count and wall time, so only the data files
  // are compared.
  for (const char* f : {"series.csv", "summary.csv", "retention.csv"}) {
    EXPECT_EQ(read_file(a / f), read_file(b / f)) << f;
  }
}

TEST(CompareCommand, ALeverNobodyReachesGivesExactlyZeroDifferences) {
  const auto out = scratch("compare_unreached");
  const Result r = run("compare " + data("small.yaml") + " " + data("small_unreached_lever.yaml") +
                       " --quiet --out " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto rows = read_csv(out / "comparison.csv");
  ASSERT_GT(rows.size(), 50u);
  std::size_t checked = 0;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const auto& row = rows[i];
    if (row[1].rfind("icer.", 0) == 0 || row[1].rfind("prob_cost_effective.", 0) == 0) continue;
    for (int c : {4, 5, 6}) {
      if (row[static_cast<std::size_t>(c)] == "NA") continue;  // e.g. retention with no episodes
      EXPECT_EQ(row[static_cast<std::size_t>(c)], "0") << row[1];
    }
    ++checked;
  }
  EXPECT_GT(checked, 50u);
}

TEST(CompareCommand, APolicyDifferenceShowsInTheComparisonAndEconomics) {
  const auto out = scratch("compare_mmt");
  const Result r = run("compare " + data("small.yaml") + " " + data("small_more_mmt.yaml") +
                       " --wtp 4300 --out " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("More MMT compared with Small test"), std::string::npos) << r.output;
  std::map<std::string, std::vector<std::string>> by_metric;
  for (const auto& row : read_csv(out / "comparison.csv")) by_metric[row[1]] = row;
  ASSERT_TRUE(by_metric.count("mmt.person_years"));
  EXPECT_GT(std::stod(by_metric["mmt.person_years"][4]), 0.0);
  for (const char* m :
       {"icer.usd_per_qaly_gained", "icer.usd_per_death_averted", "icer.usd_per_hiv_infection_averted",
        "nmb.wtp_4300", "prob_cost_effective.wtp_4300"}) {
    EXPECT_TRUE(by_metric.count(m)) << m;
  }
  ASSERT_TRUE(by_metric.count("prob_cost_effective.wtp_4300"));
  // With two strategies, the alternative is optimal exactly when its paired net benefit is positive,
  // and the incremental analysis's ICER is the pairwise one.
  const auto econ = read_csv(out / "economics.csv");
  ASSERT_EQ(econ.size(), 3u);
  const auto& header = econ[0];
  const auto col = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
  };
  ASSERT_LT(col("prob_optimal_wtp_4300"), header.size());
  EXPECT_EQ(econ[2][0], "More MMT");
  EXPECT_EQ(econ[2][col("prob_optimal_wtp_4300")], by_metric["prob_cost_effective.wtp_4300"][4]);
  EXPECT_EQ(econ[1][col("perspective")], "government");
  EXPECT_EQ(econ[1][col("horizon")], "lifetime");
  const double d_cost = std::stod(econ[2][col("cost_usd")]) - std::stod(econ[1][col("cost_usd")]);
  const double d_qaly = std::stod(econ[2][col("qalys")]) - std::stod(econ[1][col("qalys")]);
  const double pairwise_icer = std::stod(by_metric["icer.usd_per_qaly_gained"][4]);
  EXPECT_NEAR(d_cost / d_qaly, pairwise_icer, 1e-6 * std::abs(pairwise_icer));
  EXPECT_TRUE(std::filesystem::exists(out / "value_of_information.csv"));
}

TEST(CompareCommand, TwoPlansOfOneNameAreRefusedBeforeAnythingRuns) {
  const auto out = scratch("compare_same_name");
  const Result r = run("compare " + data("small.yaml") + " " + data("small_more_mmt.yaml") + " " +
                       data("small_more_mmt.yaml") + " --quiet --out " + out.string());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("name: expected a name different from every other scenario"), std::string::npos)
      << r.output;
  EXPECT_FALSE(std::filesystem::exists(out));
}

TEST(CompareCommand, TextThatASpreadsheetWouldRunIsDefused) {
  // A plan named like a formula: every CSV cell holding it starts with an apostrophe inside quotes.
  const auto dir = scratch("compare_formula_in");
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "formula.yaml")
      << "extends: " << data("small_more_mmt.yaml") << "\nname: \"=HYPERLINK(\\\"http://x\\\")\"\n";
  const auto out = scratch("compare_formula");
  const Result r = run("compare " + data("small.yaml") + " " + (dir / "formula.yaml").string() +
                       " --quiet --out " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string csv = read_file(out / "comparison.csv");
  EXPECT_NE(csv.find("\n\"'=HYPERLINK(\"\"http://x\"\")\","), std::string::npos) << csv.substr(0, 400);
  EXPECT_EQ(csv.find("\n=HYPERLINK"), std::string::npos);
  const auto rows = read_csv(out / "comparison.csv");
  EXPECT_EQ(rows[1][0], "'=HYPERLINK(\"http://x\")");
}

TEST(RunCommand, ARunBeyondTheMachineIsRefusedBeforeItStarts) {
  const auto out = scratch("run_too_big");
  const Result memory =
      run("run " + data("small.yaml") + " --set parameters.population.size=900000000 --out " + out.string());
  EXPECT_EQ(memory.exit_code, 2) << memory.output;
  EXPECT_NE(memory.output.find("GiB of memory"), std::string::npos) << memory.output;
  const Result time =
      run("run " + data("small.yaml") +
          " --set parameters.population.size=1000000 --set run.years=200 --replicates 3000 --out " +
          out.string());
  EXPECT_EQ(time.exit_code, 2) << time.output;
  EXPECT_NE(time.output.find("hours on"), std::string::npos) << time.output;
  EXPECT_FALSE(std::filesystem::exists(out));
}

TEST(CompareCommand, AWillingnessToPayMustBeAFiniteNonNegativeAmount) {
  for (const char* wtp : {"nan", "inf", "-5", "1e10", "12abc"}) {
    const auto out = scratch("compare_bad_wtp");
    const Result r = run("compare " + data("small.yaml") + " " + data("small_more_mmt.yaml") +
                         " --wtp=" + wtp + " --quiet --out " + out.string());
    EXPECT_EQ(r.exit_code, 2) << wtp << "\n" << r.output;
    EXPECT_NE(r.output.find("expected a willingness to pay between 0 and 1e9"), std::string::npos)
        << r.output;
    EXPECT_FALSE(std::filesystem::exists(out)) << wtp;
  }
}

TEST(RunCommand, SeedsAreWholeNumbersThatFitAndThreadsNeverExceedTheCores) {
  for (const char* seed : {"-1", "18446744073709551616", "12x", "1e3"}) {
    const Result r = run("run " + data("small.yaml") + " --seed " + seed + " --quiet --out " +
                         scratch("run_bad_seed").string());
    EXPECT_EQ(r.exit_code, 2) << seed << "\n" << r.output;
    EXPECT_NE(r.output.find("expected a seed from 0 to 18446744073709551615"), std::string::npos) << r.output;
  }
  const auto out = scratch("run_many_threads");
  const Result r = run("run " + data("small.yaml") + " --threads 4000 --quiet --out " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output.find("TBB"), std::string::npos) << r.output;
  const auto manifest = nlohmann::json::parse(read_file(out / "manifest.json"));
  EXPECT_LE(manifest["threads"].get<int>(),
            static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
}

TEST(RunCommand, BadInputExitsTwoAndWritesNothing) {
  const auto out = scratch("bad_run");
  const Result r = run("run " + data("bad_negative_capacity.yaml") + " --out " + out.string());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("bad_negative_capacity.yaml:5:"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("mmt.capacity"), std::string::npos) << r.output;
  EXPECT_FALSE(std::filesystem::exists(out));
  for (const auto& e : std::filesystem::directory_iterator(out.parent_path())) {
    EXPECT_EQ(e.path().filename().string().find(".bad_run.tmp"), std::string::npos) << e.path();
  }
  const Result missing = run("run " + data("does_not_exist.yaml") + " --out " + out.string());
  EXPECT_EQ(missing.exit_code, 2) << missing.output;
  EXPECT_FALSE(std::filesystem::exists(out));
}

TEST(RunCommand, EveryMalformedScenarioExitsTwoWithFileAndLineAndWritesNothing) {
  // The loader's own test checks each file's exact line and key; here every one of them goes
  // through `pathways run`, which must refuse it before creating anything.
  const auto dir = std::filesystem::path(source_dir()) / "tests" / "scenario" / "bad";
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() == ".yaml") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  ASSERT_GE(files.size(), 25u);
  for (const auto& f : files) {
    const auto out = scratch("bad_each");
    const Result r = run("run " + f.string() + " --replicates 1 --out " + out.string());
    EXPECT_EQ(r.exit_code, 2) << f << "\n" << r.output;
    // FILE:LINE:COLUMN: names the offending file (or the file it extends) and a line number.
    const std::regex located(R"([A-Za-z0-9_./-]+\.yaml:[0-9]+:[0-9]+: )");
    EXPECT_TRUE(std::regex_search(r.output, located)) << f << "\n" << r.output;
    EXPECT_FALSE(std::filesystem::exists(out)) << f;
  }
  for (const auto& e : std::filesystem::directory_iterator(scratch("bad_each").parent_path())) {
    EXPECT_EQ(e.path().filename().string().find(".bad_each.tmp-"), std::string::npos) << e.path();
  }
}

}  // namespace
}  // namespace pathways::e2e
