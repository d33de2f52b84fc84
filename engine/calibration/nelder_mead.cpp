// Latin hypercube screening and a bounded Nelder-Mead simplex (standard coefficients 1, 2, 0.5, 0.5).
#include "calibration/nelder_mead.hpp"

#include <algorithm>
#include <numeric>

#include "cluster/jobs.hpp"

namespace pathways::calibration {

QuickResult lhs_nelder_mead(const std::vector<Prior>& priors, const DistanceFunction& f,
                            const QuickOptions& o) {
  const std::size_t dim = priors.size();
  const auto n = static_cast<std::size_t>(o.points > 0 ? o.points : static_cast<int>(10 * dim));
  const std::uint64_t sim_seed = derived_seed(o.seed, 0, 0, 0);
  const auto to_theta = [&](const std::vector<double>& u) {
    std::vector<double> x(dim);
    for (std::size_t k = 0; k < dim; ++k) x[k] = priors[k].quantile(std::clamp(u[k], 1e-9, 1.0 - 1e-9));
    return x;
  };
  // Latin hypercube: for each dimension a random permutation of the n strata, jittered within them.
  std::vector<std::vector<double>> u(n, std::vector<double>(dim));
  for (std::size_t k = 0; k < dim; ++k) {
    Draws d(o.seed, 0, k, stream_hash("lhs.permute"), 0);
    std::vector<std::size_t> perm(n);
    std::iota(perm.begin(), perm.end(), std::size_t{0});
    for (std::size_t i = n; i > 1; --i)
      std::swap(perm[i - 1], perm[static_cast<std::size_t>(d.uniform() * static_cast<double>(i))]);
    for (std::size_t i = 0; i < n; ++i)
      u[i][k] = (static_cast<double>(perm[i]) + d.uniform()) / static_cast<double>(n);
  }
  QuickResult r;
  r.screened_distance = cluster::run_everywhere<double>(
      n, o.threads, [&](std::size_t i) { return f(to_theta(u[i]), sim_seed); });
  for (const auto& ui : u) r.screened.push_back(to_theta(ui));
  r.simulations = n;
  const std::size_t best = static_cast<std::size_t>(
      std::min_element(r.screened_distance.begin(), r.screened_distance.end()) - r.screened_distance.begin());

  // Simplex around the best point, 0.1 of the probability scale in each direction (inward at edges).
  std::vector<std::vector<double>> s(dim + 1, u[best]);
  for (std::size_t k = 0; k < dim; ++k) s[k + 1][k] += u[best][k] < 0.5 ? 0.1 : -0.1;
  std::vector<double> fs(dim + 1);
  fs[0] = r.screened_distance[best];
  const auto eval = [&](std::vector<double>& x) {
    for (double& v : x) v = std::clamp(v, 0.0, 1.0);
    ++r.simulations;
    return f(to_theta(x), sim_seed);
  };
  // The screening and the first simplex are spread over every rank; the simplex steps after them
  // depend on each other and run on every rank alike.
  const auto extra = cluster::run_everywhere<double>(dim, o.threads, [&](std::size_t k) {
    auto x = s[k + 1];
    for (double& v : x) v = std::clamp(v, 0.0, 1.0);
    return f(to_theta(x), sim_seed);
  });
  for (std::size_t k = 0; k < dim; ++k) fs[k + 1] = extra[k];
  r.simulations += dim;
  int budget = o.evaluations - static_cast<int>(dim);
  std::vector<std::size_t> order(dim + 1);
  while (budget > 0) {
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return fs[a] < fs[b]; });
    const std::size_t lo = order.front(), hi = order.back(), second = order[dim - (dim > 0 ? 1 : 0)];
    double spread = 0;
    for (std::size_t k = 0; k < dim; ++k) spread = std::max(spread, std::abs(s[hi][k] - s[lo][k]));
    if (spread < 1e-4) break;  // the simplex is below 1e-4 of the prior's probability scale
    std::vector<double> c(dim, 0.0);
    for (std::size_t i = 0; i <= dim; ++i) {
      if (i == hi) continue;
      for (std::size_t k = 0; k < dim; ++k) c[k] += s[i][k] / static_cast<double>(dim);
    }
    const auto along = [&](double t) {
      std::vector<double> x(dim);
      for (std::size_t k = 0; k < dim; ++k) x[k] = c[k] + t * (s[hi][k] - c[k]);
      return x;
    };
    auto xr = along(-1.0);
    const double fr = eval(xr);
    --budget;
    if (fr < fs[lo]) {
      auto xe = along(-2.0);
      const double fe = budget > 0 ? (--budget, eval(xe)) : fr;
      if (fe < fr)
        s[hi] = xe, fs[hi] = fe;
      else
        s[hi] = xr, fs[hi] = fr;
    } else if (fr < fs[second]) {
      s[hi] = xr, fs[hi] = fr;
    } else {
      auto xc = fr < fs[hi] ? along(-0.5) : along(0.5);
      const double fc = budget > 0 ? (--budget, eval(xc)) : fs[hi];
      if (fc < std::min(fr, fs[hi])) {
        s[hi] = xc, fs[hi] = fc;
      } else {
        for (std::size_t i = 0; i <= dim && budget > 0; ++i) {  // shrink towards the best point
          if (i == lo) continue;
          for (std::size_t k = 0; k < dim; ++k) s[i][k] = s[lo][k] + 0.5 * (s[i][k] - s[lo][k]);
          fs[i] = eval(s[i]);
          --budget;
        }
      }
    }
  }
  const std::size_t b = static_cast<std::size_t>(std::min_element(fs.begin(), fs.end()) - fs.begin());
  r.best = to_theta(s[b]);
  r.best_distance = fs[b];
  return r;
}

}  // namespace pathways::calibration
