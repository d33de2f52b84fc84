// Which module defaults are one country's figures, and the warnings for packs that rely on them.
#include "scenario/country_defaults.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include "core/module.hpp"

namespace pathways {

namespace {

/// Defaults taken from Viet Nam's figures (sources in docs/scenario-reference.md).
constexpr std::array<std::string_view, 33> kVietNam = {
    "population.size", "population.substance_shares", "population.female_share", "population.age_mean_years",
    "population.opioid.injecting_share", "mortality.gompertz_a_per_year", "justice.contact_rate_per_year",
    "justice.routing", "mmt.capacity", "mmt.cost_usd_per_year", "mmt.seeking_rate_per_year",
    "mmt.take_home_share", "mmt.household_cost_usd_per_day", "hiv.initial_prevalence_pwid",
    "hiv.initial_diagnosed_share", "hiv.initial_art_share", "hiv.initial_suppressed_share",
    "hiv.external_partner_prevalence", "hiv.art_cost_usd_per_year", "harm_reduction.nsp_coverage",
    "harm_reduction.naloxone_coverage", "compulsory_centre.capacity", "compulsory_centre.stay_mean_days",
    "compulsory_centre.payer", "compulsory_centre.household_cost_usd_per_day",
    // Unit costs of the standard settings: Viet Nam's costings or assumptions built on them.
    "compulsory_centre.cost_usd_per_day", "prison.cost_usd_per_day", "diversion.cost_usd_per_day",
    "outpatient.cost_usd_per_day", "residential.cost_usd_per_day", "aftercare.cost_usd_per_day",
    // Earnings lost while held: Viet Nam MMT clients' income.
    "prison.household_cost_usd_per_day", "residential.household_cost_usd_per_day"};

std::string country_words(const std::string& country) {
  return country == "viet_nam" ? "Viet Nam's" : country + "'s";
}

std::string shortened(const std::string& text, std::size_t n) {
  return text.size() <= n ? text : text.substr(0, n) + "...";
}

/// A setting the scenario closes for the whole run (capacity 0 throughout, as China does with the
/// standard compulsory centre): its costs and stays never apply, so borrowing them is harmless.
bool setting_unused(const Scenario& s, const std::string& key) {
  const auto dot = key.rfind('.');
  if (dot == std::string::npos) return false;
  const std::string capacity = key.substr(0, dot) + ".capacity";
  if (capacity == key || !s.written_params.count(capacity) || !s.params.has(capacity)) return false;
  const Lever& places = s.params.lever(capacity);
  return std::all_of(places.values.begin(), places.values.end(), [](double v) { return v == 0.0; });
}

}  // namespace

std::string default_country(const std::string& key) {
  return std::find(kVietNam.begin(), kVietNam.end(), key) != kVietNam.end() ? "viet_nam" : "";
}

std::vector<std::string> country_marked_keys() {
  return {kVietNam.begin(), kVietNam.end()};
}

std::vector<std::string> borrowed_country_defaults(const Scenario& s) {
  std::vector<std::string> keys;
  for (const auto& spec : param_specs_of(s.run.modules, s.run.declarations)) {
    const std::string country = default_country(spec.key);
    if (country.empty() || country == s.country || s.written_params.count(spec.key)) continue;
    if (setting_unused(s, spec.key)) continue;
    keys.push_back(spec.key);
  }
  return keys;
}

std::vector<std::string> country_default_warnings(const Scenario& s) {
  std::vector<std::string> lines;
  const auto specs = param_specs_of(s.run.modules, s.run.declarations);
  for (const auto& key : borrowed_country_defaults(s)) {
    const auto spec = std::find_if(specs.begin(), specs.end(), [&](const auto& p) { return p.key == key; });
    lines.push_back(
        s.path + ": warning: parameters." + key + " takes " + country_words(default_country(key)) +
        " default (" + shortened(spec->source, 100) + "); give " +
        (s.country.empty() ? "the pack's country (and name it with country:)" : s.country + "'s") +
        " figure, or write the default with source: \"assumption: ...\" to keep it");
  }
  return lines;
}

std::string country_default_summary(const Scenario& s) {
  const auto keys = borrowed_country_defaults(s);
  if (keys.empty()) return "";
  std::string named;
  for (std::size_t i = 0; i < keys.size() && i < 4; ++i) named += (i ? ", " : "") + keys[i];
  if (keys.size() > 4) named += ", ...";
  return s.path + ": warning: " + std::to_string(keys.size()) + " parameter" +
         (keys.size() == 1 ? " takes" : "s take") + " Viet Nam's module default" +
         (s.country.empty() ? " (the scenario names no country:)" : " in a pack for " + s.country) + " (" +
         named + "); " + (s.country.empty() ? "name the country (country:) and " : "") +
         "pathways validate lists them";
}

}  // namespace pathways
