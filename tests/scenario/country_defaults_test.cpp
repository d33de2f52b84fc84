// Country-marked defaults: every marked key is a real parameter, and a pack is warned exactly about
// the marked keys it leaves unset (its own country's, keys it writes, posterior columns and settings
// it closes are not warned about).
#include "scenario/country_defaults.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/module.hpp"
#include "scenario/scenario.hpp"

namespace pathways {
namespace {

std::filesystem::path scratch_dir() {
  const auto dir = std::filesystem::temp_directory_path() / "pathways_country_defaults_test";
  std::filesystem::create_directories(dir);
  return dir;
}

std::string write(const std::string& name, const std::string& text) {
  const auto path = scratch_dir() / name;
  std::ofstream(path) << text;
  return path.string();
}

bool has(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

TEST(CountryDefaults, EveryMarkedKeyIsAParameterOfTheStandardModules) {
  std::vector<std::string> keys;
  for (const auto& p : param_specs_of(standard_modules(), {})) keys.push_back(p.key);
  for (const auto& k : country_marked_keys()) EXPECT_TRUE(has(keys, k)) << k << " is not a parameter";
  EXPECT_EQ(default_country("mmt.cost_usd_per_year"), "viet_nam");
  EXPECT_EQ(default_country("overdose.fatality"), "");
}

TEST(CountryDefaults, AScenarioNamingNoCountryIsWarnedAboutEveryMarkedKey) {
  const Scenario s = load_scenario(write("none.yaml", "name: No country\n"));
  EXPECT_EQ(borrowed_country_defaults(s).size(), country_marked_keys().size());
}

TEST(CountryDefaults, VietNamsOwnPackIsNotWarned) {
  const Scenario s = load_scenario(write("vn.yaml", "name: VN\ncountry: viet_nam\n"));
  EXPECT_TRUE(borrowed_country_defaults(s).empty());
  EXPECT_EQ(country_default_summary(s), "");
}

TEST(CountryDefaults, KeysWrittenByTheFileItsBaseOrSetAreNotWarned) {
  write("base.yaml", "name: Base\nparameters:\n  mmt:\n    cost_usd_per_year: {value: 500, source: \"x\"}\n");
  const std::string child = write("child.yaml", "extends: base.yaml\nname: Child\ncountry: thailand\n");
  const Scenario s = load_scenario(child, {"parameters.hiv.art_cost_usd_per_year=400"});
  const auto keys = borrowed_country_defaults(s);
  EXPECT_FALSE(has(keys, "mmt.cost_usd_per_year"));
  EXPECT_FALSE(has(keys, "hiv.art_cost_usd_per_year"));
  EXPECT_TRUE(has(keys, "mmt.capacity"));
  EXPECT_EQ(keys.size(), country_marked_keys().size() - 2);
  // One line each for validate, naming the file, the key and the country.
  const auto lines = country_default_warnings(s);
  ASSERT_EQ(lines.size(), keys.size());
  EXPECT_NE(lines.front().find(child + ": warning: parameters." + keys.front() + " takes Viet Nam's default"),
            std::string::npos)
      << lines.front();
  EXPECT_NE(lines.front().find("thailand's figure"), std::string::npos) << lines.front();
  EXPECT_NE(country_default_summary(s).find(std::to_string(keys.size()) + " parameters take Viet Nam's"),
            std::string::npos)
      << country_default_summary(s);
}

TEST(CountryDefaults, PosteriorColumnsCountAsTheCountrysFigures) {
  write("posterior.csv", "mmt.seeking_rate_per_year,weight\n0.1,1\n0.2,1\n");
  const Scenario s =
      load_scenario(write("post.yaml", "name: P\ncountry: thailand\nparameters_from: posterior.csv\n"));
  EXPECT_FALSE(has(borrowed_country_defaults(s), "mmt.seeking_rate_per_year"));
  EXPECT_TRUE(has(borrowed_country_defaults(s), "mmt.cost_usd_per_year"));
}

TEST(CountryDefaults, ASettingClosedForTheWholeRunIsNotWarnedAbout) {
  const Scenario s = load_scenario(write(
      "closed.yaml", "name: C\ncountry: thailand\nparameters:\n  compulsory_centre:\n    capacity: 0\n"));
  const auto keys = borrowed_country_defaults(s);
  for (const auto& k : keys) EXPECT_NE(k.rfind("compulsory_centre.", 0), 0u) << k;
  EXPECT_TRUE(has(keys, "prison.cost_usd_per_day"));
}

}  // namespace
}  // namespace pathways
