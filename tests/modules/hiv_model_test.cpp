// labels: determinism unit
// The HIV modules inside the full standard model: runs (the hub checks conservation every year), gives
// sensible cascade and prevalence figures, and the same bytes for 1 and 2 threads.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "core/ensemble.hpp"
#include "support/model_run.hpp"

namespace pathways {
namespace {

using testing::params_for;
using testing::run_once;
using testing::total;
using testing::value;

/// Every registered module except examples and tests (what `pathways run` uses by default).
std::vector<std::string> standard(bool with_hiv) {
  std::vector<std::string> out;
  for (const auto& m : registered_modules()) {
    if (m.type.rfind("example.", 0) == 0 || m.type.rfind("test.", 0) == 0) continue;
    if (!with_hiv && m.type.rfind("process.hiv_", 0) == 0) continue;
    out.push_back(m.type);
  }
  return out;
}

ParamValues small(const std::vector<std::string>& modules, double agents) {
  return params_for(modules, [&](ParamValues& v) {
    v.set_number("population.size", agents);
    v.set_lever("population.initiation_rate_per_year", Lever::constant(agents * 0.05));
  });
}

TEST(HivModel, RunsInsideTheStandardModel) {
  const auto modules = standard(true);
  const auto t = run_once(modules, small(modules, 5000), 3, 0, 5);
  // Initial prevalence among people who inject is 10%: the year-0 stock is near it (4 binomial SEs over
  // about 2,000 people who inject, plus the year's drift).
  EXPECT_NEAR(value(t, "hiv.prevalence_pwid", 0), 0.10, 0.04);
  if (std::getenv("PATHWAYS_HIV_PRINT")) {  // a quick look at the HIV outputs of the standard model
    for (std::size_t m = 0; m < t.metrics.size(); ++m) {
      if (t.metrics[m].name.rfind("hiv.", 0) != 0 && t.metrics[m].name.rfind("cost.hiv", 0) != 0 &&
          t.metrics[m].name != "deaths.hiv" && t.metrics[m].name != "population.alive")
        continue;
      std::printf("%-40s", t.metrics[m].name.c_str());
      for (double x : t.values[m]) std::printf(" %10.4g", x);
      std::printf("\n");
    }
  }
  EXPECT_GT(total(t, "hiv.infections"), 0);
  EXPECT_GT(total(t, "hiv.tests"), 0);
  EXPECT_GT(total(t, "deaths.hiv"), 0);
  EXPECT_GT(total(t, "cost.hiv.art_usd"), 0);
  for (int y = 0; y < 5; ++y) {
    for (const char* m :
         {"hiv.share_diagnosed", "hiv.share_on_art", "hiv.share_suppressed", "hiv.prevalence"}) {
      EXPECT_GT(value(t, m, y), 0.0) << m;
      EXPECT_LT(value(t, m, y), 1.0) << m;
    }
    EXPECT_LE(value(t, "hiv.suppressed", y), value(t, "hiv.on_art", y));
    EXPECT_LE(value(t, "hiv.on_art", y), value(t, "hiv.diagnosed", y));
    EXPECT_LE(value(t, "hiv.diagnosed", y), value(t, "hiv.living", y));
    EXPECT_EQ(value(t, "hiv.infections", y),
              value(t, "hiv.infections_injecting", y) + value(t, "hiv.infections_sexual", y));
  }
}

std::vector<SeriesTable> ensemble(int threads) {
  const auto modules = standard(true);
  const ParamValues p = small(modules, 3000);
  return run_jobs<SeriesTable>(4, threads, [&](std::size_t r) { return run_once(modules, p, 9, r, 5); });
}

using testing::identical;

TEST(HivModel, OneAndTwoThreadsGiveIdenticalBytes) {
  const auto one = ensemble(1), two = ensemble(2);
  EXPECT_TRUE(identical(one, two));
  EXPECT_GT(total(one[0], "hiv.infections"), 0);
  EXPECT_NE(one[0].values, one[1].values);
}

}  // namespace
}  // namespace pathways
