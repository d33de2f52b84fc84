// Test support: SplitMix64, a tiny deterministic generator for randomized property tests.
#pragma once

#include <cstdint>

namespace pathways::testing {

/// Deterministic on every platform and independent of the engine's own streams, so property tests
/// need no std:: distributions and cannot share a bug with the code under test.
struct Mix {
  std::uint64_t s;
  std::uint64_t next() {
    std::uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  double uniform() { return (static_cast<double>(next() >> 11) + 0.5) * 0x1.0p-53; }
  std::uint32_t below(std::uint32_t n) { return static_cast<std::uint32_t>(next() % n); }
  bool chance(double p) { return uniform() < p; }
};

}  // namespace pathways::testing
