// Declared parameters (name, type, unit, default, range, source, help) and their resolved values.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/lever.hpp"

namespace pathways {

enum class ParamType {
  Number,   ///< a real number
  Integer,  ///< a whole number
  Bool,     ///< true or false
  Lever,    ///< a number, or a year-value map that changes with calendar time
  Choice,   ///< one of a fixed set of words
  List,     ///< a list of numbers
  Map,      ///< levers by name: the names are entities of a declared domain (settings, say)
  Entity,   ///< the name of an entity of a declared domain (a setting), or one of map_extra_keys
};

const char* param_type_name(ParamType t);

/// One declared parameter. Declared once, in the module that reads it; the scenario loader
/// validates against it and the reference documentation is generated from it.
struct ParamSpec {
  std::string key;  ///< dotted key path, e.g. "mmt.dropout_rate_per_year"
  ParamType type = ParamType::Number;
  std::string unit;
  double default_number = 0.0;       ///< Number, Integer, Bool (0/1), Lever
  std::vector<double> default_list;  ///< List
  std::string default_choice;        ///< Choice
  std::vector<std::string> choices;  ///< Choice
  double min = 0.0;                  ///< inclusive lower bound (Number, Integer, Lever, List)
  double max = 0.0;                  ///< inclusive upper bound
  std::size_t list_size = 0;         ///< List: required length, 0 = any
  bool list_sums_to_one = false;     ///< List: entries are shares that must sum to 1
  std::string share_group;           ///< Number/Lever: all members of a group must sum to 1
  /// Map: the domain whose entity names (and the values of their `map_key_attribute`, such as a
  /// setting's class) may be keys; further allowed keys; defaults by key; whether the levers must
  /// sum to 1 at every time (routing shares).
  std::string map_domain;
  std::string map_key_attribute;
  std::vector<std::string> map_extra_keys;
  std::map<std::string, double> default_map;  ///< default_number applies to keys not listed
  bool map_sums_to_one = false;
  bool map_levers = false;  ///< entries may be year maps (levers); otherwise plain numbers
  /// Map: the attribute (and its allowed values) an entity must have to be a key, e.g. class in
  /// {detention} for a parameter that only means something inside; empty: any entity.
  std::string map_filter_attribute;
  std::vector<std::string> map_filter_values;
  bool required = false;  ///< the scenario must give a value (no default applies)
  std::string source;     ///< seed figure, paper, or "assumption: ..."
  std::string help;
};

/// Declaration helpers, so each module's parameter table reads as one line per parameter.
ParamSpec number_param(std::string key, std::string unit, double def, double min, double max,
                       std::string source, std::string help);
ParamSpec integer_param(std::string key, std::string unit, double def, double min, double max,
                        std::string source, std::string help);
ParamSpec bool_param(std::string key, bool def, std::string source, std::string help);
ParamSpec lever_param(std::string key, std::string unit, double def, double min, double max,
                      std::string source, std::string help);
ParamSpec choice_param(std::string key, std::string def, std::vector<std::string> choices, std::string source,
                       std::string help);
ParamSpec list_param(std::string key, std::string unit, std::vector<double> def, double min, double max,
                     std::size_t size, std::string source, std::string help);
/// The name of an entity of `domain` (or one of `extra`, such as "community").
ParamSpec entity_param(std::string key, std::string domain, std::string def, std::vector<std::string> extra,
                       std::string source, std::string help);
/// A map of levers keyed by entities of `domain` (or by the values of their `key_attribute`);
/// `def` holds defaults by key and `other` the value of every key not written.
ParamSpec map_param(std::string key, std::string domain, std::string key_attribute, std::string unit,
                    std::map<std::string, double> def, double other, double min, double max,
                    std::string source, std::string help);

/// A map parameter whose entries may be year maps (levers), not only numbers.
inline ParamSpec with_levers(ParamSpec s) {
  s.map_levers = true;
  return s;
}

/// A resolved parameter value; which field is meaningful depends on the spec's type.
struct ParamValue {
  double number = 0.0;  ///< Map: the value of keys not written
  Lever lever = Lever::constant(0.0);
  std::string choice;
  std::vector<double> list;
  std::map<std::string, Lever> map;
};

/// Resolved values for one run, keyed by the declared key path.
class ParamValues {
 public:
  /// Values for every spec, at its default.
  static ParamValues defaults(const std::vector<ParamSpec>& specs);

  void set(const std::string& key, ParamValue v) { values_[key] = std::move(v); }
  void set_number(const std::string& key, double v);
  void set_list(const std::string& key, std::vector<double> v);
  void set_choice(const std::string& key, std::string v);
  void set_lever(const std::string& key, Lever v);
  /// Sets one entry of a map parameter.
  void set_map_entry(const std::string& key, const std::string& name, Lever v);

  bool has(std::string_view key) const { return values_.find(std::string(key)) != values_.end(); }
  double number(std::string_view key) const { return get(key).number; }
  long integer(std::string_view key) const { return static_cast<long>(get(key).number); }
  bool flag(std::string_view key) const { return get(key).number != 0.0; }
  const Lever& lever(std::string_view key) const { return get(key).lever; }
  const std::string& choice(std::string_view key) const { return get(key).choice; }
  /// An Entity parameter: the name chosen.
  const std::string& entity(std::string_view key) const { return get(key).choice; }
  const std::vector<double>& list(std::string_view key) const { return get(key).list; }
  /// The whole map value (entries written, and `number` for the rest).
  const ParamValue& map(std::string_view key) const { return get(key); }
  const std::map<std::string, ParamValue>& all() const { return values_; }

 private:
  const ParamValue& get(std::string_view key) const;
  std::map<std::string, ParamValue> values_;
};

}  // namespace pathways
