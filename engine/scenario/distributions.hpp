// Parameter distributions for probabilistic sensitivity analysis: reading, checking and drawing.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/params.hpp"
#include "core/rng.hpp"
#include "scenario/scenario.hpp"
#include "scenario/tree.hpp"

namespace pathways {

/// Reads a `{dist: ..., ...}` map for `spec`; checks the arguments and that the support lies within
/// the spec's range (see scenario.hpp). Problems go to `diags`; the result is then empty.
std::optional<UncertainParam> read_distribution(const ParamSpec& spec, const Tree& node,
                                                const std::string& path, std::vector<Diagnostic>& diags);

/// The value used when the parameter is not drawn: the mean (uniform: midpoint; triangular: mode).
double distribution_centre(const UncertainParam& u);

/// Analytic mean and standard deviation of the distribution.
double distribution_mean(const UncertainParam& u);
double distribution_sd(const UncertainParam& u);

/// The interval holding the distribution (all of it for bounded distributions; all but 2e-9 of
/// its probability for normal, gamma and lognormal).
std::pair<double, double> distribution_support(const UncertainParam& u);

/// The p-quantile of the distribution (0 < p < 1), e.g. the ends of its central 95% for a one-way
/// sensitivity analysis.
double distribution_quantile(const UncertainParam& u, double p);

/// One draw from the distribution using Boost.Random on `draws`.
double draw_value(const UncertainParam& u, Draws& draws);

}  // namespace pathways
