// labels: unit
// Tests of process.harm_reduction: the accessor, yearly reach and costs following the levers, and a
// combined run of all the treatment and health modules (the hub checks conservation every year).
#include "modules/harm_reduction.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "model/model.hpp"
#include "support/model_run.hpp"
#include "support/stand_in_services.hpp"

namespace pathways {
namespace {

using testing::params_for;
using testing::run_once;
using testing::total;
using testing::value;

struct Cohort {
  std::size_t n = 1000;
  std::size_t injecting = 400;  ///< the first `injecting` agents inject
  std::size_t detained = 100;   ///< the last `detained` agents are in prison
  std::uint8_t substance = kOpioid;
};
Cohort g_cohort;

class CohortModule final : public Module {
 public:
  void init(Simulation&) override {}
  void start(Simulation& sim) override {
    Model& m = model_of(sim);
    sim.add_agents(g_cohort.n, [&](AgentId first, std::size_t n) {
      for (AgentId a = first; a < first + n; ++a) {
        (*m.people.stage)[a] = static_cast<std::uint8_t>(Stage::Dependent);
        (*m.people.substance)[a] = g_cohort.substance;
        (*m.people.injecting)[a] = a < g_cohort.injecting ? 1 : 0;
        (*m.people.birth_day)[a] = -30 * kDaysPerYear;
        m.place_initial(a, a >= g_cohort.n - g_cohort.detained ? m.settings.id("test_detention") : kCommunity,
                        0.0);
      }
    });
  }
  void handle(Simulation&, const Event&) override {}
};
const ModuleRegistration cohort_registration{
    ModuleInfo{.type = "test.harm_reduction_cohort",
               .description = "test cohort",
               .create = [] { return std::unique_ptr<Module>(new CohortModule()); },
               .order = 9007}};

const std::vector<std::string> kModules = {"model.settings", "test.harm_reduction_cohort",
                                           "process.harm_reduction", "test.holding"};

TEST(HarmReduction, AccessorIsNullWithoutTheModule) {
  const std::vector<std::string> without = {"model.settings"};
  auto p = params_for(without);
  RunConfig c;
  c.modules = without;
  Simulation sim(c, p);
  EXPECT_EQ(harm_reduction_of(sim), nullptr);

  auto p2 = params_for(kModules, [](ParamValues& v) {
    v.set_lever("harm_reduction.naloxone_coverage", Lever::constant(0.4));
  });
  c.modules = kModules;
  Simulation sim2(c, p2);
  const HarmReduction* hr = harm_reduction_of(sim2);
  ASSERT_NE(hr, nullptr);
  EXPECT_EQ(hr->naloxone_coverage.at(100.0), 0.4);
}

// Reach = people outside detention at mid-year x mean lever over the year x year length; cost =
// reach x unit cost, charged at mid-year.
// The NSP lever steps from 0 to 0.5 on 1 July 2026 (day 181 of 365), the outreach lever from 1 to 3.
TEST(HarmReduction, CostsFollowTheLevers) {
  g_cohort = Cohort{};
  const Calendar cal{2025};
  const Days july = cal.year_start(2026) + 181;
  auto p = params_for(kModules, [&](ParamValues& v) {
    v.set_lever("harm_reduction.nsp_coverage", Lever{{0.0, july}, {0.0, 0.5}, Interpolation::Step});
    v.set_lever("harm_reduction.naloxone_coverage", Lever::constant(0.2));
    v.set_lever("harm_reduction.outreach_multiplier", Lever{{0.0, july}, {1.0, 3.0}, Interpolation::Step});
  });
  const auto t = run_once(kModules, p, 1, 0, 3);
  const double y = 365.0 / kDaysPerYear;
  EXPECT_EQ(value(t, "harm_reduction.nsp_person_years", 0), 0.0);
  EXPECT_NEAR(value(t, "harm_reduction.nsp_person_years", 1), 400 * 0.5 * (184.0 / 365.0) * y, 1e-9);
  EXPECT_NEAR(value(t, "cost.harm_reduction.nsp_usd", 2), 400 * 0.5 * y * 30.0, 1e-9);
  EXPECT_NEAR(value(t, "cost.harm_reduction.naloxone_usd", 0), 900 * 0.2 * y * 10.0, 1e-9);
  EXPECT_EQ(value(t, "cost.harm_reduction.outreach_usd", 0), 0.0);
  EXPECT_NEAR(value(t, "cost.harm_reduction.outreach_usd", 2), 900 * 2.0 * y * 20.0, 1e-9);
  // Discounted at mid-2027 (day 730 + 182.5): factor exp(-ln(1.03) x 912.5 / 365.25).
  EXPECT_NEAR(value(t, "cost.harm_reduction.nsp_usd_discounted", 2),
              value(t, "cost.harm_reduction.nsp_usd", 2) * std::exp(-std::log(1.03) * 912.5 / kDaysPerYear),
              1e-9);
  // Methamphetamine users are not counted for naloxone.
  g_cohort.substance = kMethamphetamine;
  EXPECT_EQ(total(run_once(kModules, p, 1, 0, 1), "cost.harm_reduction.naloxone_usd"), 0.0);
}

// All of this engineer's modules together at their defaults: runs (conservation is checked by
// the hub every year end), and produces deaths, treatment and health outcomes.
TEST(HarmReduction, CombinedRunOfTreatmentMortalityAndHealth) {
  g_cohort = Cohort{5000, 2000, 500, kOpioid};
  const std::vector<std::string> all = {
      "model.settings", "test.harm_reduction_cohort", "process.harm_reduction", "service.mmt",
      "service.stays",  "process.mortality",          "model.health",           "test.holding"};
  const auto t = run_once(all, params_for(all), 3, 0, 5, 2025, 10.0);
  EXPECT_GT(total(t, "mmt.admissions"), 0.0);
  EXPECT_GT(total(t, "outpatient.admissions"), 0.0);
  EXPECT_GT(total(t, "overdose.deaths"), 0.0);
  EXPECT_GT(total(t, "health.yll"), 0.0);
  EXPECT_GT(total(t, "health.qalys"), 0.0);
  EXPECT_NEAR(value(t, "population.alive", 4), 50000.0 - total(t, "population.deaths"), 1e-6);
}

// Stress: 20 years, several seeds, binding capacities and linear ramps in every lever; each run
// must finish (no endless clocks) and pass the hub's yearly conservation check.
TEST(HarmReduction, CombinedRunsWithRampsAndBindingCapacities) {
  g_cohort = Cohort{3000, 1500, 300, kOpioid};
  const std::vector<std::string> all = {
      "model.settings", "test.harm_reduction_cohort", "process.harm_reduction", "service.mmt",
      "service.stays",  "process.mortality",          "model.health",           "test.holding"};
  const Calendar cal{2025};
  const auto ramp = [&](double a, double b) {
    return Lever{{cal.year_start(2027), cal.year_start(2032)}, {a, b}, Interpolation::Linear};
  };
  auto p = params_for(all, [&](ParamValues& v) {
    v.set_lever("mmt.capacity", ramp(200, 2000));
    v.set_lever("mmt.take_home_share", ramp(0, 0.8));
    v.set_lever("mmt.flexible_dosing", ramp(0, 1));
    v.set_lever("outpatient.capacity", ramp(50, 500));
    v.set_lever("residential.capacity", ramp(20, 100));
    v.set_lever("aftercare.capacity", Lever::constant(10));
    v.set_lever("harm_reduction.naloxone_coverage", ramp(0, 0.5));
    v.set_lever("harm_reduction.outreach_multiplier", ramp(1, 2));
    v.set_number("mmt.seeking_rate_per_year", 0.5);
  });
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    const auto t = run_once(all, p, seed, 0, 20, 2025, 2.0);
    EXPECT_LE(value(t, "mmt.occupancy", 0), 200.0);
    EXPECT_GT(total(t, "mmt.admissions_from_waitlist"), 0.0);
    EXPECT_GT(total(t, "aftercare.turned_away"), 0.0);
  }
}

}  // namespace
}  // namespace pathways
