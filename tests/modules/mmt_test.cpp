// labels: unit statistical
// Tests of service.mmt: dropout against the piecewise hazard, levers, waitlist and capacity, seeking.
#include <gtest/gtest.h>

#include <cmath>

#include "model/model.hpp"
#include "support/model_run.hpp"
#include "support/stand_in_services.hpp"
#include "support/tolerances.hpp"

namespace pathways {
namespace {

using testing::params_for;
using testing::run_once;
using testing::total;
using testing::value;

/// The cohort created by the test-only module below (tests run one after another).
struct Cohort {
  std::size_t n = 4000;
  std::string setting = "community";  ///< "mmt": admitted on day 0
  Stage stage = Stage::Dependent;
  std::uint8_t substance = kOpioid;
  std::uint16_t prior_episodes = 0;
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
        (*m.people.mmt_episodes)[a] = g_cohort.prior_episodes;
        m.place_initial(a, kCommunity, 0.0);
      }
    });
    // Clients start their episode on day 0 (people placed in MMT would be a steady-state snapshot).
    if (g_cohort.setting == "community") return;
    const SettingId s = m.settings.id(g_cohort.setting);
    for (AgentId a = 0; a < sim.pop.size(); ++a) m.admit(sim, a, s, Referral::Transfer);
  }
  void handle(Simulation&, const Event&) override {}
};
const ModuleRegistration cohort_registration{
    ModuleInfo{.type = "test.mmt_cohort",
               .description = "test cohort",
               .create = [] { return std::unique_ptr<Module>(new CohortModule()); },
               .order = 9005}};

const std::vector<std::string> kModules = {"model.settings", "test.mmt_cohort", "process.harm_reduction",
                                           "service.mmt", "test.holding"};

/// Four binomial standard errors of a share p estimated from n people: 4 sqrt(p (1 - p) / n).
double four_se(double p, double n) {
  return 4.0 * std::sqrt(p * (1.0 - p) / n);
}

Days day_of(int year) {
  return Calendar{2025}.year_start(year);
}

// The default hazard: Ho Chi Minh City's first year (77.7% retained at 12 months, Vu 2023), then
// Hai Phong's average dropout hazard after it (Khue 2017: 33.3% by 36 months).
TEST(Mmt, DropoutFollowsThePiecewiseHazardOfTheDefaults) {
  g_cohort = Cohort{20000, "mmt"};
  auto p = params_for(kModules, [](ParamValues& v) {
    v.set_number("mmt.seeking_rate_per_year", 0.0);
    v.set_lever("mmt.take_home_share", Lever::constant(0.0));
  });
  const auto t = run_once(kModules, p, 1, 0, 4);
  const double n = 20000;
  // Calendar years differ from treatment years by at most 0.75 day: negligible against 4 SE.
  const double d1 = value(t, "mmt.dropouts", 0) / n;
  const double d3 =
      (value(t, "mmt.dropouts", 0) + value(t, "mmt.dropouts", 1) + value(t, "mmt.dropouts", 2)) / n;
  EXPECT_NEAR(d1, 0.223, four_se(0.223, n));
  const double s3 = 0.777 * std::exp(-2 * 0.135);
  EXPECT_NEAR(d3, 1.0 - s3, four_se(1.0 - s3, n));
  // Beyond year 2 the last hazard holds: year-4 dropout share among those still in.
  const double still = n * s3;
  EXPECT_NEAR(value(t, "mmt.dropouts", 3) / still, 1.0 - std::exp(-0.135), four_se(0.126, still));
  EXPECT_EQ(total(t, "mmt.waitlist_joins"), 0.0);
}

// The hub's Kaplan-Meier retention of MMT episodes (all episodes, re-entries included) against
// S(3 months) = 0.99 exp(-0.2477 x 2/12), S(1 year) = 0.777 and S(2 years) = 0.777 exp(-0.135) from the
// hazards; 4 binomial SE with n = the 20,000 first episodes, which all start within weeks and are
// followed for more than 3 years (re-entries only add).
TEST(Mmt, HubRetentionMatchesTheDefaultHazards) {
  g_cohort = Cohort{20000, "community"};
  auto p = params_for(kModules, [](ParamValues& v) {
    v.set_number("mmt.seeking_rate_per_year", 50.0);
    v.set_lever("mmt.take_home_share", Lever::constant(0.0));
  });
  const auto t = run_once(kModules, p, 12, 0, 4);
  const double n = 20000;
  EXPECT_GE(total(t, "mmt.admissions"), n);
  const double s3m = 0.99 * std::exp(-0.2477 * 2.0 / 12.0), s24m = 0.777 * std::exp(-0.135);
  EXPECT_NEAR(value(t, "mmt.retention_3m", 3), s3m, four_se(s3m, n));
  EXPECT_NEAR(value(t, "mmt.retention_12m", 3), 0.777, four_se(0.777, n));
  EXPECT_NEAR(value(t, "mmt.retention_24m", 3), s24m, four_se(s24m, n));
}

TEST(Mmt, ZeroDropoutHazardGivesRetentionOne) {
  g_cohort = Cohort{2000, "community"};
  auto p = params_for(kModules, [](ParamValues& v) {
    v.set_number("mmt.seeking_rate_per_year", 20.0);
    v.set_list("mmt.dropout_rate_per_year", {0.0, 0.0, 0.0, 0.0, 0.0});
  });
  const auto t = run_once(kModules, p, 1, 0, 3);
  EXPECT_EQ(total(t, "mmt.dropouts"), 0.0);
  EXPECT_EQ(total(t, "mmt.admissions"), 2000.0);
  EXPECT_EQ(value(t, "mmt.retention_24m", 2), 1.0);
  EXPECT_EQ(value(t, "mmt.occupancy", 2), 2000.0);
}

// Take-home doses for every client halve the hazard: first-year dropout 1 - 0.777^(1/2).
TEST(Mmt, TakeHomeLeverLowersDropout) {
  g_cohort = Cohort{20000, "mmt"};
  auto p = params_for(kModules, [](ParamValues& v) {
    v.set_number("mmt.seeking_rate_per_year", 0.0);
    v.set_lever("mmt.take_home_share", Lever::constant(1.0));
    v.set_number("mmt.take_home_dropout_multiplier", 0.5);
  });
  const auto t = run_once(kModules, p, 2, 0, 1);
  const double expect = 1.0 - std::sqrt(0.777);
  EXPECT_NEAR(value(t, "mmt.dropouts", 0) / 20000.0, expect, four_se(expect, 20000));
}

// A step in the flexible-dosing lever at 2026 (thinning must follow it): constant hazard 0.5 per
// year, multiplier 0.2 from 2026, so year-2 dropout among those still in is 1 - exp(-0.1).
TEST(Mmt, FlexibleDosingStepLeverIsFollowedInTime) {
  g_cohort = Cohort{20000, "mmt"};
  auto p = params_for(kModules, [](ParamValues& v) {
    v.set_number("mmt.seeking_rate_per_year", 0.0);
    v.set_lever("mmt.take_home_share", Lever::constant(0.0));
    v.set_list("mmt.dropout_breaks_days", {365.25, 730.5});
    v.set_list("mmt.dropout_rate_per_year", {0.5, 0.5, 0.5});
    v.set_lever("mmt.flexible_dosing", Lever{{0.0, day_of(2026)}, {0.0, 1.0}, Interpolation::Step});
    v.set_number("mmt.flexible_dosing_dropout_multiplier", 0.2);
  });
  const auto t = run_once(kModules, p, 3, 0, 2);
  const double y1 = 1.0 - std::exp(-0.5), y2 = 1.0 - std::exp(-0.1);
  EXPECT_NEAR(value(t, "mmt.dropouts", 0) / 20000.0, y1, four_se(y1, 20000));
  const double still = 20000.0 - value(t, "mmt.dropouts", 0);
  EXPECT_NEAR(value(t, "mmt.dropouts", 1) / still, y2, four_se(y2, still));
}

// Seeking with unlimited capacity and no dropout: admitted share by year end is 1 - exp(-r m)
// (m: outreach multiplier), and nobody waits.
TEST(Mmt, SeekingHazardAndOutreachLever) {
  g_cohort = Cohort{20000, "community"};
  for (double m : {1.0, 2.0}) {
    auto p = params_for(kModules, [&](ParamValues& v) {
      v.set_number("mmt.seeking_rate_per_year", 0.2);
      v.set_list("mmt.dropout_rate_per_year", {0.0, 0.0, 0.0, 0.0, 0.0});
      v.set_lever("mmt.capacity", Lever::constant(1e9));
      v.set_lever("harm_reduction.outreach_multiplier", Lever::constant(m));
    });
    const auto t = run_once(kModules, p, 4, 0, 1);
    const double expect = 1.0 - std::exp(-0.2 * m * 365.0 / 365.25);
    EXPECT_NEAR(value(t, "mmt.admissions", 0) / 20000.0, expect, four_se(expect, 20000)) << "m=" << m;
    EXPECT_EQ(value(t, "mmt.waitlist", 0), 0.0);
    EXPECT_EQ(total(t, "mmt.waitlist_joins"), 0.0);
    EXPECT_EQ(value(t, "mmt.mean_wait_days", 0), 0.0);
  }
}

TEST(Mmt, OnlyHarmfulOrDependentOpioidUsersSeek) {
  g_cohort = Cohort{2000, "community", Stage::Episodic};
  auto p = params_for(kModules, [](ParamValues& v) { v.set_number("mmt.seeking_rate_per_year", 5.0); });
  EXPECT_EQ(total(run_once(kModules, p, 5, 0, 1), "mmt.admissions"), 0.0);
  g_cohort = Cohort{2000, "community", Stage::Dependent, kMethamphetamine};
  EXPECT_EQ(total(run_once(kModules, p, 5, 0, 1), "mmt.admissions"), 0.0);
}

// Capacity in persons: at scale 2, 100 slots hold 50 agents. Seeking far exceeds supply, so a
// waitlist forms, people wait, and the waitlist is served as slots free up.
TEST(Mmt, CapacityInPersonsAndWaitlist) {
  g_cohort = Cohort{2000, "community"};
  auto p = params_for(kModules, [](ParamValues& v) {
    v.set_number("mmt.seeking_rate_per_year", 2.0);
    v.set_list("mmt.dropout_rate_per_year", {1.0, 1.0, 1.0, 1.0, 1.0});
    v.set_lever("mmt.capacity", Lever::constant(100));
  });
  const auto t = run_once(kModules, p, 6, 0, 3, 2025, 2.0);
  for (int y = 0; y < 3; ++y) {
    EXPECT_LE(value(t, "mmt.occupancy", y), 100.0);
    EXPECT_GE(value(t, "mmt.occupancy", y), 98.0);  // full: at most one slot (2 persons) momentarily free
    EXPECT_GT(value(t, "mmt.waitlist", y), 0.0);
    EXPECT_GT(value(t, "mmt.mean_wait_days", y), 0.0);
  }
  EXPECT_GT(total(t, "mmt.admissions_from_waitlist"), 0.0);
  EXPECT_GT(total(t, "mmt.waitlist_joins"), 0.0);
  // Every admission after the first 100 slots filled came from the waitlist.
  EXPECT_EQ(total(t, "mmt.admissions"), total(t, "mmt.admissions_from_waitlist") + 100.0);
}

// Capacity lever: no slots in 2025, 200 slots from 2026. The capacity-check event admits people
// from the waitlist exactly at the step, in order.
TEST(Mmt, CapacityLeverOpensSlotsForTheWaitlist) {
  g_cohort = Cohort{1000, "community"};
  auto p = params_for(kModules, [](ParamValues& v) {
    v.set_number("mmt.seeking_rate_per_year", 1.0);
    v.set_list("mmt.dropout_rate_per_year", {0.0, 0.0, 0.0, 0.0, 0.0});
    v.set_lever("mmt.capacity", Lever{{0.0, day_of(2026)}, {0.0, 200.0}, Interpolation::Step});
  });
  const auto t = run_once(kModules, p, 7, 0, 2);
  EXPECT_EQ(value(t, "mmt.occupancy", 0), 0.0);
  EXPECT_GT(value(t, "mmt.waitlist", 0), 500.0);  // 1 - exp(-1) = 63% of 1000 joined in year 1
  EXPECT_EQ(value(t, "mmt.occupancy", 1), 200.0);
  EXPECT_EQ(value(t, "mmt.admissions_from_waitlist", 1), 200.0);
  // The first 200 joined in the first months of 2025, so they waited most of a year.
  EXPECT_GT(value(t, "mmt.mean_wait_days", 1), 200.0);
}

TEST(Mmt, ReferralsJoinTheWaitlistWhenFull) {
  g_cohort = Cohort{10, "community", Stage::Remission};
  auto p = params_for(kModules, [](ParamValues& v) { v.set_lever("mmt.capacity", Lever::constant(0.0)); });
  RunConfig c;
  c.modules = kModules;
  c.years = 1;
  Simulation sim(c, p);
  Model& m = model_of(sim);
  sim.add_agents(2, [&](AgentId first, std::size_t) {
    (*m.people.stage)[first] = static_cast<std::uint8_t>(Stage::Remission);
    m.place_initial(first, kCommunity, 0.0);
    m.place_initial(first + 1, kCommunity, 0.0);
  });
  const SettingId mmt = m.settings.id("mmt");
  // Referral of an opioid user in remission is eligible, voluntary seeking is not.
  EXPECT_FALSE(m.admit(sim, 0, mmt, Referral::Release));
  EXPECT_FALSE(m.admit(sim, 0, mmt, Referral::Release));  // already waiting: no second entry
  const auto t = sim.run();
  EXPECT_EQ(value(t, "mmt.waitlist_joins", 0), 1.0);
  EXPECT_EQ(value(t, "mmt.waitlist", 0), 1.0);
}

// FIFO: with one slot taken, A then B join the waitlist; when the client dies, A (the head) is
// admitted and B keeps waiting; if the head has been arrested meanwhile, it is skipped.
TEST(Mmt, WaitlistIsFirstInFirstOut) {
  g_cohort = Cohort{0, "community"};
  auto p = params_for(kModules, [](ParamValues& v) {
    v.set_lever("mmt.capacity", Lever::constant(1.0));
    v.set_number("mmt.seeking_rate_per_year", 0.0);
  });
  RunConfig c;
  c.modules = kModules;
  c.years = 1;
  Simulation sim(c, p);
  Model& m = model_of(sim);
  const SettingId mmt = m.settings.id("mmt"), held = m.settings.id("test_detention");
  sim.add_agents(4, [&](AgentId first, std::size_t n) {
    for (AgentId a = first; a < first + n; ++a) m.place_initial(a, a == 0 ? mmt : kCommunity, 0.0);
  });
  EXPECT_FALSE(m.admit(sim, 1, mmt, Referral::Police));
  EXPECT_FALSE(m.admit(sim, 2, mmt, Referral::Police));
  EXPECT_FALSE(m.admit(sim, 3, mmt, Referral::Police));
  m.kill(sim, 0, DeathCause::Background);
  EXPECT_EQ(m.people.setting_of(1), mmt);
  EXPECT_EQ(m.people.setting_of(2), kCommunity);
  m.move(sim, 2, held, ExitReason::Arrested);  // 2 leaves the waitlist
  m.kill(sim, 1, DeathCause::Background);
  EXPECT_EQ(m.people.setting_of(3), mmt);
  EXPECT_EQ(m.people.setting_of(2), held);
  const auto t = sim.run();
  EXPECT_EQ(value(t, "mmt.waitlist_joins", 0), 3.0);
  EXPECT_EQ(value(t, "mmt.admissions_from_waitlist", 0), 2.0);
  EXPECT_EQ(value(t, "mmt.waitlist", 0), 0.0);
}

// Re-entry: people with a previous episode seek at rate r x 1.5 (default multiplier).
TEST(Mmt, ReentryMultiplier) {
  g_cohort = Cohort{20000, "community"};
  g_cohort.prior_episodes = 1;
  auto p = params_for(kModules, [](ParamValues& v) {
    v.set_number("mmt.seeking_rate_per_year", 0.2);
    v.set_list("mmt.dropout_rate_per_year", {0.0, 0.0, 0.0, 0.0, 0.0});
  });
  const auto t = run_once(kModules, p, 11, 0, 1);
  const double expect = 1.0 - std::exp(-0.2 * 1.5 * 365.0 / 365.25);
  EXPECT_NEAR(value(t, "mmt.admissions", 0) / 20000.0, expect, four_se(expect, 20000));
}

TEST(Mmt, SameSeedSameResult) {
  g_cohort = Cohort{3000, "community"};
  auto p = params_for(kModules, [](ParamValues& v) { v.set_lever("mmt.capacity", Lever::constant(300)); });
  const auto a = run_once(kModules, p, 9, 1, 3), b = run_once(kModules, p, 9, 1, 3);
  EXPECT_TRUE(testing::identical(a, b));
}

// Release from detention: referral to MMT with the setting's probability (by class, or by name), and
// clients taken into detention from MMT come back at release when MMT continues inside.
const std::vector<std::string> kWithStays = {
    "model.settings", "model.population", "process.harm_reduction", "process.justice",
    "service.stays",  "service.mmt",      "test.admit_everyone"};

ParamValues detained_cohort(std::size_t n, const std::string& admitted_to,
                            const std::function<void(ParamValues&)>& edit) {
  return params_for(kWithStays, [&](ParamValues& q) {
    testing::start_everyone_in(q, n, admitted_to);
    q.set_list("population.substance_shares", {1.0, 0.0});
    q.set_number("mmt.seeking_rate_per_year", 0.0);
    q.set_list("mmt.dropout_rate_per_year", {0.0, 0.0, 0.0, 0.0, 0.0});
    q.set_number("compulsory_centre.stay_mean_days", 100);
    q.set_number("compulsory_centre.stay_sd_days", 10);
    q.set_lever("compulsory_centre.capacity", Lever::constant(1e9));
    for (const char* s : {"outpatient", "residential"})
      q.set_list(std::string(s) + ".seeking_rate_per_year", {0, 0});
    if (edit) edit(q);
  });
}

TEST(Mmt, ReferralAtReleaseFollowsTheSettingsProbability) {
  const double n = 10000;
  for (const char* key : {"detention", "compulsory_centre"}) {
    auto p = detained_cohort(10000, "compulsory_centre", [&](ParamValues& q) {
      q.set_map_entry("mmt.referral_at_release", key, Lever::constant(0.3));
    });
    const auto t = run_once(kWithStays, p, 43, 0, 1);
    EXPECT_EQ(value(t, "compulsory_centre.exits", 0), n);
    testing::expect_binomial(value(t, "compulsory_centre.mmt_referrals", 0), n, 0.3,
                             std::string("referred: ") + key);
    EXPECT_EQ(value(t, "compulsory_centre.mmt_linked", 0), value(t, "mmt.admissions", 0));
  }
}

TEST(Mmt, ClientsDetainedFromMmtReturnWhenMmtContinuesInside) {
  for (double inside : {1.0, 0.0}) {
    // All start on MMT; police take them all to a centre (stay ~100 d); at release they return only
    // when MMT continued inside (no referral otherwise).
    auto p = detained_cohort(3000, "mmt", [&](ParamValues& q) {
      q.set_number("justice.contact_rate_per_year", 5.0);
      for (const char* k : {"warning", "prison", "mmt"})
        q.set_map_entry("justice.routing", k, Lever::constant(0));
      q.set_map_entry("justice.routing", "compulsory_centre", Lever::constant(1));
      q.set_map_entry("justice.repeat_escalation_share", "compulsory_centre", Lever::constant(0));
      q.set_map_entry("mmt.referral_at_release", "detention", Lever::constant(0.0));
      q.set_map_entry("mmt.continue_inside", "compulsory_centre", Lever::constant(inside));
    });
    const auto t = run_once(kWithStays, p, 44, 0, 1);
    const double back = value(t, "compulsory_centre.mmt_linked", 0);
    if (inside > 0) {
      EXPECT_GT(back, 0.0);
      EXPECT_EQ(back, value(t, "compulsory_centre.mmt_referrals", 0));
    } else {
      EXPECT_EQ(back, 0.0);
    }
  }
}

// MMT started inside a centre for a share of those dependent on opioids; at release a share of them
// reach community MMT, counted as linked within 180 days of release in the year of release. Every exit
// has exactly one reason, and the reasons add up to the exits.
TEST(Mmt, StartedInsideWithLinkageAtRelease) {
  const double n = 10000;
  auto p = detained_cohort(10000, "compulsory_centre", [&](ParamValues& q) {
    q.set_list("population.opioid.stage_shares", {0.0, 0.0, 0.0, 1.0});
    q.set_map_entry("mmt.referral_at_release", "detention", Lever::constant(0.0));
    q.set_map_entry("mmt.start_inside", "compulsory_centre", Lever::constant(0.4));
    q.set_number("mmt.linkage_after_inside", 0.5);
  });
  const auto t = run_once(kWithStays, p, 45, 0, 1);
  const double started = value(t, "compulsory_centre.mmt_started_inside", 0);
  testing::expect_binomial(started, n, 0.4, "started inside");
  testing::expect_binomial(value(t, "compulsory_centre.mmt_linked", 0), started, 0.5, "linked at release");
  EXPECT_EQ(value(t, "compulsory_centre.releases", 0), value(t, "compulsory_centre.exits_released", 0));
  EXPECT_EQ(value(t, "compulsory_centre.releases_to_mmt_180d", 0), value(t, "mmt.admissions", 0));
  EXPECT_EQ(value(t, "compulsory_centre.mmt_linked", 0), value(t, "mmt.admissions", 0));
  for (const char* s : {"compulsory_centre", "mmt"}) {
    double sum = 0.0;
    for (const char* why :
         {"completed", "dropout", "detained", "failed", "transferred", "released", "died"}) {
      sum += total(t, std::string(s) + ".exits_" + why);
    }
    EXPECT_EQ(sum, total(t, std::string(s) + ".exits")) << s;
  }
  // MMT inside costs the unit cost per person-day inside (US$339 a person-year by default).
  EXPECT_GT(value(t, "mmt.inside_person_years", 0), 0.0);
  EXPECT_NEAR(value(t, "cost.mmt.inside_usd", 0), 339.0 * value(t, "mmt.inside_person_years", 0),
              1e-9 * 339.0 * value(t, "mmt.inside_person_years", 0));
}

// Nobody whose use has not reached dependence is started on MMT inside.
TEST(Mmt, StartInsideOnlyForOpioidDependence) {
  auto p = detained_cohort(2000, "compulsory_centre", [&](ParamValues& q) {
    q.set_list("population.opioid.stage_shares", {0.0, 0.5, 0.5, 0.0});
    q.set_map_entry("mmt.start_inside", "detention", Lever::constant(1.0));
  });
  const auto t = run_once(kWithStays, p, 46, 0, 1);
  EXPECT_EQ(value(t, "compulsory_centre.mmt_started_inside", 0), 0.0);
}

}  // namespace
}  // namespace pathways
