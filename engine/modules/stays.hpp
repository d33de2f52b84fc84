// service.stays: the one service for every setting where people stay for a time under the same rules.
#pragma once

#include <string>
#include <vector>

#include "core/params.hpp"
#include "model/settings.hpp"

namespace pathways {

inline constexpr const char* kStaysType = "service.stays";

/// One parameter's default and where it comes from.
struct Sourced {
  double value = 0.0;
  std::string source{};
};

/// The defaults of one stay setting, each with its source (or "assumption: ..." with a range).
struct StayDefaults {
  std::string label{};
  SettingClass cls = SettingClass::Treatment;
  Sourced capacity{}, stay_mean_days{}, stay_sd_days{}, dropout_rate_per_year{}, failure_probability{},
      remission_share{}, cost_usd_per_day{}, fixed_cost_share{}, household_cost_usd_per_day{};
  std::vector<double> seeking_rate_per_year = {0.0, 0.0};  ///< opioid, methamphetamine
  std::string seeking_source{};
  std::string when_full = "refuse";  ///< refuse, over_capacity or waitlist
  std::string distribution = "gamma";
  std::string on_failure = "community", on_completion = "community";
  std::string payer = "health";
  std::string routes_source{};  ///< why when_full, on_failure and on_completion are what they are
};

/// The parameters of stay setting `name` (keys "<name>.capacity" and so on), with `d` as defaults.
/// `required`: the scenario must give capacity, length and cost itself (a setting it declares).
std::vector<ParamSpec> stay_params(const std::string& name, const StayDefaults& d, bool required);

/// The stay settings the service always runs (compulsory centres, prison, diversion, outpatient,
/// residential, aftercare), with their defaults.
const std::vector<std::pair<std::string, StayDefaults>>& standard_stays();

}  // namespace pathways
