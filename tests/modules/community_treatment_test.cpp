// labels: unit statistical
// Tests of service.community_treatment: completion against dropout, aftercare referral, routing, capacity.
#include <gtest/gtest.h>

#include <cmath>

#include "model/model.hpp"
#include "support/model_run.hpp"

namespace pathways {
namespace {

using testing::params_for;
using testing::run_once;
using testing::total;
using testing::value;

struct Cohort {
  std::size_t n = 4000;
  Setting setting = Setting::Community;
  Stage stage = Stage::Dependent;
  std::uint8_t substance = kMethamphetamine;
};
Cohort g_cohort;

class CohortModule final : public Module {
 public:
  void init(Simulation&) override {}
  void start(Simulation& sim) override {
    Model& m = model_of(sim);
    sim.add_agents(g_cohort.n, [&](AgentId first, std::size_t n) {
      for (AgentId a = first; a < first + n; ++a) {
        (*m.people.stage)[a] = static_cast<std::uint8_t>(g_cohort.stage);
        (*m.people.substance)[a] = g_cohort.substance;
        m.place_initial(a, g_cohort.setting, 0.0);
      }
    });
  }
  void handle(Simulation&, const Event&) override {}
};
const ModuleRegistration cohort_registration{ModuleInfo{
    "test.community_treatment_cohort", "test cohort", {}, [] { return std::unique_ptr<Module>(new CohortModule()); }}};

const std::vector<std::string> kModules = {"model.settings", "test.community_treatment_cohort",
                                           "process.harm_reduction", "service.community_treatment"};

/// Four binomial standard errors of a share p estimated from n people: 4 sqrt(p (1 - p) / n).
double four_se(double p, double n) { return 4.0 * std::sqrt(p * (1.0 - p) / n); }

void no_seeking(ParamValues& v) {
  v.set_list("outpatient.seeking_rate_per_year", {0.0, 0.0});
  v.set_list("residential.seeking_rate_per_year", {0.0, 0.0});
}

// Completion of a 90-day programme against a constant dropout hazard h: P = exp(-h 90 / 365.25).
TEST(CommunityTreatment, OutpatientCompletionAndRemission) {
  g_cohort = Cohort{20000, Setting::Outpatient};
  const auto t = run_once(kModules, params_for(kModules, no_seeking), 1, 0, 1);
  const double n = 20000, p = std::exp(-1.5 * 90.0 / kDaysPerYear);
  const double completions = value(t, "outpatient.completions", 0);
  EXPECT_NEAR(completions / n, p, four_se(p, n));
  EXPECT_EQ(completions + value(t, "outpatient.dropouts", 0), n);
  EXPECT_EQ(value(t, "outpatient.occupancy", 0), 0.0);
  EXPECT_NEAR(value(t, "outpatient.completers_in_remission", 0) / completions, 0.47, four_se(0.47, completions));
}

TEST(CommunityTreatment, ResidentialCompletersGoToAftercare) {
  g_cohort = Cohort{5000, Setting::Residential};
  const auto t = run_once(kModules, params_for(kModules, no_seeking), 2, 0, 2);
  const double completions = value(t, "residential.completions", 0);
  const double p = std::exp(-0.8 * 180.0 / kDaysPerYear);
  EXPECT_NEAR(completions / 5000.0, p, four_se(p, 5000));
  EXPECT_EQ(value(t, "aftercare.admissions", 0), completions);
  // Aftercare: completion of 180 days against hazard 1 per year, all ended by the end of year 2.
  const double pa = std::exp(-1.0 * 180.0 / kDaysPerYear);
  EXPECT_NEAR(total(t, "aftercare.completions") / completions, pa, four_se(pa, completions));

  // Without aftercare places the completers go home, still counted as completions.
  auto p0 = params_for(kModules, [](ParamValues& v) {
    no_seeking(v);
    v.set_lever("aftercare.capacity", Lever::constant(0.0));
  });
  const auto t0 = run_once(kModules, p0, 2, 0, 1);
  EXPECT_EQ(value(t0, "aftercare.admissions", 0), 0.0);
  EXPECT_EQ(value(t0, "aftercare.turned_away", 0), value(t0, "residential.completions", 0));
  EXPECT_GT(value(t0, "residential.completions", 0), 0.0);
}

// Seeking: total hazard r_out + r_res times the outreach lever; the outpatient share of
// admissions is r_out / (r_out + r_res). No exits (dropout 0, long programmes).
TEST(CommunityTreatment, SeekingRoutingAndOutreachLever) {
  g_cohort = Cohort{20000, Setting::Community};
  for (double m : {1.0, 2.0}) {
    auto p = params_for(kModules, [&](ParamValues& v) {
      v.set_list("outpatient.seeking_rate_per_year", {0.0, 0.3});
      v.set_list("residential.seeking_rate_per_year", {0.0, 0.1});
      v.set_number("outpatient.dropout_rate_per_year", 0.0);
      v.set_number("residential.dropout_rate_per_year", 0.0);
      v.set_number("outpatient.duration_days", 3000);
      v.set_number("residential.duration_days", 3000);
      v.set_lever("harm_reduction.outreach_multiplier", Lever::constant(m));
    });
    const auto t = run_once(kModules, p, 3, 0, 1);
    const double out = value(t, "outpatient.admissions", 0), res = value(t, "residential.admissions", 0);
    const double expect = 1.0 - std::exp(-0.4 * m * 365.0 / kDaysPerYear);
    EXPECT_NEAR((out + res) / 20000.0, expect, four_se(expect, 20000)) << "m=" << m;
    EXPECT_NEAR(out / (out + res), 0.75, four_se(0.75, out + res)) << "m=" << m;
  }
  // Opioid users in this set-up do not seek (rate 0 for opioids).
  g_cohort = Cohort{2000, Setting::Community, Stage::Dependent, kOpioid};
  auto p = params_for(kModules, [](ParamValues& v) { v.set_list("outpatient.seeking_rate_per_year", {0.0, 5.0}); });
  const auto t = run_once(kModules, p, 3, 0, 1);
  EXPECT_EQ(value(t, "outpatient.admissions", 0), 0.0);
}

// Capacity in persons with a step lever: no places in 2025, 100 persons from 2026 at scale 2.
TEST(CommunityTreatment, CapacityLeverAndTurnedAway) {
  g_cohort = Cohort{4000, Setting::Community};
  auto p = params_for(kModules, [](ParamValues& v) {
    v.set_list("outpatient.seeking_rate_per_year", {0.0, 3.0});
    v.set_list("residential.seeking_rate_per_year", {0.0, 0.0});
    v.set_lever("outpatient.capacity",
                Lever{{0.0, Calendar{2025}.year_start(2026)}, {0.0, 100.0}, Interpolation::Step});
  });
  const auto t = run_once(kModules, p, 4, 0, 3, 2025, 2.0);
  EXPECT_EQ(value(t, "outpatient.admissions", 0), 0.0);
  EXPECT_GT(value(t, "outpatient.turned_away", 0), 0.0);
  for (int y = 1; y < 3; ++y) {
    EXPECT_LE(value(t, "outpatient.occupancy", y), 100.0);
    EXPECT_GE(value(t, "outpatient.occupancy", y), 90.0);
    EXPECT_GT(value(t, "outpatient.turned_away", y), 0.0);
  }
}

TEST(CommunityTreatment, ResidentialCapacityLever) {
  g_cohort = Cohort{2000, Setting::Community};
  for (double cap : {0.0, 1e9}) {
    auto p = params_for(kModules, [&](ParamValues& v) {
      v.set_list("outpatient.seeking_rate_per_year", {0.0, 0.0});
      v.set_list("residential.seeking_rate_per_year", {0.0, 1.0});
      v.set_lever("residential.capacity", Lever::constant(cap));
    });
    const auto t = run_once(kModules, p, 5, 0, 1);
    if (cap == 0.0) {
      EXPECT_EQ(value(t, "residential.admissions", 0), 0.0);
      EXPECT_GT(value(t, "residential.turned_away", 0), 0.0);
    } else {
      EXPECT_GT(value(t, "residential.admissions", 0), 1000.0);  // 1 - exp(-1) = 63% of 2000
      EXPECT_EQ(value(t, "residential.turned_away", 0), 0.0);
    }
  }
}

TEST(CommunityTreatment, ReferralAdmitsFromDetentionAsRelease) {
  g_cohort = Cohort{0, Setting::Community};
  RunConfig c;
  c.modules = kModules;
  c.years = 1;
  auto p = params_for(kModules, no_seeking);
  Simulation sim(c, p);
  Model& m = model_of(sim);
  sim.add_agents(1, [&](AgentId first, std::size_t) {
    (*m.people.stage)[first] = static_cast<std::uint8_t>(Stage::Remission);
    m.place_initial(first, Setting::Prison, 0.0);
  });
  EXPECT_TRUE(m.admit(sim, 0, Setting::Outpatient, Referral::Release));
  EXPECT_EQ(m.people.setting_of(0), Setting::Outpatient);
  EXPECT_FALSE(m.admit(sim, 0, Setting::Outpatient, Referral::Court));  // already there
  const auto t = sim.run();
  EXPECT_EQ(value(t, "outpatient.admissions", 0), 1.0);
}

}  // namespace
}  // namespace pathways
