// Named stream registry and categorical draws for the counter-based random streams.
#include "core/rng.hpp"

#include <stdexcept>

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

StreamHandle RandomStreams::stream(std::string_view name) {
  const std::uint64_t h = stream_hash(name);
  for (std::uint32_t i = 0; i < names_.size(); ++i) {
    if (names_[i] == name) return {h, i};
    if (hashes_[i] == h) throw std::logic_error("random stream hash collision: " + std::string(name));
  }
  names_.emplace_back(name);
  hashes_.push_back(h);
  counters_.emplace_back(agents_, 0u);
  global_counters_.push_back(0);
  return {h, static_cast<std::uint32_t>(names_.size() - 1)};
}

void RandomStreams::resize(std::size_t n) {
  agents_ = n;
  for (auto& c : counters_) c.resize(n, 0u);
}

}  // namespace pathways
