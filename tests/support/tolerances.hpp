// Test support: statistical checks with tolerances derived from the sampling error.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <string>

namespace pathways::testing {

/// A count of n independent trials with probability p lies within four binomial standard errors,
/// 4 sqrt(n p (1 - p)), of n p (a false failure about once in 16,000 checks).
inline void expect_binomial(double observed, double n, double p, const std::string& what) {
  EXPECT_NEAR(observed, n * p, 4.0 * std::sqrt(n * p * (1.0 - p)) + 1e-9) << what;
}

/// A Poisson count lies within four standard errors, 4 sqrt(mean), of its mean.
inline void expect_poisson(double observed, double mean, const std::string& what) {
  EXPECT_NEAR(observed, mean, 4.0 * std::sqrt(mean) + 1e-9) << what;
}

}  // namespace pathways::testing
