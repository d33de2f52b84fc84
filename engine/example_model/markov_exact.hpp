// Exact state occupancy of the example Markov chain: p(t) = p0 exp(Q M(t)), M(t) = integral of the lever.
#pragma once

#include <vector>

#include "core/lever.hpp"

namespace pathways {

/// Occupancy shares at simulation day t for a CTMC with rates (per year, row-major K x K, diagonal
/// ignored), initial shares p0 and a calendar-time multiplier on every rate.
std::vector<double> markov_exact_shares(const std::vector<double>& rates_per_year,
                                        const std::vector<double>& p0, const Lever& multiplier, Days t);

}  // namespace pathways
