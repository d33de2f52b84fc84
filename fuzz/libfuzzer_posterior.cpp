// libFuzzer target for the posterior CSV reader (make fuzz).
#include "targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return pathways::fuzz::posterior_input(data, size);
}
