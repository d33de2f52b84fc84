// Gamma-distributed durations given by their mean and standard deviation (stays, sentences, programmes).
#pragma once

#include <boost/random/gamma_distribution.hpp>

#include "core/rng.hpp"

namespace pathways {

/// A gamma distribution parameterised the way sources report durations: mean and sd in days.
struct GammaDuration {
  double shape = 1.0;
  double scale = 1.0;

  static GammaDuration from_mean_sd(double mean_days, double sd_days) {
    return GammaDuration{(mean_days / sd_days) * (mean_days / sd_days), sd_days * sd_days / mean_days};
  }
  double draw(Draws& d) const { return boost::random::gamma_distribution<double>(shape, scale)(d); }
};

}  // namespace pathways
