// Keys a one-way sensitivity analysis can vary: checking, reading and setting them.
#include "scenario/varied_keys.hpp"

#include <algorithm>
#include <cctype>

#include "scenario/diagnostics.hpp"
#include "scenario/posterior.hpp"
#include "scenario/values.hpp"

namespace pathways {

namespace {

/// "key", or "key[entry]" split into its parts (entry empty without brackets).
std::pair<std::string, std::string> split_entry(const std::string& key) {
  const auto open = key.find('[');
  if (open == std::string::npos || key.empty() || key.back() != ']') return {key, ""};
  return {key.substr(0, open), key.substr(open + 1, key.size() - open - 2)};
}

bool is_index(const std::string& entry) {
  return !entry.empty() &&
         std::all_of(entry.begin(), entry.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

const ParamSpec* varied_spec(const std::vector<ParamSpec>& specs, const std::vector<Declaration>& entities,
                             const std::string& key, std::string& why) {
  const auto split = split_entry(key);
  const std::string& name = split.first;  // not a structured binding: the lambda captures it
  const std::string& entry = split.second;
  const auto it = std::find_if(specs.begin(), specs.end(), [&](const ParamSpec& p) { return p.key == name; });
  why =
      "a number or lever parameter, LIST[i] for one element of a list, or MAP[name] for one entry of a map "
      "(pathways describe lists them)";
  if (it == specs.end()) return nullptr;
  const ParamSpec& spec = *it;
  switch (spec.type) {
    case ParamType::Number:
    case ParamType::Lever:
      return entry.empty() ? &spec : nullptr;
    case ParamType::List:
      return scalar_spec(specs, key, why);
    case ParamType::Map: {
      const auto allowed = allowed_keys(spec, entities);
      if (entry.empty() || std::find(allowed.begin(), allowed.end(), entry) == allowed.end()) {
        why = "an entry of the map " + name + " named by " + join_words(allowed) + ", written " + name +
              "[name]";
        return nullptr;
      }
      return &spec;
    }
    default:
      why = "a numeric parameter ('" + name + "' is a " + param_type_name(spec.type) + ")";
      return nullptr;
  }
}

double varied_value(const ParamValues& values, const std::string& key) {
  const auto [name, entry] = split_entry(key);
  if (entry.empty()) return values.number(name);
  if (is_index(entry)) return values.list(name).at(std::stoul(entry));
  const ParamValue& m = values.map(name);
  const auto it = m.map.find(entry);
  return it != m.map.end() ? it->second.at(0.0) : m.number;
}

void set_varied_value(ParamValues& values, const std::string& key, double v) {
  const auto [name, entry] = split_entry(key);
  if (!entry.empty() && !is_index(entry)) {
    values.set_map_entry(name, entry, Lever::constant(v));
  } else {
    set_scalar(values, key, v);
  }
}

}  // namespace pathways
