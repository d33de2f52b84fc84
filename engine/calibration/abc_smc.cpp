// ABC-SMC: proposals from the previous generation, Gaussian perturbation, importance weights.
#include "calibration/abc_smc.hpp"

#include <Eigen/Cholesky>
#include <Eigen/Dense>
#include <algorithm>
#include <boost/random/normal_distribution.hpp>
#include <cmath>
#include <limits>
#include <numeric>

#include "cluster/jobs.hpp"
#include "core/ensemble.hpp"

namespace pathways::calibration {

namespace {

constexpr std::uint64_t kProposeStream = stream_hash("abc.propose");
constexpr std::uint64_t kSimulateStream = stream_hash("abc.simulate");

struct Kernel {
  Eigen::MatrixXd chol;      // lower Cholesky factor L of the covariance
  Eigen::MatrixXd chol_inv;  // L^-1, for Mahalanobis distances
};

Kernel make_kernel(const AbcGeneration& g, const std::vector<Prior>& priors) {
  const auto d = static_cast<Eigen::Index>(priors.size());
  Eigen::VectorXd mean = Eigen::VectorXd::Zero(d);
  for (std::size_t i = 0; i < g.theta.size(); ++i) {
    for (Eigen::Index k = 0; k < d; ++k) mean(k) += g.weight[i] * g.theta[i][static_cast<std::size_t>(k)];
  }
  Eigen::MatrixXd cov = Eigen::MatrixXd::Zero(d, d);
  for (std::size_t i = 0; i < g.theta.size(); ++i) {
    Eigen::VectorXd x(d);
    for (Eigen::Index k = 0; k < d; ++k) x(k) = g.theta[i][static_cast<std::size_t>(k)] - mean(k);
    cov += g.weight[i] * x * x.transpose();
  }
  cov *= 2.0;  // Beaumont et al. 2009 [beaumont2009]: twice the weighted covariance
  // A collapsed population (all particles equal in some direction) would give a singular matrix;
  // a ridge of 1e-10 of each bound width squared keeps the kernel proper without changing it visibly.
  for (Eigen::Index k = 0; k < d; ++k) {
    const Prior& p = priors[static_cast<std::size_t>(k)];
    cov(k, k) += 1e-10 * (p.hi - p.lo) * (p.hi - p.lo);
  }
  Eigen::LLT<Eigen::MatrixXd> llt(cov);
  Kernel ker;
  ker.chol = llt.matrixL();
  ker.chol_inv = ker.chol.triangularView<Eigen::Lower>().solve(Eigen::MatrixXd::Identity(d, d));
  return ker;
}

double prior_density(const std::vector<Prior>& priors, const std::vector<double>& x) {
  double p = 1.0;
  for (std::size_t k = 0; k < priors.size(); ++k) p *= priors[k].density(x[k]);
  return p;
}

double quantile_of(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  // Type-7 interpolated quantile, as R's default.
  const double h = q * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (h - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

struct Proposal {
  std::vector<double> theta;
  double distance = 0.0;
  std::uint64_t simulations = 0;
  bool accepted = false;
};

// A proposal crosses between ranks as bytes (cluster/codec.hpp).
template <class F>
void fields(Proposal& p, F&& f) {
  f(p.theta), f(p.distance), f(p.simulations), f(p.accepted);
}

void finish_weights(AbcGeneration& g) {
  const double sum = std::accumulate(g.weight.begin(), g.weight.end(), 0.0);
  double s2 = 0.0;
  for (double& w : g.weight) {
    w /= sum;
    s2 += w * w;
  }
  g.ess = 1.0 / s2;
}

AbcGeneration first_generation(const std::vector<Prior>& priors, const DistanceFunction& f,
                               const AbcOptions& o) {
  const auto n = static_cast<std::size_t>(o.particles);
  cluster::JobHooks keep;
  keep.store = o.store;
  keep.phase = 0;
  auto props = cluster::run_everywhere<Proposal>(
      n, o.threads,
      [&](std::size_t i) {
        Proposal p;
        Draws d(o.seed, 0, i, kProposeStream, 0);
        for (const auto& pr : priors) p.theta.push_back(pr.draw(d));
        p.distance = f(p.theta, derived_seed(o.seed, 0, i, 0));
        p.simulations = 1;
        p.accepted = true;
        return p;
      },
      keep);
  AbcGeneration g;
  g.tolerance = std::numeric_limits<double>::infinity();
  for (auto& p : props) {
    g.theta.push_back(std::move(p.theta));
    g.distance.push_back(p.distance);
    g.weight.push_back(1.0);
  }
  g.simulations = n;
  g.acceptance = 1.0;
  finish_weights(g);
  return g;
}

// Returns false when some particle used all its attempts without acceptance.
bool next_generation(const std::vector<Prior>& priors, const DistanceFunction& f, const AbcOptions& o,
                     const AbcGeneration& prev, AbcGeneration& g) {
  const auto n = static_cast<std::size_t>(o.particles);
  const std::size_t dim = priors.size();
  const auto gen = static_cast<std::uint64_t>(prev.index + 1);
  const double eps = quantile_of(prev.distance, o.quantile);
  const Kernel ker = make_kernel(prev, priors);
  const auto max_attempts = static_cast<std::uint64_t>(std::ceil(10.0 / o.min_acceptance));
  cluster::JobHooks keep;
  keep.store = o.store;
  keep.phase = static_cast<int>(gen);
  auto props = cluster::run_everywhere<Proposal>(
      n, o.threads,
      [&](std::size_t i) {
        Proposal p;
        Eigen::VectorXd z(static_cast<Eigen::Index>(dim));
        p.theta.resize(dim);
        for (std::uint64_t a = 0; a < max_attempts; ++a) {
          Draws d(o.seed, gen, i, kProposeStream, a);
          const std::size_t j = d.categorical(prev.weight.data(), prev.weight.size());
          boost::random::normal_distribution<double> normal(0.0, 1.0);
          for (std::size_t k = 0; k < dim; ++k) z(static_cast<Eigen::Index>(k)) = normal(d);
          const Eigen::VectorXd step = ker.chol * z;
          for (std::size_t k = 0; k < dim; ++k)
            p.theta[k] = prev.theta[j][k] + step(static_cast<Eigen::Index>(k));
          if (prior_density(priors, p.theta) <= 0.0) continue;  // outside the bounds: no simulation
          ++p.simulations;
          p.distance = f(p.theta, derived_seed(o.seed, gen, i, a));
          if (p.distance <= eps) {
            p.accepted = true;
            return p;
          }
        }
        return p;
      },
      keep);
  g = AbcGeneration{};
  g.index = static_cast<int>(gen);
  g.tolerance = eps;
  bool complete = true;
  for (auto& p : props) {
    g.simulations += p.simulations;
    complete = complete && p.accepted;
    g.theta.push_back(std::move(p.theta));
    g.distance.push_back(p.distance);
  }
  if (!complete) return false;
  g.acceptance = static_cast<double>(n) / static_cast<double>(std::max<std::uint64_t>(1, g.simulations));
  // Importance weights in logs (log-sum-exp), since kernel values underflow when the population
  // contracts; the Gaussian normalising constant is common to all terms and cancels.
  const auto logw = run_jobs<double>(n, o.threads, [&](std::size_t i) {
    const double lp = std::log(prior_density(priors, g.theta[i]));
    std::vector<double> terms(prev.theta.size());
    double top = -std::numeric_limits<double>::infinity();
    Eigen::VectorXd x(static_cast<Eigen::Index>(dim));
    for (std::size_t j = 0; j < prev.theta.size(); ++j) {
      for (std::size_t k = 0; k < dim; ++k)
        x(static_cast<Eigen::Index>(k)) = g.theta[i][k] - prev.theta[j][k];
      const double m = (ker.chol_inv * x).squaredNorm();
      terms[j] = std::log(prev.weight[j]) - 0.5 * m;
      top = std::max(top, terms[j]);
    }
    double s = 0.0;
    for (double t : terms) s += std::exp(t - top);
    return lp - (top + std::log(s));
  });
  const double top = *std::max_element(logw.begin(), logw.end());
  for (double lw : logw) g.weight.push_back(std::exp(lw - top));
  finish_weights(g);
  return true;
}

}  // namespace

std::uint64_t derived_seed(std::uint64_t seed, std::uint64_t generation, std::uint64_t particle,
                           std::uint64_t attempt) {
  Draws d(seed, generation, particle, kSimulateStream, attempt);
  return d() >> 11;  // 53 bits: exact if the seed is ever written as a double
}

AbcResult abc_smc(const std::vector<Prior>& priors, const DistanceFunction& distance, const AbcOptions& o,
                  std::vector<AbcGeneration> resume_from, const GenerationCallback& on_generation) {
  AbcResult r;
  r.generations = std::move(resume_from);
  if (r.generations.empty()) {
    r.generations.push_back(first_generation(priors, distance, o));
    if (on_generation) on_generation(r.generations.back());
  }
  while (true) {
    const AbcGeneration& last = r.generations.back();
    if (last.index + 1 >= o.generations) {
      r.stop_reason = "reached " + std::to_string(o.generations) + " generations";
      break;
    }
    if (last.acceptance < o.min_acceptance) {
      r.stop_reason = "acceptance rate below " + std::to_string(o.min_acceptance);
      break;
    }
    AbcGeneration g;
    if (!next_generation(priors, distance, o, last, g)) {
      r.stop_reason = "generation " + std::to_string(g.index) +
                      " abandoned: a particle found no acceptance in " +
                      std::to_string(static_cast<long>(std::ceil(10.0 / o.min_acceptance))) + " attempts";
      break;
    }
    r.generations.push_back(std::move(g));
    if (on_generation) on_generation(r.generations.back());
  }
  return r;
}

std::pair<double, double> weighted_mean_sd(const AbcGeneration& g, std::size_t k) {
  double m = 0.0;
  for (std::size_t i = 0; i < g.theta.size(); ++i) m += g.weight[i] * g.theta[i][k];
  double v = 0.0;
  for (std::size_t i = 0; i < g.theta.size(); ++i)
    v += g.weight[i] * (g.theta[i][k] - m) * (g.theta[i][k] - m);
  return {m, std::sqrt(v)};
}

double weighted_quantile(const AbcGeneration& g, std::size_t k, double p) {
  std::vector<std::size_t> idx(g.theta.size());
  std::iota(idx.begin(), idx.end(), std::size_t{0});
  std::sort(idx.begin(), idx.end(),
            [&](std::size_t a, std::size_t b) { return g.theta[a][k] < g.theta[b][k]; });
  double c = 0.0;
  for (std::size_t i : idx) {
    c += g.weight[i];
    if (c >= p) return g.theta[i][k];
  }
  return g.theta[idx.back()][k];
}

}  // namespace pathways::calibration
