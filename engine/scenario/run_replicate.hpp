// Building and running one simulation from a scenario: the one place run, compare and calibration do it.
#pragma once

#include <cstdint>

#include "core/outputs.hpp"
#include "core/simulation.hpp"
#include "scenario/scenario.hpp"

namespace pathways {

/// The run settings of replicate `replicate` of `s` under master seed `seed`: the scenario's
/// modules, declarations, start, horizon and scale.
RunConfig run_config_of(const Scenario& s, std::uint64_t seed, std::uint64_t replicate);

/// Runs replicate `replicate` of `s` with the parameter values it draws for that replicate
/// (draw_parameters: distributions and the posterior row, common to every scenario of a comparison).
SeriesTable run_replicate(const Scenario& s, std::uint64_t seed, std::uint64_t replicate);

/// The same with given parameter values (a calibration particle, a sensitivity point).
SeriesTable run_replicate(const Scenario& s, const ParamValues& params, std::uint64_t seed,
                          std::uint64_t replicate);

}  // namespace pathways
