// Small, fast generator shared by the toy-model benchmarks (baseline_bench.cpp, stepping_bench.cpp).
#pragma once

#include <cmath>
#include <cstdint>

namespace pathways::bench {

/// xoshiro256+ seeded by splitmix64: about a nanosecond per draw, so the model and the event queue,
/// not the generator, are what the toy benchmarks measure (the engine's Philox streams cost more;
/// see rng_bench.cpp). Only the top 53 bits are used, the weak low bits of xoshiro256+ never are.
struct FastRng {
  std::uint64_t s[4];
  explicit FastRng(std::uint64_t seed) {
    for (auto& x : s) {
      seed += 0x9e3779b97f4a7c15ULL;
      std::uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
      x = z ^ (z >> 31);
    }
  }
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t next() {
    const std::uint64_t r = s[0] + s[3];
    const std::uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return r;
  }
  /// Uniform on the open interval (0, 1): never 0 (log is safe) and never 1.
  double uniform() { return (static_cast<double>(next() >> 11) + 0.5) * 0x1.0p-53; }
  /// Exponential with mean 1, by inversion.
  double exponential() { return -std::log(uniform()); }
};

}  // namespace pathways::bench
