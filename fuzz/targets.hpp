// The loaders under fuzzing: bytes in, a located diagnostic or a scenario out, never a crash, a hang
// or unbounded memory. Shared by the libFuzzer targets (make fuzz) and the smoke driver (make test).
#pragma once

#include <cstddef>
#include <cstdint>

namespace pathways::fuzz {

/// Loads `data` as a scenario file (validate's path), then draws its parameters (run's first step).
int scenario_input(const std::uint8_t* data, std::size_t size);

/// Reads `data` as a posterior CSV against the standard modules' parameters.
int posterior_input(const std::uint8_t* data, std::size_t size);

}  // namespace pathways::fuzz
