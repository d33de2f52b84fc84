// Determinism: same seed, same bytes, for 1 and 2 threads and across repeated runs; seeds matter.
#include <gtest/gtest.h>

#include <cstring>

#include "support/model_run.hpp"

namespace pathways {
namespace {

std::vector<SeriesTable> ensemble(std::uint64_t seed, int threads) {
  const std::vector<std::string> modules = {"example.markov_chain"};
  const ParamValues p = testing::params_for(
      modules, [](ParamValues& v) { v.set_number("example.markov_chain.agents", 20000); });
  return run_jobs<SeriesTable>(6, threads,
                               [&](std::size_t r) { return testing::run_once(modules, p, seed, r, 5); });
}

// Byte-level equality of every value (NaN-safe and stricter than ==).
bool identical(const std::vector<SeriesTable>& a, const std::vector<SeriesTable>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t r = 0; r < a.size(); ++r) {
    if (a[r].values.size() != b[r].values.size() || a[r].events != b[r].events) return false;
    for (std::size_t m = 0; m < a[r].values.size(); ++m) {
      const auto& x = a[r].values[m];
      const auto& y = b[r].values[m];
      if (x.size() != y.size() || std::memcmp(x.data(), y.data(), x.size() * sizeof(double)) != 0)
        return false;
    }
  }
  return true;
}

TEST(Determinism, OneAndTwoThreadsGiveIdenticalBytes) {
  EXPECT_TRUE(identical(ensemble(7, 1), ensemble(7, 2)));
}

TEST(Determinism, RepeatedRunsGiveIdenticalBytes) {
  EXPECT_TRUE(identical(ensemble(7, 2), ensemble(7, 2)));
}

TEST(Determinism, DifferentSeedsAndReplicatesGiveDifferentResults) {
  const auto a = ensemble(7, 2), b = ensemble(8, 2);
  EXPECT_FALSE(identical(a, b));
  EXPECT_NE(a[0].values, a[1].values);  // replicates differ from each other
}

}  // namespace
}  // namespace pathways
