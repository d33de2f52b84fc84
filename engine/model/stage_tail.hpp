// The value of survivors' futures after the horizon: each person's drug-use career continues as a
// continuous-time Markov chain over the stages of use and remission, in the community with no
// services, under background (Gompertz) mortality, the death hazards of each stage and a constant
// hazard of their own (HIV); the expected (discounted) years spent in each stage follow.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <tuple>
#include <vector>

#include "model/people.hpp"

namespace pathways {

/// States of the chain: using episodically, harmfully, dependently (0-2), in remission after each of
/// those (3-5), and ceased after each (6-8, abstinent long enough to be counted out of the population
/// at risk): a relapse returns to the stage the remission began from, as in the simulation.
inline constexpr std::size_t kTailStates = 9;

/// The stage a tail state counts as (its utility and disability weight).
constexpr Stage tail_stage(std::size_t state) {
  return state < 3 ? static_cast<Stage>(state + 1) : Stage::Remission;
}

/// Rates between states (per year; the diagonal is ignored) and each state's death hazard.
struct TailChain {
  std::array<std::array<double, kTailStates>, kTailStates> rate_per_year{};
  std::array<double, kTailStates> death_per_year{};
};

/// Remaining life expectancy at `age` in a reference life table given every 5 years from age 0
/// (linear between entries, the last entry beyond): the years of life lost by a death at that age.
double reference_life_expectancy(const std::vector<double>& table, double age);

/// Years of life lost by a death at `age` with each lost year discounted from the death
/// (continuous rate delta per year): (1 - exp(-delta L)) / delta, L the reference life expectancy.
double years_of_life_lost(const std::vector<double>& table, double age, double delta);

/// Expected years by stage (indexed by Stage), undiscounted and discounted to the start of the
/// tail, and the expected years of life lost at death (against the reference life table).
struct TailYears {
  std::array<double, kStages> years{}, discounted{};
  double yll = 0.0, yll_discounted = 0.0;
  double total() const;
  double total_discounted() const;
};

/// One chain with its transition matrices precomputed; values memoised by age (to a quarter year)
/// and hazards. With Gompertz mortality (b > 0) the values of every quarter-year age are computed
/// together, from the oldest age down, by the recursion of survival over half-year Simpson panels:
/// V(x) = P(x) + S(x, 1/2) e^(-delta/2) exp(A/2) V(x + 1/2), P(x) the panel starting at age x. It is
/// the same composite Simpson sum as integrating from each age separately, at about 1/100 of the
/// cost for the hundreds of ages a run's survivors have (it was a third of a 10^4-agent replicate).
class StageTail {
 public:
  /// `life_table`: the reference life table for years of life lost (empty: none counted).
  explicit StageTail(const TailChain& chain, std::vector<double> life_table = {});

  /// Years by stage for a person starting with distribution `start` over the states, aged `age`,
  /// facing background mortality a exp(b x) (x the age in years), an extra constant hazard `h` and
  /// continuous discounting at `delta` (all per year). With b = 0 the value is exact: start times
  /// ((a + h + delta) I - A)^-1, A the chain's sub-generator; otherwise Simpson's rule on quarter
  /// years over 150 years.
  TailYears years(const std::array<double, kTailStates>& start, double age, double a, double b, double h,
                  double delta) const;

 private:
  struct Values {
    std::array<std::array<double, kStages>, kTailStates> years{};  // per start state, years by stage
    std::array<double, kTailStates> yll{};                         // per start state
  };
  const Values& values(double age, double a, double b, double h, double delta) const;
  /// Every quarter-year age's values for Gompertz mortality (b > 0), by the recursion above.
  std::vector<Values> column(double a, double b, double h, double delta) const;

  std::array<std::array<double, kTailStates>, kTailStates> generator_{};  // A: rates, minus exits and deaths
  std::array<double, kTailStates> death_{};
  std::vector<double> life_table_;
  std::vector<std::array<std::array<double, kTailStates>, kTailStates>> power_;  // exp(A t_k), t_k = k / 4
  mutable std::map<std::tuple<long, double, double, double, double>, Values> memo_;            // b = 0
  mutable std::map<std::tuple<double, double, double, double>, std::vector<Values>> columns_;  // b > 0
};

}  // namespace pathways
