// Keys a one-way sensitivity analysis can vary, as one number: a number, a lever without a
// schedule, one element of a list (KEY[i]) or one entry of a map (KEY[name], a setting or class).
#pragma once

#include <string>
#include <vector>

#include "core/module.hpp"
#include "core/params.hpp"

namespace pathways {

/// The spec a varied key refers to, or nullptr with `why` set to what was expected instead.
const ParamSpec* varied_spec(const std::vector<ParamSpec>& specs, const std::vector<Declaration>& entities,
                             const std::string& key, std::string& why);

/// The current value of a varied key: a number or lever (its value at the start), KEY[i], or
/// KEY[name] (the entry written for that name, else the map's default for unwritten keys).
double varied_value(const ParamValues& values, const std::string& key);

/// Sets a varied key to a constant value.
void set_varied_value(ParamValues& values, const std::string& key, double v);

}  // namespace pathways
