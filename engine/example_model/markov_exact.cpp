// Matrix-exponential solution of the example Markov chain (Eigen's MatrixFunctions module).
#include "example_model/markov_exact.hpp"

#include <Eigen/Dense>
#include <unsupported/Eigen/MatrixFunctions>

namespace pathways {

std::vector<double> markov_exact_shares(const std::vector<double>& rates_per_year,
                                        const std::vector<double>& p0, const Lever& multiplier, Days t) {
  const auto k = static_cast<Eigen::Index>(p0.size());
  Eigen::MatrixXd q = Eigen::MatrixXd::Zero(k, k);
  for (Eigen::Index i = 0; i < k; ++i) {
    for (Eigen::Index j = 0; j < k; ++j) {
      if (i == j) continue;
      const double r = per_day(rates_per_year[static_cast<std::size_t>(i * k + j)]);
      q(i, j) = r;
      q(i, i) -= r;
    }
  }
  const Eigen::MatrixXd p = (q * multiplier.integral(0.0, t)).exp();
  Eigen::RowVectorXd start(k);
  for (Eigen::Index i = 0; i < k; ++i) start(i) = p0[static_cast<std::size_t>(i)];
  const Eigen::RowVectorXd end = start * p;
  return std::vector<double>(end.data(), end.data() + k);
}

}  // namespace pathways
