// Test support: run a Simulation with a list of modules and parameter overrides, in one call.
#pragma once

#include <cstring>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/ensemble.hpp"
#include "core/simulation.hpp"

namespace pathways::testing {

/// Parameter values at the defaults of `modules`, then changed by `edit`.
inline ParamValues params_for(const std::vector<std::string>& modules,
                              const std::function<void(ParamValues&)>& edit = {}) {
  ParamValues p = ParamValues::defaults(param_specs_of(modules));
  if (edit) edit(p);
  return p;
}

/// Runs one replicate and returns its outputs.
inline SeriesTable run_once(const std::vector<std::string>& modules, const ParamValues& params,
                            std::uint64_t seed = 1, std::uint64_t replicate = 0, int years = 10,
                            int start_year = 2025, double scale = 1.0) {
  RunConfig c;
  c.seed = seed;
  c.replicate = replicate;
  c.years = years;
  c.start_year = start_year;
  c.scale = scale;
  c.modules = modules;
  Simulation sim(c, params);
  return sim.run();
}

/// Value of metric `name` in year index `year` (throws if the metric does not exist).
inline double value(const SeriesTable& t, const std::string& name, int year) {
  const long i = t.find(name);
  if (i < 0) throw std::invalid_argument("no metric " + name);
  return t.values[static_cast<std::size_t>(i)][static_cast<std::size_t>(year)];
}

/// Sum of metric `name` over all years.
inline double total(const SeriesTable& t, const std::string& name) {
  double s = 0.0;
  for (int y = 0; y < t.years; ++y) s += value(t, name, y);
  return s;
}

/// Value of metric `name` in the last year (stocks at the horizon).
inline double last(const SeriesTable& t, const std::string& name) {
  return value(t, name, t.years - 1);
}

/// Byte-level equality of every value of two tables (NaN-safe and stricter than ==), and of their
/// event counts.
inline bool identical(const SeriesTable& a, const SeriesTable& b) {
  if (a.values.size() != b.values.size() || a.events != b.events) return false;
  for (std::size_t m = 0; m < a.values.size(); ++m) {
    const auto& x = a.values[m];
    const auto& y = b.values[m];
    if (x.size() != y.size() || std::memcmp(x.data(), y.data(), x.size() * sizeof(double)) != 0) return false;
  }
  return true;
}

/// The same for ensembles of tables.
inline bool identical(const std::vector<SeriesTable>& a, const std::vector<SeriesTable>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t r = 0; r < a.size(); ++r) {
    if (!identical(a[r], b[r])) return false;
  }
  return true;
}

}  // namespace pathways::testing
