// Planned stay lengths and the steady-state snapshot of people inside at the start of a run.
#include "model/stay_law.hpp"

#include <boost/random/gamma_distribution.hpp>
#include <cmath>

namespace pathways {

double StayLaw::length(Draws& d, bool length_biased) const {
  if (shape == Shape::Fixed) return mean_days;  // a point mass is its own length-biased law
  const double k = (mean_days / sd_days) * (mean_days / sd_days);
  const double theta = sd_days * sd_days / mean_days;
  return boost::random::gamma_distribution<double>(length_biased ? k + 1.0 : k, theta)(d);
}

StayLaw::Plan StayLaw::draw(Draws& d) const {
  const bool fails = failure_probability > 0.0 && d.bernoulli(failure_probability);
  const double l = length(d, false);
  return Plan{fails ? d.uniform() * l : l, fails};
}

StayLaw::Snapshot StayLaw::draw_snapshot(Draws& d) const {
  const double found_failing = 0.5 * failure_probability / (1.0 - 0.5 * failure_probability);
  const bool fails = failure_probability > 0.0 && d.bernoulli(found_failing);
  double total = length(d, true);
  if (fails) total *= std::sqrt(d.uniform());
  const double position = d.uniform();
  return Snapshot{position * total, (1.0 - position) * total, fails};
}

}  // namespace pathways
