// labels: unit statistical
// service.stays: the one stay service as compulsory centres, prison, diversion, outpatient, residential
// and aftercare: stay lengths against their laws, capacity rules (refuse, over capacity, waitlist),
// failure and completion routes, seeking, costs, and a setting declared by a scenario alone.
#include <gtest/gtest.h>

#include <boost/math/distributions/gamma.hpp>
#include <cmath>

#include "model/model.hpp"
#include "support/model_run.hpp"
#include "support/stand_in_services.hpp"
#include "support/tolerances.hpp"

namespace pathways {
namespace {

using testing::expect_binomial;
using testing::params_for;
using testing::run_once;
using testing::total;
using testing::value;

const std::vector<std::string> kModules = {"model.settings",  "model.population", "process.harm_reduction",
                                           "process.justice", "service.stays",    "test.admit_everyone"};

/// n people who use methamphetamine (no MMT in play), all admitted to `setting` on day 0.
ParamValues base(std::size_t n, const std::string& setting, const std::function<void(ParamValues&)>& edit) {
  return params_for(kModules, [&](ParamValues& p) {
    testing::start_everyone_in(p, n, setting);
    p.set_list("population.substance_shares", {0.0, 1.0});
    p.set_list("population.methamphetamine.stage_shares", {0.0, 0.0, 0.0, 1.0});
    for (const char* s : {"outpatient", "residential"})
      p.set_list(std::string(s) + ".seeking_rate_per_year", {0, 0});
    if (edit) edit(p);
  });
}

/// Routes every arrest to `setting`.
void route_all_to(ParamValues& p, const std::string& setting) {
  for (const char* k : {"warning", "compulsory_centre", "prison", "mmt"})
    p.set_map_entry("justice.routing", k, Lever::constant(0));
  p.set_map_entry("justice.routing", setting, Lever::constant(1.0));
  p.set_map_entry("justice.repeat_escalation_share", "compulsory_centre", Lever::constant(0));
}

TEST(Stays, CentreStaysFollowGammaAndCostThePayer) {
  const double n = 20000, mean = 400, sd = 100;
  auto p = base(20000, "compulsory_centre", [&](ParamValues& q) {
    q.set_number("compulsory_centre.stay_mean_days", mean);
    q.set_number("compulsory_centre.stay_sd_days", sd);
    q.set_lever("compulsory_centre.capacity", Lever::constant(1e9));
  });
  const auto t = run_once(kModules, p, 41, 0, 2);
  const boost::math::gamma_distribution<double> g((mean / sd) * (mean / sd), sd * sd / mean);
  // Entered on day 0: released by the end of year 0 (day 365) with probability F(365).
  expect_binomial(value(t, "compulsory_centre.exits", 0), n, boost::math::cdf(g, 365.0),
                  "released in year 0");
  expect_binomial(total(t, "compulsory_centre.exits"), n, boost::math::cdf(g, 730.0), "released by day 730");
  EXPECT_EQ(value(t, "detention.admissions", 0), n);
  EXPECT_EQ(total(t, "detention.person_years"), total(t, "compulsory_centre.person_years"));
  // Person-days x cost per day, paid by the social sector.
  const double day_cost = 845.0 / kDaysPerYear;
  EXPECT_NEAR(total(t, "cost.compulsory_centre_usd"),
              total(t, "compulsory_centre.person_years") * kDaysPerYear * day_cost,
              1e-6 * n * day_cost * 730);
  EXPECT_NEAR(total(t, "cost.payer_social_usd"), total(t, "cost.compulsory_centre_usd"), 1e-6);
}

TEST(Stays, CapacityIsNeverExceededAndClosingEmptiesCentres) {
  Calendar cal{2025};
  auto p = base(5000, "community", [&](ParamValues& q) {
    q.set_number("justice.contact_rate_per_year", 2.0);
    route_all_to(q, "compulsory_centre");
    q.set_number("compulsory_centre.stay_mean_days", 200);
    q.set_number("compulsory_centre.stay_sd_days", 20);
    // 1,000 places for two years, then closed (0) from 2027.
    q.set_lever("compulsory_centre.capacity",
                Lever{{0.0, cal.year_start(2027)}, {1000.0, 0.0}, Interpolation::Step});
  });
  const auto t = run_once(kModules, p, 42, 0, 4);
  for (int y = 0; y < 2; ++y) {
    EXPECT_LE(value(t, "compulsory_centre.occupancy", y), 1000.0);
    EXPECT_GT(value(t, "compulsory_centre.turned_away", y), 0.0);
  }
  EXPECT_EQ(value(t, "compulsory_centre.capacity", 1), 1000.0);
  EXPECT_EQ(value(t, "compulsory_centre.capacity", 2), 0.0);
  // Closed from 2027: no admissions; stays of 200 +- 20 days (P(> 365 d) < 1e-12) have all ended by 2028.
  EXPECT_EQ(value(t, "compulsory_centre.admissions", 2), 0.0);
  EXPECT_EQ(value(t, "compulsory_centre.occupancy", 3), 0.0);
  EXPECT_EQ(value(t, "compulsory_centre.turned_away", 3), value(t, "justice.overflow_to_warning", 3));
}

TEST(Stays, PrisonOverCapacityPersonDaysAreExact) {
  Calendar cal{2025};
  // 1,000 people, sentences far beyond the horizon (mean 1e5 d, sd 10 d): occupancy stays 1,000.
  auto p = base(1000, "prison", [&](ParamValues& q) {
    q.set_number("prison.stay_mean_days", 1e5);
    q.set_number("prison.stay_sd_days", 10);
    q.set_lever("prison.capacity",
                Lever{{0.0, cal.year_start(2026) + 100.0}, {600.0, 900.0}, Interpolation::Step});
  });
  const auto t = run_once(kModules, p, 52, 0, 2);
  EXPECT_EQ(value(t, "prison.turned_away", 0), 0.0);  // over_capacity: nobody is refused
  EXPECT_NEAR(value(t, "prison.over_capacity", 0), 400.0 * 365.0, 1e-6);
  EXPECT_NEAR(value(t, "prison.over_capacity", 1), 400.0 * 100.0 + 100.0 * 265.0, 1e-6);
  // With scale 2 the same agents stand for 2,000 persons against the same capacity in persons.
  const auto u = run_once(kModules, p, 52, 0, 1, 2025, 2.0);
  EXPECT_NEAR(value(u, "prison.over_capacity", 0), (2000.0 - 600.0) * 365.0, 1e-6);
}

TEST(Stays, DiversionFailuresGoToPrisonAtAUniformPointOfTheProgramme) {
  const double n = 20000;
  auto p = base(20000, "diversion", [](ParamValues& q) {
    q.set_number("diversion.failure_probability", 0.1);
    q.set_number("prison.stay_mean_days", 1e5);
    q.set_number("prison.stay_sd_days", 10);
  });
  const auto t = run_once(kModules, p, 61, 0, 1);
  // Programmes of 42 +- 8 days all end within the year.
  EXPECT_EQ(value(t, "diversion.exits", 0), n);
  expect_binomial(value(t, "diversion.completions", 0), n, 0.9, "completions");
  EXPECT_EQ(value(t, "diversion.failures", 0) + value(t, "diversion.completions", 0), n);
  EXPECT_EQ(value(t, "prison.admissions", 0), value(t, "diversion.failures", 0));
  // Person-days: completers stay L (mean 42), failures U L (mean 21): E = n (0.9 x 42 + 0.1 x 21) days;
  // the per-person sd is below 42 days, so four sd of the sum are below 4 x 42 sqrt(n).
  EXPECT_NEAR(value(t, "diversion.person_years", 0) * kDaysPerYear, n * (0.9 * 42 + 0.1 * 21),
              4 * 42 * std::sqrt(n));
  EXPECT_GT(value(t, "cost.payer_justice_usd", 0), 0.0);
}

// Completion of a fixed 90-day programme against a constant dropout hazard h: P = exp(-h 90 / 365.25).
TEST(Stays, OutpatientCompletionDropoutAndRemission) {
  const double n = 20000;
  const auto t = run_once(kModules, base(20000, "outpatient", {}), 1, 0, 1);
  const double p = std::exp(-1.5 * 90.0 / kDaysPerYear);
  const double completions = value(t, "outpatient.completions", 0);
  expect_binomial(completions, n, p, "completions");
  EXPECT_EQ(completions + value(t, "outpatient.dropouts", 0), n);
  EXPECT_EQ(value(t, "outpatient.occupancy", 0), 0.0);
  expect_binomial(value(t, "outpatient.completers_in_remission", 0), completions, 0.47,
                  "remission at completion");
}

TEST(Stays, ResidentialCompletersGoToAftercareOrHomeWhenItIsFull) {
  const auto t = run_once(kModules, base(5000, "residential", {}), 2, 0, 2);
  const double completions = value(t, "residential.completions", 0);
  expect_binomial(completions, 5000, std::exp(-0.8 * 180.0 / kDaysPerYear), "residential completions");
  EXPECT_EQ(value(t, "aftercare.admissions", 0), completions);
  expect_binomial(total(t, "aftercare.completions"), completions, std::exp(-1.0 * 180.0 / kDaysPerYear),
                  "aftercare completions");
  const auto t0 =
      run_once(kModules,
               base(5000, "residential",
                    [](ParamValues& v) { v.set_lever("aftercare.capacity", Lever::constant(0)); }),
               2, 0, 1);
  EXPECT_EQ(value(t0, "aftercare.admissions", 0), 0.0);
  EXPECT_EQ(value(t0, "aftercare.turned_away", 0), value(t0, "residential.completions", 0));
}

// Seeking: total hazard r_out + r_res times the outreach lever; the outpatient share of admissions is
// r_out / (r_out + r_res). No exits (no dropout, long programmes).
TEST(Stays, SeekingChoosesAStayByItsShareOfTheRateAndFollowsOutreach) {
  for (double m : {1.0, 2.0}) {
    auto p = base(20000, "community", [&](ParamValues& v) {
      v.set_list("outpatient.seeking_rate_per_year", {0.0, 0.3});
      v.set_list("residential.seeking_rate_per_year", {0.0, 0.1});
      for (const char* s : {"outpatient", "residential"}) {
        v.set_number(std::string(s) + ".dropout_rate_per_year", 0.0);
        v.set_number(std::string(s) + ".stay_mean_days", 3000);
      }
      v.set_lever("harm_reduction.outreach_multiplier", Lever::constant(m));
    });
    const auto t = run_once(kModules, p, 3, 0, 1);
    const double out = value(t, "outpatient.admissions", 0), res = value(t, "residential.admissions", 0);
    expect_binomial(out + res, 20000, 1.0 - std::exp(-0.4 * m * 365.0 / kDaysPerYear), "seekers admitted");
    expect_binomial(out, out + res, 0.75, "outpatient share");
  }
}

// A waitlist stay: seekers beyond its places wait in order and are admitted when places free up
// or when the capacity lever rises.
TEST(Stays, WaitlistAdmitsInOrderWhenPlacesFreeUpAndWhenCapacityRises) {
  Calendar cal{2025};
  auto p = base(3000, "community", [&](ParamValues& v) {
    v.set_list("residential.seeking_rate_per_year", {0.0, 2.0});
    v.set_choice("residential.when_full", "waitlist");
    v.set_number("residential.dropout_rate_per_year", 0.0);
    v.set_number("residential.stay_mean_days", 100);
    v.set_lever("aftercare.capacity", Lever::constant(0));
    v.set_lever("residential.capacity",
                Lever{{0.0, cal.year_start(2026)}, {200.0, 2500.0}, Interpolation::Step});
  });
  const auto t = run_once(kModules, p, 7, 0, 2);
  EXPECT_LE(value(t, "residential.occupancy", 0), 200.0);
  EXPECT_GT(value(t, "residential.waitlist", 0), 0.0);
  EXPECT_GT(value(t, "residential.admissions_from_waitlist", 0), 0.0);
  EXPECT_GT(value(t, "residential.mean_wait_days", 0), 0.0);
  // People wait instead of being turned away for good, and the 2026 capacity takes them all.
  EXPECT_GT(value(t, "residential.admissions_from_waitlist", 1), 0.0);
  EXPECT_EQ(value(t, "residential.waitlist", 1), 0.0);
}

TEST(Stays, AdmissionFromDetentionIsARelease) {
  RunConfig c;
  c.modules = kModules;
  c.years = 1;
  auto p = base(0, "community", {});
  Simulation sim(c, p);
  Model& m = model_of(sim);
  const SettingId prison = m.settings.id("prison"), outpatient = m.settings.id("outpatient");
  sim.add_agents(1, [&](AgentId first, std::size_t) {
    (*m.people.stage)[first] = static_cast<std::uint8_t>(Stage::Remission);
    m.place_initial(first, prison, 0.0);
  });
  EXPECT_TRUE(m.admit(sim, 0, outpatient, Referral::Release));
  EXPECT_EQ(m.people.setting_of(0), outpatient);
  EXPECT_EQ((*m.people.last_setting)[0], prison);
  EXPECT_FALSE(m.admit(sim, 0, outpatient, Referral::Court));  // already there
  const auto t = sim.run();
  EXPECT_EQ(value(t, "outpatient.admissions", 0), 1.0);
  EXPECT_EQ(value(t, "prison.exits", 0), 1.0);
}

// A setting that exists only because the run declares it: it gets the stay rules, its own outputs
// and a place in the conservation check.
TEST(Stays, ASettingDeclaredByTheRunAloneWorksLikeTheStandardOnes) {
  Declaration d = setting_declaration("community_rehabilitation", SettingClass::Diversion,
                                      "Community rehabilitation order", "service.stays");
  RunConfig c;
  c.modules = kModules;
  c.years = 2;
  c.declarations = {d};
  ParamValues p = ParamValues::defaults(param_specs_of(kModules, c.declarations));
  testing::start_everyone_in(p, 10000, "community_rehabilitation");
  p.set_list("population.substance_shares", {0.0, 1.0});
  p.set_lever("community_rehabilitation.capacity", Lever::constant(6000));
  p.set_number("community_rehabilitation.stay_mean_days", 365);
  p.set_number("community_rehabilitation.stay_sd_days", 30);
  p.set_number("community_rehabilitation.cost_usd_per_day", 2.0);
  p.set_number("community_rehabilitation.failure_probability", 0.2);
  p.set_choice("community_rehabilitation.payer", "social");
  Simulation sim(c, p);
  const auto t = sim.run();
  EXPECT_EQ(value(t, "community_rehabilitation.admissions", 0), 6000.0);
  EXPECT_EQ(value(t, "community_rehabilitation.turned_away", 0), 4000.0);
  EXPECT_EQ(total(t, "community_rehabilitation.exits"),
            total(t, "community_rehabilitation.completions") + total(t, "community_rehabilitation.failures"));
  expect_binomial(total(t, "community_rehabilitation.failures"), 6000, 0.2, "failures");
  EXPECT_NEAR(total(t, "cost.community_rehabilitation_usd"),
              2.0 * kDaysPerYear * total(t, "community_rehabilitation.person_years"), 1e-6);
  EXPECT_GT(value(t, "treatment.occupancy", 0), 0.0);  // counted with the treatment and diversion settings
  bool curve = false;
  for (const auto& cv : t.curves) curve = curve || cv.name == "retention.community_rehabilitation";
  EXPECT_TRUE(curve);
}

}  // namespace
}  // namespace pathways
