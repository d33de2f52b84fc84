// Named stream registry and categorical draws for the counter-based random streams.
#include "core/rng.hpp"

#include <stdexcept>

#include "core/huge_pages.hpp"

namespace pathways {

std::size_t Draws::categorical(const double* weights, std::size_t n) {
  double total = 0.0;
  for (std::size_t i = 0; i < n; ++i) total += weights[i];
  double u = uniform() * total;
  for (std::size_t i = 0; i + 1 < n; ++i) {
    if (u < weights[i]) return i;
    u -= weights[i];
  }
  // Rounding can leave u just above the last weight: fall to the last positive entry.
  for (std::size_t i = n; i-- > 0;) {
    if (weights[i] > 0.0) return i;
  }
  return n - 1;
}

StreamHandle RandomStreams::add(std::string_view name, bool per_agent) {
  const std::uint64_t h = stream_hash(name);
  std::uint32_t i = 0;
  for (; i < names_.size(); ++i) {
    if (names_[i] == name) break;
    if (hashes_[i] == h) throw std::logic_error("random stream hash collision: " + std::string(name));
  }
  if (i == names_.size()) {
    names_.emplace_back(name);
    hashes_.push_back(h);
    columns_.push_back(StreamHandle::kNoColumn);
    global_counters_.push_back(0);
  }
  if (per_agent && columns_[i] == StreamHandle::kNoColumn) {
    // A new column in every agent's row; agents that already exist get a zero counter.
    const std::size_t stride = stride_ + 1;
    std::vector<std::uint16_t> wider(agents_ * stride, 0u);
    for (std::size_t a = 0; a < agents_; ++a) {
      for (std::size_t c = 0; c < stride_; ++c) wider[a * stride + c] = counters_[a * stride_ + c];
    }
    counters_.swap(wider);
    columns_[i] = static_cast<std::uint32_t>(stride_);
    stride_ = stride;
  }
  return {h, i, columns_[i]};
}

void RandomStreams::throw_global(StreamHandle h) const {
  throw std::logic_error("random stream '" + names_[h.index] +
                         "' was registered for population-level draws only");
}

void RandomStreams::resize(std::size_t n) {
  agents_ = n;
  change_on_huge_pages(counters_, [&](auto& v) { v.resize(agents_ * stride_, 0u); });
}

void RandomStreams::reserve(std::size_t n) {
  change_on_huge_pages(counters_, [&](auto& v) { v.reserve(n * stride_); });
}

void RandomStreams::spill(AgentId agent, std::uint32_t column) {
  spilled_[(std::uint64_t{agent} << 32) | column] = kSpilled;
}

std::uint64_t RandomStreams::next_spilled(AgentId agent, std::uint32_t column) {
  return spilled_.at((std::uint64_t{agent} << 32) | column)++;
}

}  // namespace pathways
