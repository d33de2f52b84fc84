// The full model's parameters for the benchmarks: module defaults (Viet Nam-like) with the population
// sized to n agents, one person each, and capacities and initiation scaled with it so that the
// model's flows keep the same shape at every size.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/lever.hpp"
#include "core/module.hpp"
#include "core/params.hpp"

namespace pathways::bench {

inline ParamValues model_params(const std::vector<std::string>& modules, std::int64_t n) {
  ParamValues p = ParamValues::defaults(param_specs_of(modules));
  const double persons = static_cast<double>(n);
  p.set_number("population.size", persons);
  // Shares at the start as in scenarios/viet_nam/baseline.yaml.
  p.set_list("population.setting_shares", {0.7293, 0.0667, 0.03, 0.0, 0.174, 0.0, 0.0, 0.0});
  p.set_lever("population.initiation_rate_per_year", Lever::constant(0.05 * persons));
  p.set_lever("compulsory_centre.capacity", Lever::constant(0.0667 * persons));
  p.set_lever("mmt.capacity", Lever::constant(0.18 * persons));
  return p;
}

}  // namespace pathways::bench
