// libFuzzer target for the scenario loader (make fuzz).
#include "targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return pathways::fuzz::scenario_input(data, size);
}
