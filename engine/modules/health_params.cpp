// The valuation set of model.health: utilities and disability weights of the same states, with their
// sources, and the rule that the two views never disagree on which of two states is better.
#include <fmt/core.h>

#include <string>
#include <vector>

#include "core/module.hpp"
#include "model/people.hpp"
#include "model/settings.hpp"

namespace pathways {

std::vector<ParamSpec> health_params() {
  return {
      list_param(
          "health.utility.opioid", "utility", {0.88, 0.80, 0.72, 0.60}, 0, 1, kStages,
          "remission 0.88: EQ-5D-5L of MMT clients in Tuyen Quang [nguyen2017-tuyenquang], below the Hanoi "
          "population norm 0.91 [nguyen2017-hanoi-norms]; dependent 0.60 (range 0.57-0.76): HIV-positive "
          "users not on MMT about 0.60 [tran2013-mmt-hiv], active injection 0.574 [wittenberg2016], EQ-5D "
          "0.76 untreated [barnett2005]; episodic 0.80 and harmful 0.72 interpolated (assumption, ranges "
          "0.74-0.88 and 0.65-0.80)",
          "Utility of people whose main substance is opioids, by stage (remission, episodic, harmful, "
          "dependent)."),
      list_param(
          "health.utility.methamphetamine", "utility", {0.88, 0.82, 0.76, 0.70}, 0, 1, kStages,
          "assumption: no preference-based utility of methamphetamine dependence was found for the region "
          "(users in treatment are below population norms, MATES Australia [mates2012]); dependent 0.70 "
          "(0.60-0.80), remission as for opioids, the stages between interpolated",
          "Utility of people whose main substance is methamphetamine, by stage."),
      list_param(
          "health.disability_weight.opioid", "disability weight", {0.0, 0.0, 0.335, 0.697}, 0, 1, kStages,
          "GBD disability weights of opioid use disorder [salomon2015-dw] as used by IHME [ihme-oud]: mild "
          "0.335 (0.221-0.473) for the harmful stage, moderate to severe 0.697 (0.510-0.843) for dependence; "
          "no weight without a disorder",
          "Disability weight of opioid use by stage (remission, episodic, harmful, dependent), for YLD."),
      list_param(
          "health.disability_weight.methamphetamine", "disability weight", {0.0, 0.0, 0.04, 0.079}, 0, 1,
          kStages,
          "GBD amphetamine dependence 0.079 (0.053-0.113) as transcribed from [salomon2015-dw] and not "
          "checked against the GBD file (far higher values are also quoted: 0.05-0.5 for sensitivity); the "
          "harmful stage half of it (assumption)",
          "Disability weight of methamphetamine use by stage, for YLD."),
      map_param(
          "health.setting_utility_multiplier", kSettingDomain, "class", "multiplier", {{"detention", 0.90}},
          1.0, 0, 1,
          "prisoners' utilities are 0.725 (SF-6D, [chong2009-prison]) and 0.72 (EQ-5D, [greece2014-prison]) "
          "against a population norm of 0.91 [nguyen2017-hanoi-norms] (ratio 0.79, across instruments); "
          "assumption 0.90 (0.80-0.95) for time in detention; no effect elsewhere",
          "Utility multiplier by setting: a map from setting name or class; settings not named take 1. It "
          "has no counterpart among GBD disability weights, so QALYs and DALYs differ on it."),
      list_param(
          "health.reference_life_expectancy", "years",
          {88.87, 84.03, 79.05, 74.07, 69.11, 64.15, 59.20, 54.25, 49.32, 44.43,
           39.63, 34.91, 30.25, 25.68, 21.29, 17.10, 13.24, 9.99,  7.62,  5.92},
          0, 120, 20,
          "GBD 2019 reference life table [gbd2019-tmrlt]: life expectancy 88.87 at birth; values at ages 0, "
          "5, ..., 95 (confirmed digit for digit against copies of IHME_GBD_2019_TMRLT)",
          "Remaining standard life expectancy at ages 0, 5, 10, ..., 95 (linear between; last value beyond), "
          "for years of life lost at death."),
  };
}

std::vector<ParamRule> health_rules() {
  // QALY and DALY views of two states must never disagree in direction: one saying a state is
  // better while the other says it is worse.
  const auto agree = [](const std::vector<double>& u, const std::vector<double>& w, const char* what) {
    for (std::size_t i = 0; i < u.size(); ++i) {
      for (std::size_t j = 0; j < u.size(); ++j) {
        if (u[i] > u[j] && w[i] > w[j]) {
          return fmt::format(
              "{}: state {} has the higher utility ({} > {}) and the higher disability weight "
              "({} > {})",
              what, i, u[i], u[j], w[i], w[j]);
        }
      }
    }
    return std::string();
  };
  std::vector<ParamRule> rules;
  for (std::size_t s = 0; s < kSubstances; ++s) {
    const std::string n(kSubstanceNames[s]);
    rules.push_back(ParamRule{{"health.utility." + n, "health.disability_weight." + n},
                              "utilities and disability weights of " + n +
                                  " use that agree on which stage is "
                                  "better (QALY and DALY views in the same "
                                  "direction)",
                              [n, agree](const ParamValues& p, const std::vector<Declaration>&) {
                                return agree(p.list("health.utility." + n),
                                             p.list("health.disability_weight." + n), n.c_str());
                              }});
  }
  return rules;
}

}  // namespace pathways
