// Counter-based random streams: Philox4x64-10 keyed by (seed, replicate), countered by (agent, stream, draw).
#pragma once

#include <Random123/philox.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/prefetch.hpp"
#include "core/types.hpp"

namespace pathways {

/// Stable 64-bit identity of a named stream (FNV-1a of its name), so that adding a stream never
/// shifts the draws of another one.
constexpr std::uint64_t stream_hash(std::string_view name) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : name) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

/// A uniform random bit generator over one Philox counter block sequence. One `Draws` is opened
/// per (agent, stream, draw index): within it any number of variates can be taken, and the next
/// draw index starts a fresh, independent sequence. Satisfies std::uniform_random_bit_generator,
/// so Boost.Random distributions can draw from it.
class Draws {
 public:
  using result_type = std::uint64_t;
  using Philox = r123::Philox4x64;

  Draws(std::uint64_t seed, std::uint64_t replicate, std::uint64_t agent, std::uint64_t stream,
        std::uint64_t draw_index)
      : key_{{seed, replicate}}, ctr_{{agent, stream, draw_index, 0}} {}

  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }

  result_type operator()() {
    if (used_ == 4) {
      block_ = Philox()(ctr_, key_);
      ++ctr_.v[3];
      used_ = 0;
    }
    return block_.v[used_++];
  }

  /// Uniform on the open interval (0, 1) with 53 random bits; never 0, so log() is safe.
  double uniform() { return (static_cast<double>((*this)() >> 11) + 0.5) * 0x1.0p-53; }
  /// Exponential with mean 1 by inversion (exact, branch-free, identical on every platform).
  double exponential() { return -std::log(uniform()); }
  /// True with probability p.
  bool bernoulli(double p) { return uniform() < p; }
  /// Index i with probability weights[i] / sum(weights); weights must be non-negative, sum > 0.
  std::size_t categorical(const double* weights, std::size_t n);

 private:
  Philox::key_type key_;
  Philox::ctr_type ctr_;
  Philox::ctr_type block_{};
  unsigned used_ = 4;
};

/// Handle to a registered stream: its hash, its index among all streams (for population-level
/// draws) and its column in an agent's row of draw counters (kNoColumn for global streams).
struct StreamHandle {
  static constexpr std::uint32_t kNoColumn = UINT32_MAX;
  std::uint64_t hash = 0;
  std::uint32_t index = 0;
  std::uint32_t column = kNoColumn;
};

/// All random streams of one replicate. Each (agent, stream) pair keeps its own draw counter,
/// so draws never depend on the order in which agents or modules are processed. Counters are
/// stored agent-major (one row of streams per agent): an event draws from several streams of the
/// same agent, and their counters then share a cache line. Streams used only for population-level
/// draws (`global_stream`) take no per-agent memory.
class RandomStreams {
 public:
  RandomStreams(std::uint64_t seed, std::uint64_t replicate) : seed_(seed), replicate_(replicate) {}

  /// Registers (or finds) a named per-agent stream; call during module initialisation. It can
  /// also be used for population-level draws.
  StreamHandle stream(std::string_view name) { return add(name, true); }
  /// Registers (or finds) a named stream used only for population-level draws (`global_draws`).
  StreamHandle global_stream(std::string_view name) { return add(name, false); }
  /// Opens the next draw of `agent` on stream `h`.
  Draws agent_draws(StreamHandle h, AgentId agent) {
    if (h.column == StreamHandle::kNoColumn) throw_global(h);
    std::uint16_t& c = counters_[agent * stride_ + h.column];
    std::uint64_t index = c;
    if (c == kSpilled) {
      index = next_spilled(agent, h.column);
    } else if (++c == kSpilled) {
      spill(agent, h.column);
    }
    return Draws(seed_, replicate_, agent, h.hash, index);
  }
  /// Opens the next population-level draw on stream `h` (not tied to an agent).
  Draws global_draws(StreamHandle h) {
    return Draws(seed_, replicate_, kGlobalAgent, h.hash, global_counters_[h.index]++);
  }
  /// Grows the per-agent counters to n agents.
  void resize(std::size_t n);
  /// Makes room for the counters of n agents without moving them later.
  void reserve(std::size_t n);

  std::uint64_t seed() const { return seed_; }
  std::uint64_t replicate() const { return replicate_; }
  std::size_t bytes_per_agent() const { return stride_ * sizeof(std::uint16_t); }
  /// Starts loading agent a's counters into the cache (a hint).
  void prefetch(AgentId a) const {
    prefetch_range(counters_.data() + a * stride_, stride_ * sizeof(std::uint16_t));
  }

 private:
  StreamHandle add(std::string_view name, bool per_agent);
  [[noreturn]] void throw_global(StreamHandle h) const;
  // An (agent, stream) pair rarely draws 65,535 times in a run; the few that do continue counting
  // in spilled_, exactly, so a 16-bit counter per pair costs half the memory of a 32-bit one
  // without ever repeating a draw index.
  static constexpr std::uint16_t kSpilled = UINT16_MAX;
  void spill(AgentId agent, std::uint32_t column);
  std::uint64_t next_spilled(AgentId agent, std::uint32_t column);

  std::uint64_t seed_;
  std::uint64_t replicate_;
  std::vector<std::string> names_;
  std::vector<std::uint64_t> hashes_;
  std::vector<std::uint32_t> columns_;   ///< per stream: its column, or kNoColumn
  std::vector<std::uint16_t> counters_;  ///< counters_[agent * stride_ + column]; kSpilled: see spilled_
  std::unordered_map<std::uint64_t, std::uint64_t> spilled_;  ///< (agent << 32 | column) -> next draw index
  std::vector<std::uint64_t> global_counters_;
  std::size_t stride_ = 0;
  std::size_t agents_ = 0;
};

}  // namespace pathways
