// Loading scenarios: extends and deep merge, levers (knot days incl. leap years), sources, --set
// overrides, defaults, and the resolved document.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "scenario/scenario.hpp"

namespace pathways {
namespace {

std::string fixture(const std::string& rel) {
  const char* src = std::getenv("PATHWAYS_SOURCE_DIR");
  return std::string(src ? src : ".") + "/tests/scenario/" + rel;
}

std::string small_test() {
  const char* src = std::getenv("PATHWAYS_SOURCE_DIR");
  return std::string(src ? src : ".") + "/tests/cli/data/small.yaml";
}

Days day_of(int start_year, int year) {
  return static_cast<Days>(days_from_civil(year, 1, 1) - days_from_civil(start_year, 1, 1));
}

TEST(LoadScenario, ReadsRunModulesAndValues) {
  const Scenario s = load_scenario(fixture("good/base.yaml"));
  EXPECT_EQ(s.name, "Base");
  EXPECT_EQ(s.description, "Base scenario");
  EXPECT_EQ(s.run.start_year, 2024);
  EXPECT_EQ(s.run.years, 10);
  EXPECT_DOUBLE_EQ(s.run.scale, 10.0);
  EXPECT_EQ(s.replicates, 4);
  ASSERT_TRUE(s.seed.has_value());
  EXPECT_EQ(*s.seed, 99u);
  // In declared module order, whatever the order written.
  EXPECT_EQ(s.run.modules, (std::vector<std::string>{"example.markov_chain", "test.scenario"}));
  EXPECT_DOUBLE_EQ(s.params.number("test.scenario.prob"), 0.4);
  EXPECT_EQ(s.params.integer("test.scenario.count"), 20);
  EXPECT_EQ(s.params.list("test.scenario.shares"), (std::vector<double>{0.1, 0.2, 0.7}));
  // Unset parameters keep their declared defaults, for every module of the scenario.
  EXPECT_DOUBLE_EQ(s.params.number("test.scenario.rate_per_year"), 1.0);
  EXPECT_EQ(s.params.integer("example.markov_chain.agents"), 100000);
  EXPECT_EQ(s.params.choice("test.scenario.mode"), "fast");
}

TEST(LoadScenario, LeverKnotDaysCountLeapYears) {
  const Scenario s = load_scenario(fixture("good/base.yaml"));
  const Lever& l = s.params.lever("test.scenario.capacity");
  ASSERT_EQ(l.days.size(), 2u);
  EXPECT_EQ(l.days[0], 0.0);
  // 2024 and 2028 are leap years: 366 + 365 + 365 + 365 + 366 + 365.
  EXPECT_EQ(l.days[1], 2192.0);
  EXPECT_EQ(l.days[1], day_of(2024, 2030));
  EXPECT_EQ(l.interpolation, Interpolation::Step);
  EXPECT_EQ(l.at(2191.0), 100.0);
  EXPECT_EQ(l.at(2192.0), 200.0);
}

TEST(LoadScenario, ExtendsMergesMapsAndReplacesListsAndLevers) {
  const Scenario s = load_scenario(fixture("good/child.yaml"));
  EXPECT_EQ(s.name, "Child");
  EXPECT_EQ(s.description, "Base scenario");  // inherited
  EXPECT_EQ(s.run.start_year, 2024);          // run merges key by key
  EXPECT_EQ(s.run.years, 8);
  EXPECT_DOUBLE_EQ(s.run.scale, 10.0);
  EXPECT_EQ(s.replicates, 4);
  EXPECT_EQ(s.run.modules, (std::vector<std::string>{"test.scenario"}));  // list replaced
  EXPECT_FALSE(s.params.has("example.markov_chain.agents"));
  EXPECT_DOUBLE_EQ(s.params.number("test.scenario.prob"), 0.4);  // inherited
  EXPECT_EQ(s.params.integer("test.scenario.count"), 30);        // overridden
  EXPECT_EQ(s.params.list("test.scenario.shares"), (std::vector<double>{0.3, 0.3, 0.4}));
  EXPECT_TRUE(s.params.flag("test.scenario.enabled"));
  EXPECT_DOUBLE_EQ(s.params.lever("test.scenario.route.warn").at(0), 0.6);
  // A lever's year map replaces the base's as a whole: no 2024 or 2030 knot survives.
  const Lever& cap = s.params.lever("test.scenario.capacity");
  ASSERT_EQ(cap.days.size(), 1u);
  EXPECT_EQ(cap.days[0], day_of(2024, 2026));
  EXPECT_EQ(cap.days[0], 731.0);
  EXPECT_EQ(cap.values[0], 300.0);
}

TEST(LoadScenario, AMapWrittenEntryByEntryListsTheEntriesSources) {
  // A pack writes a routing map entry by entry with a source each; a plan overrides one entry. The
  // map's source is the entries' own (never the module default's), each with its name.
  const Scenario s = load_scenario(
      small_test(),
      {"parameters.justice.routing={warning: {value: 0.5, source: 'police data'}, compulsory_centre: "
       "{value: 0.3, source: 'decree'}, prison: 0.1, mmt: 0.1}"});
  ASSERT_EQ(s.sources.count("justice.routing"), 1u);
  EXPECT_EQ(s.sources.at("justice.routing"), "warning: police data; compulsory_centre: decree");
}

TEST(LoadScenario, ValueWithSourceIsRecorded) {
  const Scenario s = load_scenario(fixture("good/child.yaml"));
  EXPECT_EQ(s.params.choice("test.scenario.mode"), "slow");
  ASSERT_EQ(s.sources.count("test.scenario.mode"), 1u);
  EXPECT_EQ(s.sources.at("test.scenario.mode"), "a report, table 2");
}

TEST(LoadScenario, LeversStepLinearAndShareGroupOverTime) {
  const Scenario s = load_scenario(fixture("good/levers.yaml"));
  const Lever& cap = s.params.lever("test.scenario.capacity");
  EXPECT_EQ(cap.interpolation, Interpolation::Linear);
  const Days d2025 = day_of(2023, 2025), d2029 = day_of(2023, 2029);
  ASSERT_EQ(cap.days, (std::vector<Days>{d2025, d2029}));
  EXPECT_DOUBLE_EQ(cap.at(0.5 * (d2025 + d2029)), 200.0);
  EXPECT_DOUBLE_EQ(cap.at(d2029 + 100), 400.0);
  const Lever& divert = s.params.lever("test.scenario.route.divert");
  EXPECT_EQ(divert.interpolation, Interpolation::Step);
  EXPECT_DOUBLE_EQ(divert.at(day_of(2023, 2027) - 1), 0.1);
  EXPECT_DOUBLE_EQ(divert.at(day_of(2023, 2027)), 0.5);
  EXPECT_EQ(s.sources.at("test.scenario.route.detain"), "plan");
  EXPECT_EQ(s.sources.at("test.scenario.route.divert"), "transition plan");
  EXPECT_DOUBLE_EQ(s.params.lever("test.scenario.route.detain").at(day_of(2023, 2030)), 0.3);
}

TEST(LoadScenario, SetOverridesApplyAfterExtends) {
  const Scenario s = load_scenario(fixture("good/child.yaml"),
                                   {"run.years=5", "parameters.test.scenario.capacity={2024: 1, 2026: 0}",
                                    "parameters.test.scenario.mode=fast", "description=changed"});
  EXPECT_EQ(s.run.years, 5);
  EXPECT_EQ(s.description, "changed");
  EXPECT_EQ(s.params.choice("test.scenario.mode"), "fast");
  const Lever& cap = s.params.lever("test.scenario.capacity");
  EXPECT_EQ(cap.days, (std::vector<Days>{0.0, 731.0}));
  EXPECT_EQ(cap.values, (std::vector<double>{1.0, 0.0}));
}

TEST(LoadScenario, SetErrorsNameTheOverride) {
  try {
    load_scenario(fixture("good/child.yaml"),
                  {"run.years=abc", "parameters.test.scenario.cout=3", "novalue"});
    FAIL() << "accepted";
  } catch (const ScenarioError& e) {
    const std::string all = e.what();
    EXPECT_NE(all.find("--set: run.years: expected a whole number in [1, 200], found 'abc'"),
              std::string::npos)
        << all;
    EXPECT_NE(all.find("--set: parameters.test.scenario.cout: expected"), std::string::npos) << all;
    EXPECT_NE(all.find("did you mean 'count'?"), std::string::npos) << all;
    EXPECT_NE(all.find("--set: (document): expected KEY.PATH=VALUE"), std::string::npos) << all;
  }
}

TEST(LoadScenario, SeedTakesTheFullUnsignedRange) {
  const Scenario s = load_scenario(fixture("good/base.yaml"), {"run.seed=18446744073709551615"});
  EXPECT_EQ(*s.seed, 18446744073709551615ull);
  EXPECT_THROW(load_scenario(fixture("good/base.yaml"), {"run.seed=18446744073709551616"}), ScenarioError);
  EXPECT_THROW(load_scenario(fixture("good/base.yaml"), {"run.seed=1.5"}), ScenarioError);
}

TEST(LoadScenario, ShorterRunOnTheCommandLineKeepsLaterKnots) {
  // The base's 2030 knot lies beyond a 3-year run but within the file's own horizon.
  const Scenario s = load_scenario(fixture("good/base.yaml"), {"run.years=3"});
  EXPECT_EQ(s.run.years, 3);
  EXPECT_EQ(s.params.lever("test.scenario.capacity").days, (std::vector<Days>{0.0, 2192.0}));
  // A knot beyond both horizons is still an error.
  EXPECT_THROW(load_scenario(fixture("good/base.yaml"),
                             {"run.years=3", "parameters.test.scenario.capacity={2040: 1}"}),
               ScenarioError);
}

TEST(LoadScenario, LaterStartOnTheCommandLineShiftsKnotDays) {
  const Scenario s = load_scenario(fixture("good/base.yaml"), {"run.start_year=2026"});
  // Knots stay at their calendar dates: 1 January 2024 is day -731 of a run starting in 2026.
  EXPECT_EQ(s.params.lever("test.scenario.capacity").days, (std::vector<Days>{-731.0, day_of(2026, 2030)}));
  EXPECT_EQ(s.params.lever("test.scenario.capacity").at(0), 100.0);
}

TEST(LoadScenario, ResolvedYamlIsTheMergedDocument) {
  const Scenario s = load_scenario(fixture("good/child.yaml"), {"run.seed=7"});
  const YAML::Node doc = YAML::Load(s.resolved_yaml);
  EXPECT_EQ(doc["name"].as<std::string>(), "Child");
  EXPECT_FALSE(doc["extends"]);
  EXPECT_EQ(doc["description"].as<std::string>(), "Base scenario");
  EXPECT_EQ(doc["run"]["years"].as<int>(), 8);
  EXPECT_EQ(doc["run"]["seed"].as<int>(), 7);
  EXPECT_EQ(doc["parameters"]["test"]["scenario"]["capacity"]["2026"].as<double>(), 300.0);
  EXPECT_FALSE(doc["parameters"]["test"]["scenario"]["capacity"]["2024"]);
  EXPECT_EQ(doc["parameters"]["test"]["scenario"]["mode"]["source"].as<std::string>(), "a report, table 2");
  // Loading the resolved document again gives the same scenario.
  const std::string again = ::testing::TempDir() + "resolved.yaml";
  std::ofstream(again) << s.resolved_yaml;
  const Scenario t = load_scenario(again);
  EXPECT_EQ(t.resolved_yaml, s.resolved_yaml);
  EXPECT_EQ(t.params.lever("test.scenario.capacity").days, s.params.lever("test.scenario.capacity").days);
}

TEST(LoadScenario, DefaultModulesAreTheStandardOnes) {
  const std::string path = ::testing::TempDir() + "minimal.yaml";
  std::ofstream(path) << "name: minimal\n";
  const Scenario s = load_scenario(path);
  EXPECT_EQ(s.run.modules, standard_modules());
  EXPECT_EQ(s.run.start_year, 2025);
  EXPECT_EQ(s.run.years, 10);
  EXPECT_EQ(s.replicates, 10);
  EXPECT_FALSE(s.seed.has_value());
  for (const auto& m : standard_modules()) {
    EXPECT_NE(m.rfind("example.", 0), 0u);
    EXPECT_NE(m.rfind("test.", 0), 0u);
  }
  EXPECT_TRUE(find_module("test.scenario"));
}

TEST(LoadScenario, UncertainParametersSitAtTheirCentre) {
  const Scenario s = load_scenario(fixture("good/uncertain.yaml"));
  ASSERT_EQ(s.uncertain.size(), 4u);
  EXPECT_DOUBLE_EQ(s.params.number("test.scenario.prob"), 0.3);
  EXPECT_DOUBLE_EQ(s.params.number("test.scenario.rate_per_year"), 2.0);
  EXPECT_DOUBLE_EQ(s.params.lever("test.scenario.capacity").at(0), 200.0);  // triangular: the mode
  EXPECT_EQ(s.uncertain[0].key, "test.scenario.prob");
  EXPECT_EQ(s.uncertain[0].dist, "beta");
  EXPECT_EQ(s.uncertain[0].args, (std::vector<double>{0.3, 0.05}));
  EXPECT_EQ(s.sources.at("test.scenario.prob"), "trial");
}

TEST(Suggestions, EditDistanceAndDidYouMean) {
  EXPECT_EQ(edit_distance("capacity", "capacty"), 1u);
  EXPECT_EQ(edit_distance("Years", "yaers"), 2u);
  EXPECT_EQ(did_you_mean("capasity", {"capacity", "count"}), "did you mean 'capacity'?");
  EXPECT_EQ(did_you_mean("zzzzzzz", {"capacity", "count"}), "");
}

}  // namespace
}  // namespace pathways
