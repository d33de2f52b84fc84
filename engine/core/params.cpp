// Resolved parameter values and their defaults.
#include "core/params.hpp"

#include <stdexcept>

namespace pathways {

const char* param_type_name(ParamType t) {
  switch (t) {
    case ParamType::Number:
      return "number";
    case ParamType::Integer:
      return "integer";
    case ParamType::Bool:
      return "boolean";
    case ParamType::Lever:
      return "lever";
    case ParamType::Choice:
      return "choice";
    case ParamType::List:
      return "list";
    case ParamType::Map:
      return "map";
    case ParamType::Entity:
      return "name";
  }
  return "?";
}

namespace {
ParamSpec base(std::string key, ParamType type, std::string unit, double min, double max, std::string source,
               std::string help) {
  ParamSpec s;
  s.key = std::move(key);
  s.type = type;
  s.unit = std::move(unit);
  s.min = min;
  s.max = max;
  s.source = std::move(source);
  s.help = std::move(help);
  return s;
}
}  // namespace

ParamSpec number_param(std::string key, std::string unit, double def, double min, double max,
                       std::string source, std::string help) {
  ParamSpec s =
      base(std::move(key), ParamType::Number, std::move(unit), min, max, std::move(source), std::move(help));
  s.default_number = def;
  return s;
}

ParamSpec integer_param(std::string key, std::string unit, double def, double min, double max,
                        std::string source, std::string help) {
  ParamSpec s =
      base(std::move(key), ParamType::Integer, std::move(unit), min, max, std::move(source), std::move(help));
  s.default_number = def;
  return s;
}

ParamSpec bool_param(std::string key, bool def, std::string source, std::string help) {
  ParamSpec s = base(std::move(key), ParamType::Bool, "", 0, 1, std::move(source), std::move(help));
  s.default_number = def ? 1.0 : 0.0;
  return s;
}

ParamSpec lever_param(std::string key, std::string unit, double def, double min, double max,
                      std::string source, std::string help) {
  ParamSpec s =
      base(std::move(key), ParamType::Lever, std::move(unit), min, max, std::move(source), std::move(help));
  s.default_number = def;
  return s;
}

ParamSpec choice_param(std::string key, std::string def, std::vector<std::string> choices, std::string source,
                       std::string help) {
  ParamSpec s = base(std::move(key), ParamType::Choice, "", 0, 0, std::move(source), std::move(help));
  s.default_choice = std::move(def);
  s.choices = std::move(choices);
  return s;
}

ParamSpec list_param(std::string key, std::string unit, std::vector<double> def, double min, double max,
                     std::size_t size, std::string source, std::string help) {
  ParamSpec s =
      base(std::move(key), ParamType::List, std::move(unit), min, max, std::move(source), std::move(help));
  s.default_list = std::move(def);
  s.list_size = size;
  return s;
}

ParamSpec entity_param(std::string key, std::string domain, std::string def, std::vector<std::string> extra,
                       std::string source, std::string help) {
  ParamSpec s = base(std::move(key), ParamType::Entity, "", 0, 0, std::move(source), std::move(help));
  s.map_domain = std::move(domain);
  s.default_choice = std::move(def);
  s.map_extra_keys = std::move(extra);
  return s;
}

ParamSpec map_param(std::string key, std::string domain, std::string key_attribute, std::string unit,
                    std::map<std::string, double> def, double other, double min, double max,
                    std::string source, std::string help) {
  ParamSpec s =
      base(std::move(key), ParamType::Map, std::move(unit), min, max, std::move(source), std::move(help));
  s.map_domain = std::move(domain);
  s.map_key_attribute = std::move(key_attribute);
  s.default_map = std::move(def);
  s.default_number = other;
  return s;
}

ParamValues ParamValues::defaults(const std::vector<ParamSpec>& specs) {
  ParamValues out;
  for (const auto& s : specs) {
    ParamValue v;
    v.number = s.default_number;
    v.lever = Lever::constant(s.default_number);
    v.choice = s.default_choice;
    v.list = s.default_list;
    for (const auto& [name, x] : s.default_map) v.map[name] = Lever::constant(x);
    out.values_[s.key] = std::move(v);
  }
  return out;
}

void ParamValues::set_number(const std::string& key, double v) {
  auto& p = values_[key];
  p.number = v;
  p.lever = Lever::constant(v);
}

void ParamValues::set_list(const std::string& key, std::vector<double> v) {
  values_[key].list = std::move(v);
}
void ParamValues::set_choice(const std::string& key, std::string v) {
  values_[key].choice = std::move(v);
}

void ParamValues::set_lever(const std::string& key, Lever v) {
  auto& p = values_[key];
  p.number = v.values.empty() ? 0.0 : v.values.front();
  p.lever = std::move(v);
}

void ParamValues::set_map_entry(const std::string& key, const std::string& name, Lever v) {
  values_[key].map[name] = std::move(v);
}

const ParamValue& ParamValues::get(std::string_view key) const {
  const auto it = values_.find(std::string(key));
  // A module reading an undeclared key is a programming error, not bad user input.
  if (it == values_.end()) throw std::logic_error("parameter not declared: " + std::string(key));
  return it->second;
}

}  // namespace pathways
