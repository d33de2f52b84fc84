// labels: oracle statistical
// process.hiv_cascade against closed forms: stage durations, HIV mortality with and without ART, testing
// rates (with the facility testing lever), diagnosis, ART cost (exact), ART interruption on entering
// prison or a compulsory centre and both continuity levers, the utility multiplier.
#include <cmath>

#include "hiv_support.hpp"

namespace pathways {
namespace {

using namespace hiv_testing;
using testing::params_for;
using testing::run_once;
using testing::total;
using testing::value;

const std::vector<std::string> kModules = {"model.settings", "test.hiv_cohort", "process.hiv_cascade",
                                           "test.holding"};
constexpr double kN = 5000;

/// Everyone injects and is infected at the start, in `stage` (1 acute, 2 chronic, 3 late), with the given
/// cascade shares; no testing, ART changes, progression or death unless the test sets them.
ParamValues infected(int stage, double diagnosed, double art, double suppressed,
                     const std::function<void(ParamValues&)>& edit = {}) {
  g_cohort = Cohort{};
  g_cohort.n = static_cast<std::size_t>(kN);
  g_cohort.fill = [](Simulation&, Model& m, AgentId a) { (*m.people.injecting)[a] = 1; };
  return params_for(kModules, [&](ParamValues& v) {
    v.set_number("hiv.initial_prevalence_pwid", 1.0);
    std::vector<double> shares(3, 0.0);
    shares[static_cast<std::size_t>(stage - 1)] = 1.0;
    v.set_list("hiv.initial_stage_shares", shares);
    v.set_number("hiv.initial_diagnosed_share", diagnosed);
    v.set_number("hiv.initial_art_share", art);
    v.set_number("hiv.initial_suppressed_share", suppressed);
    v.set_number("hiv.test_rate_per_year", 0);
    v.set_number("hiv.art_start_rate_per_year", 0);
    v.set_number("hiv.art_interruption_rate_per_year", 0);
    v.set_number("hiv.chronic_to_late_rate_per_year", 0);
    v.set_list("hiv.mortality_rate_per_year", {0, 0, 0});
    if (edit) edit(v);
  });
}

// From acute at t = 0 with rates r1 (acute -> chronic) and r2 (chronic -> late), no deaths:
// P(acute) = exp(-r1 t), P(late) = 1 - (r2 exp(-r1 t) - r1 exp(-r2 t)) / (r2 - r1). Checked at one day
// with 4 binomial SEs; the utility multiplier column follows the stage.
TEST(HivCascade, StagesProgressAtTheirRates) {
  const double months = 2.9, r2 = 0.8, day = 200;
  const double r1 = 12 / months;
  auto p = infected(1, 0, 0, 0, [&](ParamValues& v) {
    v.set_number("hiv.acute_duration_months", months);
    v.set_number("hiv.chronic_to_late_rate_per_year", r2);
    v.set_list("hiv.utility_multiplier", {0.9, 0.8, 0.5, 0.95});
  });
  double acute = 0, late = 0;
  bool utility_ok = true;
  g_cohort.probe_day = day;
  g_cohort.at_day = [&](Simulation& sim) {
    const auto& st = hiv_stage(sim);
    const auto& u = sim.pop.column<float>("hiv.utility_multiplier", 1.0f);
    const float expected[] = {1.0f, 0.9f, 0.8f, 0.5f};
    for (AgentId a = 0; a < sim.pop.size(); ++a) {
      acute += st[a] == 1;
      late += st[a] == 3;
      utility_ok = utility_ok && u[a] == expected[st[a]];
    }
  };
  run_once(kModules, p, 21, 0, 1);
  const double t = day / kDaysPerYear;
  expect_binomial(acute, kN, std::exp(-r1 * t), "acute");
  expect_binomial(late, kN, 1 - (r2 * std::exp(-r1 * t) - r1 * std::exp(-r2 * t)) / (r2 - r1), "late");
  EXPECT_TRUE(utility_ok);
}

// Late stage: HIV deaths by the end of year k are binomial with P = 1 - exp(-m t), m = 0.6 per year
// untreated and 0.6 x 0.2 on ART.
TEST(HivCascade, HivMortalityByStageAndArt) {
  for (const bool art : {false, true}) {
    auto p = infected(3, art ? 1 : 0, 1, 1, [](ParamValues& v) {
      v.set_list("hiv.mortality_rate_per_year", {0, 0, 0.6});
      v.set_number("hiv.art_mortality_multiplier", 0.2);
    });
    const auto t = run_once(kModules, p, 22, 0, 3);
    const double m = art ? 0.12 : 0.6;
    double deaths = 0;
    for (int k = 0; k < 3; ++k) {
      deaths += value(t, "deaths.hiv", k);
      expect_binomial(deaths, kN, 1 - std::exp(-m * year_end_day(k) / kDaysPerYear),
                      art ? "on ART" : "untreated");
    }
  }
}

// Nobody dies or stops: ART person-years are exactly N x year length, and the ART account is exactly
// 300 USD per person-year (the charges are split at year ends, so each year holds its own share).
TEST(HivCascade, ArtCostsAreExactPersonTime) {
  auto p = infected(2, 1, 1, 1, [](ParamValues& v) { v.set_number("hiv.art_cost_usd_per_year", 300); });
  const auto t = run_once(kModules, p, 23, 0, 3);
  for (int k = 0; k < 3; ++k) {
    const double days = year_end_day(k) - (k == 0 ? 0.0 : year_end_day(k - 1));
    EXPECT_NEAR(value(t, "hiv.art_person_years", k), kN * days / kDaysPerYear, 1e-6);
    EXPECT_NEAR(value(t, "cost.hiv.art_usd", k), 300 * kN * days / kDaysPerYear, 1e-3);
    EXPECT_EQ(value(t, "hiv.on_art", k), kN);
    EXPECT_EQ(value(t, "hiv.share_suppressed", k), 1.0);
  }
}

// Undiagnosed at rate r: diagnosed by the end of year k is binomial, P = 1 - exp(-r t); every test is
// counted and costs the unit price.
TEST(HivCascade, TestingDiagnosesAtTheTestRate) {
  const double r = 0.7;
  auto p = infected(2, 0, 0, 0, [&](ParamValues& v) {
    v.set_number("hiv.test_rate_per_year", r);
    v.set_number("hiv.test_cost_usd", 10);
  });
  const auto t = run_once(kModules, p, 24, 0, 3);
  for (int k = 0; k < 3; ++k) {
    expect_binomial(value(t, "hiv.diagnosed", k), kN, 1 - std::exp(-r * year_end_day(k) / kDaysPerYear),
                    "diagnosed");
    EXPECT_NEAR(value(t, "cost.hiv.testing_usd", k), 10 * value(t, "hiv.tests", k), 1e-6);
  }
  EXPECT_EQ(total(t, "hiv.tests"), total(t, "hiv.diagnoses"));  // infected people test until positive
}

// HIV-negative people in prison test again and again: tests in a year are Poisson with mean
// N x rate x year length. The facility testing lever steps from 0 to 2 per year on 1 January 2026.
TEST(HivCascade, FacilityTestingLever) {
  const Days step = Calendar{2025}.year_start(2026);
  auto p = infected(2, 0, 0, 0, [&](ParamValues& v) {
    v.set_number("hiv.initial_prevalence_pwid", 0.0);
    v.set_lever("hiv.facility_test_rate_per_year", Lever{{0.0, step}, {0.0, 2.0}, Interpolation::Step});
  });
  g_cohort.fill = [](Simulation&, Model& m, AgentId a) {
    (*m.people.injecting)[a] = 1;
    m.place_initial(a, m.settings.id("test_detention"), 0.0);
  };
  const auto t = run_once(kModules, p, 25, 0, 3);
  EXPECT_EQ(value(t, "hiv.tests", 0), 0);
  for (int k = 1; k < 3; ++k) {
    const double years = (year_end_day(k) - year_end_day(k - 1)) / kDaysPerYear;
    expect_poisson(value(t, "hiv.tests", k), kN * 2 * years, "tests");
  }
  EXPECT_EQ(total(t, "hiv.living"), 0);
}

// Everyone on suppressive ART is detained on day 100: without continuity all interrupt ART (and may
// not restart inside); with hiv.art_continuity_inside = 1 for the class detention nobody does.
TEST(HivCascade, DetentionInterruptsArtUnlessContinuity) {
  for (const double continuity : {0.0, 1.0}) {
    auto p = infected(2, 1, 1, 1, [&](ParamValues& v) {
      v.set_map_entry("hiv.art_continuity_inside", "detention", Lever::constant(continuity));
      v.set_number("hiv.art_start_rate_per_year", 12);
    });
    g_cohort.probe_day = 100;
    g_cohort.at_day = [](Simulation& sim) {
      Model& m = model_of(sim);
      for (AgentId a = 0; a < sim.pop.size(); ++a)
        m.move(sim, a, m.settings.id("test_detention"), ExitReason::Arrested);
    };
    const auto t = run_once(kModules, p, 26, 0, 2);
    EXPECT_EQ(value(t, "hiv.on_art", 1), continuity > 0 ? kN : 0.0);
    EXPECT_EQ(value(t, "hiv.suppressed", 1), continuity > 0 ? kN : 0.0);
    EXPECT_EQ(total(t, "hiv.art_interruptions_detention"), continuity > 0 ? 0.0 : kN);
    EXPECT_EQ(value(t, "hiv.diagnosed", 1), kN);
  }
}

// Each detention setting has its own lever: one stepping from 0 to 1 on day 50 for the second setting
// protects those who enter it on day 100; kept at 0 it does not.
TEST(HivCascade, EachDetentionSettingHasItsOwnContinuityLever) {
  const std::vector<std::string> modules = kModules;
  for (const double after : {0.0, 1.0}) {
    g_cohort = Cohort{};
    g_cohort.n = static_cast<std::size_t>(kN);
    g_cohort.fill = [](Simulation&, Model& m, AgentId a) { (*m.people.injecting)[a] = 1; };
    g_cohort.probe_day = 100;
    g_cohort.at_day = [](Simulation& sim) {
      Model& m = model_of(sim);
      for (AgentId a = 0; a < sim.pop.size(); ++a)
        m.move(sim, a, m.settings.id("test_detention_2"), ExitReason::Arrested);
    };
    auto p = params_for(modules, [&](ParamValues& v) {
      v.set_number("hiv.initial_prevalence_pwid", 1.0);
      v.set_list("hiv.initial_stage_shares", {0, 1, 0});
      v.set_number("hiv.initial_diagnosed_share", 1);
      v.set_number("hiv.initial_art_share", 1);
      v.set_number("hiv.initial_suppressed_share", 1);
      v.set_number("hiv.test_rate_per_year", 0);
      v.set_number("hiv.art_interruption_rate_per_year", 0);
      v.set_number("hiv.chronic_to_late_rate_per_year", 0);
      v.set_list("hiv.mortality_rate_per_year", {0, 0, 0});
      v.set_map_entry("hiv.art_continuity_inside", "test_detention_2",
                      Lever{{0.0, 50.0}, {0.0, after}, Interpolation::Step});
    });
    const auto t = run_once(modules, p, 27, 0, 1);
    EXPECT_EQ(value(t, "test_detention_2.occupancy", 0), kN);
    EXPECT_EQ(value(t, "hiv.on_art", 0), after > 0 ? kN : 0.0);
    EXPECT_EQ(total(t, "hiv.art_interruptions_detention"), after > 0 ? 0.0 : kN);
  }
}

}  // namespace
}  // namespace pathways
