// labels: unit statistical
// process.drug_use: stage sojourns and routing against their hazards, post-release relapse against the closed
// form, forced abstinence in detention, the MMT multiplier, and determinism.
#include <gtest/gtest.h>

#include <cmath>

#include "model/model.hpp"
#include "support/model_run.hpp"
#include "support/tolerances.hpp"

namespace pathways {
namespace {

using testing::expect_binomial;
using testing::params_for;
using testing::run_once;
using testing::total;
using testing::value;

// Stand-in services for a prison and MMT: admit no one; release every prisoner on day
// `test_prison.release_day`.
class FixedReleasePrison final : public Module, public Service {
 public:
  void init(Simulation& sim) override {
    prison_ = model_of(sim).settings.id("prison");
    model_of(sim).register_service(prison_, this);
    model_of(sim).register_service(model_of(sim).settings.id("mmt"), this);
    release_day_ = sim.params().number("test_prison.release_day");
    kind_ = sim.register_kind("test_prison.release", this);
  }
  void start(Simulation& sim) override {
    if (release_day_ >= 0) sim.sched.schedule(kind_, kGlobalAgent, release_day_);
  }
  void handle(Simulation& sim, const Event&) override {
    Model& m = model_of(sim);
    for (AgentId a = 0; a < sim.pop.size(); ++a) {
      if (sim.pop.alive(a) && m.people.setting_of(a) == prison_)
        m.move(sim, a, kCommunity, ExitReason::Released);
    }
  }
  bool admit(Simulation&, AgentId, Referral) override { return false; }

 private:
  double release_day_ = -1;
  SettingId prison_ = 0;
  EventKind kind_ = 0;
};
const ModuleRegistration fixed_release_prison_reg{ModuleInfo{
    .type = "test.fixed_release_prison",
    .description = "a prison that releases everyone on one day, and an MMT that admits no one (test double)",
    .params = {number_param("test_prison.release_day", "day", -1, -1, 1e6, "test",
                            "day on which every prisoner is released")},
    .create = [] { return std::unique_ptr<Module>(new FixedReleasePrison()); },
    .order = 9008,
    .declares = {setting_declaration("prison", SettingClass::Detention, "Test prison",
                                     "test.fixed_release_prison"),
                 setting_declaration("mmt", SettingClass::Treatment, "Test MMT", "test.fixed_release_prison",
                                     true, true)},
}};

const std::vector<std::string> kModules = {"model.settings", "model.population", "process.drug_use",
                                           "test.fixed_release_prison"};

// Everyone starts as an opioid user in `stage`, in `setting`; every drug-use rate is zero unless a test sets
// it.
ParamValues base(std::size_t n, Stage stage, const std::string& setting,
                 const std::function<void(ParamValues&)>& edit) {
  return params_for(kModules, [&](ParamValues& p) {
    p.set_number("population.size", static_cast<double>(n));
    p.set_number("population.initiation_rate_per_year", 0);
    p.set_list("population.substance_shares", {1, 0});
    std::vector<double> st(kStages, 0.0);
    st[static_cast<std::size_t>(stage)] = 1.0;
    p.set_list("population.opioid.stage_shares", st);
    p.set_number("population.opioid.injecting_share", 0);
    if (setting != "community") p.set_map_entry("population.setting_shares", setting, Lever::constant(1.0));
    for (const char* s : {"opioid", "methamphetamine"}) {
      const std::string k = std::string("drug_use.") + s + ".";
      p.set_list(k + "progression_rate_per_year", {0, 0});
      p.set_list(k + "regression_rate_per_year", {0, 0});
      p.set_list(k + "remission_rate_per_year", {0, 0, 0});
      p.set_number(k + "relapse_rate_per_year", 0);
      p.set_number(k + "injecting_initiation_rate_per_year", 0);
      p.set_number(k + "injecting_cessation_rate_per_year", 0);
    }
    if (edit) edit(p);
  });
}

// Multinomial cell: |observed - n p| <= 4 sqrt(n p (1 - p)) (four binomial standard errors).

constexpr double kYear0Days = 365.0;  // 2025 is not a leap year

TEST(DrugUse, CompetingExitsFromEpisodicMatchHazards) {
  const double n = 20000;
  auto p = base(20000, Stage::Episodic, "community", [](ParamValues& q) {
    q.set_list("drug_use.opioid.progression_rate_per_year", {0.3, 0});
    q.set_list("drug_use.opioid.remission_rate_per_year", {0.2, 0, 0});
  });
  const auto t = run_once(kModules, p, 21, 0, 1);
  // With total hazard q = 0.5/yr and nothing leaving the destinations: P(harmful) = 0.3/0.5 (1 - exp(-q t)).
  const double left = 1.0 - std::exp(-0.5 * kYear0Days / kDaysPerYear);
  expect_binomial(value(t, "drug_use.stage_harmful", 0), n, 0.6 * left, "harmful");
  expect_binomial(value(t, "drug_use.stage_remission", 0), n, 0.4 * left, "remission");
  expect_binomial(value(t, "drug_use.stage_episodic", 0), n, 1.0 - left, "episodic");
  EXPECT_EQ(value(t, "drug_use.remissions", 0), value(t, "drug_use.stage_remission", 0));
  // Drug-free person-years: E = n 0.4 (1/q)(q t - (1 - exp(-q t))) years; sd <= sqrt(n) t, take 4 sd /
  // sqrt(n) of a per-person quantity bounded by 1 year: tolerance 4 sqrt(n) x 0.5 year (the per-person sd is
  // < 0.5).
  const double tq = 0.5 * kYear0Days / kDaysPerYear;
  const double expected_pt = n * 0.4 * (tq - left) / 0.5;
  EXPECT_NEAR(value(t, "drug_use.drug_free_years", 0), expected_pt, 4.0 * std::sqrt(n) * 0.5);
}

// Fraction relapsed by the end of year 0 among people released on day 10.37: 1 - exp(-H), H the cumulative
// hazard of the piecewise multiplier over the remaining 354.63 days.
double relapsed_share(double rate_per_year, const std::vector<double>& breaks,
                      const std::vector<double>& mult, double days) {
  double h = 0.0, from = 0.0;
  for (std::size_t k = 0; k <= breaks.size(); ++k) {
    const double to = k < breaks.size() ? std::min(breaks[k], days) : days;
    if (to > from) h += mult[k] * (to - from);
    from = std::max(from, to);
  }
  return 1.0 - std::exp(-per_day(rate_per_year) * h);
}

TEST(DrugUse, PostReleaseRelapseFollowsPiecewiseHazard) {
  const double n = 20000;
  const std::vector<double> breaks = {30, 90, 365};
  for (const auto& mult : {std::vector<double>{10, 4, 1.2, 1}, std::vector<double>{1, 1, 1, 1}}) {
    auto p = base(20000, Stage::Dependent, "prison", [&](ParamValues& q) {
      // A fractional day: breakpoints then fall between representable sums, which once looped forever.
      q.set_number("test_prison.release_day", 10.37);
      q.set_number("drug_use.inside_use_multiplier", 0);
      q.set_number("drug_use.opioid.relapse_rate_per_year", 1.0);
      q.set_list("drug_use.post_release_relapse_multiplier", mult);
    });
    const auto t = run_once(kModules, p, 22, 0, 1);
    EXPECT_EQ(value(t, "drug_use.forced_abstinence", 0),
              0.0);  // initial prisoners are set abstinent, not counted
    const double share = relapsed_share(1.0, breaks, mult, kYear0Days - 10.37);
    expect_binomial(value(t, "drug_use.relapses", 0), n, share,
                    "relapses with multiplier " + std::to_string(mult[0]));
    // Relapse returns to the prior stage (dependent).
    EXPECT_EQ(value(t, "drug_use.stage_dependent", 0), value(t, "drug_use.relapses", 0));
  }
  // The default calibration: over 90% of opioid users relapse within a year of release.
  const auto d = params_for(kModules);
  EXPECT_NEAR(relapsed_share(d.number("drug_use.opioid.relapse_rate_per_year"),
                             d.list("drug_use.relapse_breaks_days"),
                             d.list("drug_use.post_release_relapse_multiplier"), kDaysPerYear),
              0.91, 0.01);
}

TEST(DrugUse, DetentionStopsUseAndInsideMultiplierAllowsSome) {
  const double n = 10000;
  auto strict = base(10000, Stage::Dependent, "prison", [](ParamValues& q) {
    q.set_number("drug_use.inside_use_multiplier", 0);
    q.set_number("drug_use.opioid.relapse_rate_per_year", 1.0);
  });
  const auto t = run_once(kModules, strict, 23, 0, 2);
  EXPECT_EQ(value(t, "drug_use.stage_remission", 1), n);
  EXPECT_NEAR(value(t, "drug_use.drug_free_years", 0), n * kYear0Days / kDaysPerYear, 1e-6 * n);
  auto loose = strict;
  loose.set_number("drug_use.inside_use_multiplier", 0.5);
  const auto u = run_once(kModules, loose, 23, 0, 1);
  expect_binomial(value(u, "drug_use.relapses", 0), n, 1.0 - std::exp(-0.5 * kYear0Days / kDaysPerYear),
                  "inside");
}

TEST(DrugUse, MmtMultipliesRemissionOfOpioidUsers) {
  const double n = 10000;
  for (double mult : {10.0, 1.0}) {
    auto p = base(10000, Stage::Dependent, "mmt", [&](ParamValues& q) {
      q.set_list("drug_use.opioid.remission_rate_per_year", {0, 0, 0.1});
      q.set_number("drug_use.mmt_remission_multiplier", mult);
    });
    const auto t = run_once(kModules, p, 24, 0, 1);
    expect_binomial(value(t, "drug_use.stage_remission", 0), n,
                    1.0 - std::exp(-0.1 * mult * kYear0Days / kDaysPerYear),
                    "MMT remission x" + std::to_string(mult));
  }
}

TEST(DrugUse, InjectingInitiationMatchesHazard) {
  const double n = 10000;
  auto p = base(10000, Stage::Dependent, "community", [](ParamValues& q) {
    q.set_number("drug_use.opioid.injecting_initiation_rate_per_year", 0.4);
  });
  const auto t = run_once(kModules, p, 25, 0, 1);
  expect_binomial(value(t, "drug_use.injecting", 0), n, 1.0 - std::exp(-0.4 * kYear0Days / kDaysPerYear),
                  "injecting");
}

TEST(DrugUse, DefaultsRunAndSameSeedGivesSameTable) {
  auto p = params_for({"model.settings", "model.population", "process.drug_use"},
                      [](ParamValues& q) { q.set_number("population.size", 3000); });
  const std::vector<std::string> mods = {"model.settings", "model.population", "process.drug_use"};
  const auto a = run_once(mods, p, 26, 0, 5);
  const auto b = run_once(mods, p, 26, 0, 5);
  EXPECT_TRUE(testing::identical(a, b));
  double stages = 0.0;
  for (const char* s : {"remission", "episodic", "harmful", "dependent"})
    stages += value(a, std::string("drug_use.stage_") + s, 4);
  EXPECT_EQ(stages, value(a, "population.alive", 4));
  EXPECT_GT(total(a, "drug_use.relapses"), 0.0);
}

// Cessation: abstinent outside detention for drug_use.cessation_years, a person leaves the population
// who use drugs. With no relapse everyone ceases exactly then, and drug-free days outside detention
// are every day of the cohort.
TEST(DrugUse, EveryoneAbstinentLongEnoughCeases) {
  const double n = 1000;
  auto p = base(1000, Stage::Remission, "community",
                [](ParamValues& q) { q.set_number("drug_use.cessation_years", 2.0); });
  const auto t = run_once(kModules, p, 27, 0, 3);
  EXPECT_EQ(value(t, "population.ceased", 0), 0.0);
  EXPECT_EQ(value(t, "population.people_who_use_drugs", 1), n);  // 730 days < 2 x 365.25
  EXPECT_EQ(value(t, "population.ceased", 2), n);
  EXPECT_EQ(value(t, "population.people_who_use_drugs", 2), 0.0);
  EXPECT_EQ(value(t, "drug_use.cessations", 2), n);
  EXPECT_EQ(total(t, "drug_use.cessations"), n);
  EXPECT_NEAR(value(t, "drug_use.drug_free_days_outside_detention", 0), n * kYear0Days, 1e-6);
}

// With relapse at r = 0.3 a year and none after cessation, those still abstinent at 2 years cease:
// Binomial(n, exp(-0.6)); they stay ceased.
TEST(DrugUse, CessationFollowsTheChanceOfNoRelapse) {
  const double n = 20000;
  auto p = base(20000, Stage::Remission, "community", [](ParamValues& q) {
    q.set_number("drug_use.cessation_years", 2.0);
    q.set_number("drug_use.opioid.relapse_rate_per_year", 0.3);
    q.set_number("drug_use.relapse_multiplier_after_cessation", 0.0);
  });
  const auto t = run_once(kModules, p, 28, 0, 4);
  expect_binomial(value(t, "population.ceased", 2), n, std::exp(-0.6), "ceased at 2 years");
  EXPECT_EQ(value(t, "population.ceased", 3), value(t, "population.ceased", 2));
  EXPECT_EQ(value(t, "population.ceased", 2) + value(t, "population.people_who_use_drugs", 2), n);
}

// Detention does not count towards cessation: a year inside restarts the clock at release.
TEST(DrugUse, AbstinenceInDetentionDoesNotCountTowardsCessation) {
  auto p = base(500, Stage::Dependent, "prison", [](ParamValues& q) {
    q.set_number("drug_use.cessation_years", 1.0);
    q.set_number("test_prison.release_day", 365.0);
  });
  const auto t = run_once(kModules, p, 29, 0, 3);
  // Forced abstinence inside for a year, released on day 365: ceased only from day 730.25 on.
  EXPECT_EQ(value(t, "population.ceased", 0), 0.0);
  EXPECT_EQ(value(t, "population.ceased", 1), 0.0);
  EXPECT_EQ(value(t, "population.ceased", 2), 500.0);
  EXPECT_EQ(value(t, "drug_use.drug_free_days_outside_detention", 0), 0.0);
}

}  // namespace
}  // namespace pathways
