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

using testing::identical;

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
