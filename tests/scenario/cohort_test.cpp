// Cohort experiments (run.cohort): a closed cohort entered by one event at the start. Released
// detainees relapse by the post-release hazard, whose Kaplan-Meier curve (relapse_free.cohort) must
// follow the closed form; admissions go through the setting's service; nobody else enters.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <string>

#include "scenario/run_replicate.hpp"
#include "scenario/scenario.hpp"
#include "support/model_run.hpp"
#include "support/tolerances.hpp"

namespace pathways {
namespace {

using testing::last;
using testing::total;

std::string small() {
  return std::string(std::getenv("PATHWAYS_SOURCE_DIR")) + "/tests/cli/data/small.yaml";
}

const Curve& curve(const SeriesTable& t, const std::string& name) {
  for (const auto& c : t.curves) {
    if (c.name == name) return c;
  }
  throw std::invalid_argument(name);
}

double at_day(const Curve& c, double day) {
  for (std::size_t i = 0; i < c.x.size(); ++i) {
    if (c.x[i] == day) return c.y[i];
  }
  throw std::invalid_argument("no grid point at day " + std::to_string(day));
}

TEST(Cohort, ReleasedDetaineesRelapseByTheClosedForm) {
  // Relapse hazard 2 a year with every post-release multiplier 1 and no police contact: the share
  // still abstinent at day t is exp(-2 t / 365.25) (deaths are rare and censored).
  const Scenario s = load_scenario(
      small(),
      {"run.cohort={entry: 'release:compulsory_centre', size: 20000, substance: opioid, stage: dependent, "
       "years: 1}",
       "run.scale=1", "parameters.drug_use.opioid.relapse_rate_per_year=2",
       "parameters.drug_use.post_release_relapse_multiplier=[1, 1, 1, 1]",
       "parameters.justice.contact_rate_per_year=0"});
  const SeriesTable t = run_replicate(s, 5, 0);
  EXPECT_EQ(total(t, "population.entries"), 0.0);
  EXPECT_EQ(total(t, "compulsory_centre.releases"), 20000.0);
  const Curve& c = curve(t, "relapse_free.cohort");
  for (double day : {30.0, 91.0, 182.0}) {
    const double p = std::exp(-2.0 * day / kDaysPerYear);
    testing::expect_binomial(at_day(c, day) * 20000.0, 20000.0, p, "abstinent at day " + std::to_string(day));
  }
}

TEST(Cohort, AdmissionsGoThroughTheService) {
  const Scenario s =
      load_scenario(small(), {"run.cohort={entry: 'admission:mmt', size: 3000, substance: opioid, years: 1}",
                              "run.scale=1", "parameters.mmt.capacity=100000"});
  const SeriesTable t = run_replicate(s, 6, 0);
  EXPECT_EQ(t.values[static_cast<std::size_t>(t.find("mmt.admissions"))][0] >= 3000.0, true);
  // Treatment entrants start abstinent: nobody has used on day 0.
  EXPECT_EQ(at_day(curve(t, "relapse_free.cohort"), 0.0), 1.0);
  // Every exit has a reason.
  double reasons = 0.0;
  for (const char* why : {"completed", "dropout", "detained", "failed", "transferred", "released", "died"}) {
    reasons += total(t, std::string("mmt.exits_") + why);
  }
  EXPECT_EQ(reasons, total(t, "mmt.exits"));
}

TEST(Cohort, RemissionAtCompletionGoesThroughTheDrugUseBookkeeping) {
  // Everyone completes a 30-day outpatient stay, and every completer still using enters remission.
  // The drug-use module's counts must see it, and a relapse must return people to the stage they
  // came from (harmful here: progression and regression are switched off).
  const auto cohort = [](const std::string& relapse) {
    return load_scenario(
        small(),
        {"run.cohort={entry: 'admission:outpatient', size: 4000, substance: methamphetamine, stage: harmful, "
         "years: 2}",
         "run.scale=1", "parameters.outpatient.capacity=100000", "parameters.outpatient.stay_mean_days=30",
         "parameters.outpatient.stay_sd_days=1", "parameters.outpatient.failure_probability=0",
         "parameters.outpatient.dropout_rate_per_year=0",
         "parameters.outpatient.remission_share_at_completion=1",
         "parameters.drug_use.methamphetamine.progression_rate_per_year=[0, 0]",
         "parameters.drug_use.methamphetamine.regression_rate_per_year=[0, 0]",
         "parameters.drug_use.methamphetamine.remission_rate_per_year=[0, 0, 0]",
         "parameters.drug_use.methamphetamine.relapse_rate_per_year=" + relapse,
         "parameters.drug_use.treatment_relapse_multiplier=1", "parameters.justice.contact_rate_per_year=0"});
  };
  // Entrants start abstinent; with quick relapse almost all use again during the stay, enter
  // remission at completion and relapse again outside. Every stage count stays a count of the living
  // (a remission written behind the drug-use module's back made its remission count negative and its
  // harmful count exceed the living), and relapse returns them to harmful use, nobody to dependent.
  const SeriesTable back = run_replicate(cohort("20"), 7, 0);
  EXPECT_GT(total(back, "drug_use.relapses"), 1.5 * 4000.0);  // twice each, nearly
  EXPECT_GE(last(back, "drug_use.stage_remission"), 0.0);
  EXPECT_LE(last(back, "drug_use.stage_harmful"), last(back, "population.alive"));
  EXPECT_EQ(last(back, "drug_use.stage_dependent"), 0.0);
  EXPECT_EQ(last(back, "drug_use.stage_remission") + last(back, "drug_use.stage_harmful"),
            last(back, "population.alive"));
  EXPECT_GT(last(back, "drug_use.stage_harmful"), 0.99 * last(back, "population.alive"));
}

TEST(Cohort, ACohortOfMethamphetamineUsersCannotEnterMethadone) {
  // Refused when the file is loaded (validate and run agree), naming the rule.
  try {
    load_scenario(small(),
                  {"run.cohort={entry: 'admission:mmt', size: 10, substance: methamphetamine, years: 1}"});
    FAIL() << "expected a ScenarioError";
  } catch (const ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("which admits opioid users only"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace pathways
