// Random streams: Philox known-answer vectors, independence of named streams, reproducibility,
// global streams, and streams registered after agents exist.
#include "core/rng.hpp"

#include <gtest/gtest.h>

#include <set>
#include <stdexcept>

namespace pathways {
namespace {

// Known-answer vectors published with Random123 (kat_vectors, philox4x64 with 10 rounds):
// counter words then key words, expected output.
struct Kat {
  std::array<std::uint64_t, 4> ctr;
  std::array<std::uint64_t, 2> key;
  std::array<std::uint64_t, 4> out;
};

TEST(Philox, MatchesPublishedKnownAnswers) {
  const Kat kats[] = {
      {{0, 0, 0, 0},
       {0, 0},
       {0x16554d9eca36314cULL, 0xdb20fe9d672d0fdcULL, 0xd7e772cee186176bULL, 0x7e68b68aec7ba23bULL}},
      {{~0ULL, ~0ULL, ~0ULL, ~0ULL},
       {~0ULL, ~0ULL},
       {0x87b092c3013fe90bULL, 0x438c3c67be8d0224ULL, 0x9cc7d7c69cd777b6ULL, 0xa09caebf594f0ba0ULL}},
      {{0x243f6a8885a308d3ULL, 0x13198a2e03707344ULL, 0xa4093822299f31d0ULL, 0x082efa98ec4e6c89ULL},
       {0x452821e638d01377ULL, 0xbe5466cf34e90c6cULL},
       {0xa528f45403e61d95ULL, 0x38c72dbd566e9788ULL, 0xa5a1610e72fd18b5ULL, 0x57bd43b5e52b7fe6ULL}},
  };
  for (const auto& k : kats) {
    r123::Philox4x64::ctr_type c{{k.ctr[0], k.ctr[1], k.ctr[2], k.ctr[3]}};
    r123::Philox4x64::key_type key{{k.key[0], k.key[1]}};
    const auto r = r123::Philox4x64()(c, key);
    for (int i = 0; i < 4; ++i) EXPECT_EQ(r.v[i], k.out[static_cast<std::size_t>(i)]);
  }
}

TEST(Draws, FirstBlockIsPhiloxOfItsCounter) {
  Draws d(7, 3, 11, 13, 17);
  r123::Philox4x64::ctr_type c{{11, 13, 17, 0}};
  r123::Philox4x64::key_type key{{7, 3}};
  const auto r = r123::Philox4x64()(c, key);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(d(), r.v[i]);
}

TEST(Draws, UniformIsInsideOpenInterval) {
  Draws d(1, 0, 0, 0, 0);
  for (int i = 0; i < 100000; ++i) {
    const double u = d.uniform();
    ASSERT_GT(u, 0.0);
    ASSERT_LT(u, 1.0);
  }
}

TEST(RandomStreams, SameKeysGiveSameDraws) {
  RandomStreams a(42, 1), b(42, 1);
  a.resize(10);
  b.resize(10);
  auto sa = a.stream("x"), sb = b.stream("x");
  for (AgentId i = 0; i < 10; ++i) {
    for (int k = 0; k < 3; ++k) EXPECT_EQ(a.agent_draws(sa, i)(), b.agent_draws(sb, i)());
  }
}

TEST(RandomStreams, AddingAnUnrelatedStreamDoesNotChangeExistingDraws) {
  RandomStreams a(42, 1), b(42, 1);
  a.resize(100);
  b.resize(100);
  auto xa = a.stream("drug_use.transition");
  auto noise = b.stream("hiv.transmission");  // registered first in b: changes its column index
  auto xb = b.stream("drug_use.transition");
  for (AgentId i = 0; i < 100; ++i) {
    (void)b.agent_draws(noise, i)();  // interleaved draws from the unrelated stream
    EXPECT_EQ(a.agent_draws(xa, i).uniform(), b.agent_draws(xb, i).uniform());
  }
}

TEST(RandomStreams, SeedsReplicatesAgentsAndStreamsAllMatter) {
  std::set<std::uint64_t> seen;
  for (std::uint64_t seed : {1u, 2u}) {
    for (std::uint64_t rep : {0u, 1u}) {
      RandomStreams s(seed, rep);
      s.resize(2);
      auto h1 = s.stream("a"), h2 = s.stream("b");
      for (AgentId i = 0; i < 2; ++i) {
        seen.insert(s.agent_draws(h1, i)());
        seen.insert(s.agent_draws(h2, i)());
        seen.insert(s.agent_draws(h1, i)());  // the second draw of the same stream differs too
      }
    }
  }
  EXPECT_EQ(seen.size(), 2u * 2u * 2u * 3u);
}

TEST(Draws, CategoricalFollowsWeights) {
  // Chi-square against the weights: 4 categories, 200,000 draws; the 0.1% critical value of
  // chi-square with 3 degrees of freedom is 16.27.
  const double w[] = {0.1, 0.2, 0.3, 0.4};
  std::array<double, 4> counts{};
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    Draws d(5, 0, static_cast<std::uint64_t>(i), 1, 0);
    ++counts[d.categorical(w, 4)];
  }
  double chi2 = 0.0;
  for (int k = 0; k < 4; ++k) {
    const double e = n * w[k];
    chi2 += (counts[static_cast<std::size_t>(k)] - e) * (counts[static_cast<std::size_t>(k)] - e) / e;
  }
  EXPECT_LT(chi2, 16.27);
}

TEST(RandomStreams, GlobalStreamsDrawOnlyForThePopulation) {
  RandomStreams s(42, 1);
  s.resize(5);
  const StreamHandle g = s.global_stream("test.shocks");
  EXPECT_EQ(g.column, StreamHandle::kNoColumn);
  EXPECT_EQ(s.bytes_per_agent(), 0u);  // no per-agent counters for it
  // Successive population-level draws open successive draw indices of kGlobalAgent.
  for (std::uint64_t i = 0; i < 3; ++i) {
    EXPECT_EQ(s.global_draws(g)(), Draws(42, 1, kGlobalAgent, g.hash, i)());
  }
  EXPECT_THROW(s.agent_draws(g, 0), std::logic_error);
}

TEST(RandomStreams, StreamRegisteredAfterAgentsExistKeepsOtherCounters) {
  // `late` registers "y" after its agents exist, which widens every agent's row of counters;
  // `early` registers both first. Every draw must be the same in both.
  RandomStreams late(7, 0), early(7, 0);
  const StreamHandle xe = early.stream("x"), ye = early.stream("y");
  early.resize(50);
  const StreamHandle xl = late.stream("x");
  late.resize(50);
  for (AgentId a = 0; a < 50; ++a) {
    for (AgentId i = 0; i < a % 4; ++i) EXPECT_EQ(late.agent_draws(xl, a)(), early.agent_draws(xe, a)());
  }
  const StreamHandle yl = late.stream("y");
  const StreamHandle gl = late.global_stream("g");  // a global stream adds no column
  EXPECT_EQ(gl.column, StreamHandle::kNoColumn);
  EXPECT_EQ(late.bytes_per_agent(), early.bytes_per_agent());
  late.resize(60);
  early.resize(60);
  for (AgentId a = 0; a < 60; ++a) {
    // "x" continues where each agent left it (its a % 4 earlier draws), "y" starts at zero.
    EXPECT_EQ(late.agent_draws(xl, a)(), early.agent_draws(xe, a)()) << "agent " << a;
    EXPECT_EQ(late.agent_draws(yl, a)(), early.agent_draws(ye, a)()) << "agent " << a;
    EXPECT_EQ(late.agent_draws(xl, a)(), Draws(7, 0, a, xe.hash, a < 50 ? a % 4 + 1 : 1)()) << "agent " << a;
  }
}

// Per-(agent, stream) counters are 16 bits and spill into a map at 65,535 draws: the draw
// indices must run on exactly across the boundary (never repeat, never skip), for the spilled pair
// only, while a neighbouring pair keeps its own count.
TEST(RandomStreams, DrawIndicesRunOnAcrossTheSixteenBitBoundary) {
  RandomStreams rs(7, 3);
  const StreamHandle h = rs.stream("spill"), other = rs.stream("other");
  rs.resize(4);
  constexpr std::uint64_t kDraws = 70000;
  for (std::uint64_t i = 0; i < kDraws; ++i) {
    Draws got = rs.agent_draws(h, 2);
    if (i < 65530 && i % 997 != 0) continue;  // check every index near the boundary, a sample before
    Draws want(7, 3, 2, h.hash, i);
    ASSERT_EQ(got(), want()) << "draw index " << i;
  }
  Draws agent_other = rs.agent_draws(other, 2), agent_three = rs.agent_draws(h, 3);
  EXPECT_EQ(agent_other(), Draws(7, 3, 2, other.hash, 0)());
  EXPECT_EQ(agent_three(), Draws(7, 3, 3, h.hash, 0)());
  Draws next = rs.agent_draws(h, 2);
  EXPECT_EQ(next(), Draws(7, 3, 2, h.hash, kDraws)());
  EXPECT_EQ(rs.bytes_per_agent(), 2 * sizeof(std::uint16_t));
}

}  // namespace
}  // namespace pathways
