// Module defaults that are one country's figures (Viet Nam's, where the model was first built): a
// pack for another country that leaves one of them unset would silently take it, so `validate`,
// `run` and `compare` warn (docs/country-packs.md). Everything not listed is regional or global
// evidence, or an assumption that holds across the region.
#pragma once

#include <string>
#include <vector>

#include "scenario/scenario.hpp"

namespace pathways {

/// The country whose figure a parameter's default is ("viet_nam"), or "" for regional or global
/// defaults.
std::string default_country(const std::string& key);

/// Every parameter key whose module default is one country's figure (for tests and docs).
std::vector<std::string> country_marked_keys();

/// The parameters of a scenario's modules whose default is another country's (any country's, when
/// the scenario names none with `country:`) and that no file of the scenario, its posterior or
/// `--set` gives a value.
std::vector<std::string> borrowed_country_defaults(const Scenario& s);

/// One warning line per borrowed key, for `pathways validate`:
/// `FILE: warning: parameters.KEY takes Viet Nam's default (SOURCE); ...`.
std::vector<std::string> country_default_warnings(const Scenario& s);

/// One line for `run` and `compare` ("" when nothing is borrowed): how many keys, naming the first
/// few; `pathways validate` lists them all.
std::string country_default_summary(const Scenario& s);

}  // namespace pathways
