// How long a stay in a setting lasts and how it ends: a planned length (gamma or fixed), failure at a
// uniform point of it, and the exact state of people already inside when a run starts.
#pragma once

#include "core/rng.hpp"

namespace pathways {

/// The planned length of a stay: L ~ gamma(mean, sd) (or exactly the mean when fixed). With
/// probability `failure_probability` the stay fails at a uniform point U L of it instead of being
/// completed at L. Early exits at a constant hazard (dropout) are drawn separately: they are
/// memoryless, so they need no part here.
struct StayLaw {
  enum class Shape { Gamma, Fixed };
  Shape shape = Shape::Gamma;
  double mean_days = 1.0;
  double sd_days = 1.0;
  double failure_probability = 0.0;

  struct Plan {
    double length_days;  ///< from admission to the planned end
    bool fails;          ///< the planned end is a failure, not a completion
  };
  /// The planned end of a stay that starts now.
  Plan draw(Draws& d) const;

  struct Snapshot {
    double elapsed_days;    ///< time already spent inside at the start
    double remaining_days;  ///< time to the planned end
    bool fails;
  };
  /// The state of a person inside at the start of a run, as a snapshot of a steady flow of
  /// admissions (renewal theory, exact): the planned stay of someone found inside is
  /// length-biased, and they are at a uniform point of it. For gamma(k, theta) the length-biased
  /// law is gamma(k + 1, theta); a failure's length U L is length-biased as sqrt(V) L* with V
  /// uniform; completers and failures are found inside in proportion to p_c E[L] and p_f E[L] / 2.
  Snapshot draw_snapshot(Draws& d) const;

  /// Expected length of the planned stay, E[L] (1 - p_f / 2).
  double expected_days() const { return mean_days * (1.0 - 0.5 * failure_probability); }

 private:
  double length(Draws& d, bool length_biased) const;
};

}  // namespace pathways
