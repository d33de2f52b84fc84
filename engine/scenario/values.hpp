// Reading one parameter's value from the scenario tree and checking it against its ParamSpec.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/params.hpp"
#include "scenario/scenario.hpp"
#include "scenario/tree.hpp"

namespace pathways {

/// What a value is read against: the run horizon for lever years, and the entities (settings) that
/// map and name parameters may refer to.
struct ValueContext {
  int start_year = 2025;      ///< first year a lever knot may name
  int years = 10;             ///< knots may name start_year .. start_year + years
  int run_start_year = 2025;  ///< the run's day 0, for converting years to simulation days
  const std::vector<Declaration>* entities = nullptr;  ///< every entity declared in the run
};

/// The keys a Map parameter accepts (entity names passing its filter, values of its key attribute,
/// its extra keys), and the names an Entity parameter accepts.
std::vector<std::string> allowed_keys(const ParamSpec& spec, const std::vector<Declaration>& entities);

/// One parameter as read from the scenario.
struct ReadParam {
  ParamValue value;
  std::optional<UncertainParam> uncertain;
  std::string source;
};

/// Reads `node` (at key path `path`) as a value of `spec`; problems go to `diags`, and the result
/// is empty if there were any.
std::optional<ReadParam> read_param(const ParamSpec& spec, const Tree& node, const std::string& path,
                                    const ValueContext& horizon, std::vector<Diagnostic>& diags);

/// A finite real number written as a plain (unquoted) YAML scalar, or empty with a diagnostic
/// saying that `expected` was expected.
std::optional<double> read_number(const Tree& node, const std::string& path, const std::string& expected,
                                  std::vector<Diagnostic>& diags);

/// A whole number in [lo, hi], or empty with a diagnostic.
std::optional<double> read_whole(const Tree& node, const std::string& path, double lo, double hi,
                                 std::vector<Diagnostic>& diags);

/// Reports every key of map `node` not in `allowed`, with a near-miss suggestion.
void check_keys(const Tree& node, const std::string& path, const std::vector<std::string>& allowed,
                std::vector<Diagnostic>& diags);

/// "[min, max]" with shortest round-trip formatting.
std::string range_text(double lo, double hi);

/// Shortest round-trip text of a number.
std::string number_text(double x);

}  // namespace pathways
