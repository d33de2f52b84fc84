// The model as an ABC distance, the two methods, checkpoints and the posterior predictive fit.
#include "calibration/calibration.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <numeric>
#include <sstream>
#include <stdexcept>

#include "calibration/nelder_mead.hpp"
#include "calibration/output.hpp"
#include "cluster/job_store.hpp"
#include "cluster/jobs.hpp"
#include "core/simulation.hpp"
#include "io/files.hpp"
#include "scenario/posterior.hpp"
#include "scenario/run_replicate.hpp"

namespace pathways::calibration {

namespace {

namespace fs = std::filesystem;

// Generation index used to key the posterior predictive runs apart from every ABC generation.
constexpr std::uint64_t kPredictiveGeneration = 1000000;

AbcOptions effective_settings(const CalibrationConfig& c, const CalibrateOptions& o) {
  AbcOptions a = c.method.abc;
  if (o.particles > 0) a.particles = o.particles;
  if (o.generations > 0) a.generations = o.generations;
  if (o.seed_given) a.seed = o.seed;
  a.threads = o.threads;
  return a;
}

std::string checkpoint_file(const std::string& dir, int g) {
  return (fs::path(dir) / ("generation_" + std::to_string(g) + ".csv")).string();
}

std::vector<AbcGeneration> load_checkpoint(const CalibrationConfig& c, const AbcOptions& a,
                                           const std::string& dir) {
  const fs::path fp = fs::path(dir) / "fingerprint.txt";
  std::ifstream in(fp);
  // Killed before anything was written: resuming is starting, with the same result.
  if (!in) return {};
  std::stringstream s;
  s << in.rdbuf();
  if (s.str() != fingerprint(c, a)) {
    throw std::runtime_error(
        dir +
        ": the checkpoint belongs to a different configuration, seed, particle count or "
        "method; resume only with the same settings (the number of generations may change)");
  }
  // Killed before the first generation was committed: nothing to keep, start from the prior.
  if (!fs::exists(fs::path(dir) / "generations.csv")) return {};
  auto history = read_generations_csv((fs::path(dir) / "generations.csv").string());
  if (history.empty()) return {};
  AbcGeneration last = read_particles_csv(checkpoint_file(dir, history.back().index), c.free.size());
  last.index = history.back().index;
  last.tolerance = history.back().tolerance;
  last.acceptance = history.back().acceptance;
  last.ess = history.back().ess;
  last.simulations = history.back().simulations;
  history.back() = std::move(last);
  return history;
}

std::vector<FitRow> posterior_fit(const CalibrationConfig& c, const std::vector<std::vector<double>>& theta,
                                  const std::vector<double>& weight, std::uint64_t seed, int threads,
                                  cluster::JobStore* store = nullptr) {
  cluster::JobHooks keep;
  keep.store = store;
  keep.phase = static_cast<int>(kPredictiveGeneration);
  const auto preds = cluster::run_everywhere<std::vector<double>>(
      theta.size(), threads,
      [&](std::size_t i) {
        return evaluate(c, theta[i], derived_seed(seed, kPredictiveGeneration, i, 0)).predictions;
      },
      keep);
  std::vector<FitRow> fit;
  for (std::size_t t = 0; t < c.targets.size(); ++t) {
    AbcGeneration
        g;  // one-parameter "generation" holding this target's predictions, for the weighted quantiles
    for (std::size_t i = 0; i < theta.size(); ++i) g.theta.push_back({preds[i][t]});
    g.weight = weight;
    FitRow r;
    r.target = &c.targets[t];
    r.mean = weighted_mean_sd(g, 0).first;
    r.lo95 = weighted_quantile(g, 0, 0.025);
    r.hi95 = weighted_quantile(g, 0, 0.975);
    r.within = r.target->value >= r.lo95 && r.target->value <= r.hi95;
    fit.push_back(r);
  }
  return fit;
}

}  // namespace

Evaluation evaluate(const CalibrationConfig& c, const std::vector<double>& theta, std::uint64_t sim_seed) {
  ParamValues p = c.base.params;
  for (std::size_t k = 0; k < c.free.size(); ++k) set_scalar(p, c.free[k].key, theta[k]);
  Evaluation e;
  e.predictions.assign(c.targets.size(), 0.0);
  for (int r = 0; r < c.replicates_per_particle; ++r) {
    const SeriesTable t = run_replicate(c.base, p, sim_seed, static_cast<std::uint64_t>(r));
    for (std::size_t i = 0; i < c.targets.size(); ++i) e.predictions[i] += simulated_value(c.targets[i], t);
  }
  for (double& v : e.predictions) v /= c.replicates_per_particle;
  e.distance = total_distance(c.targets, e.predictions);
  return e;
}

std::string fingerprint(const CalibrationConfig& c, const AbcOptions& a) {
  std::uint64_t h = stream_hash(c.fingerprint_text);
  std::ostringstream s;
  s << "config " << std::hex << h << std::dec << "\nmethod " << c.method.name << "\nparticles " << a.particles
    << "\nquantile " << a.quantile << "\nmin_acceptance " << a.min_acceptance << "\nseed " << a.seed
    << "\nreplicates_per_particle " << c.replicates_per_particle << "\n";
  return s.str();
}

CalibrationOutcome calibrate(const CalibrationConfig& c, const CalibrateOptions& o) {
  CalibrationOutcome out;
  out.settings = effective_settings(c, o);
  const AbcOptions& a = out.settings;
  for (const auto& f : c.free) out.keys.push_back(f.key);
  std::vector<Prior> priors;
  for (const auto& f : c.free) priors.push_back(f.prior);
  const DistanceFunction distance = [&](const std::vector<double>& theta, std::uint64_t seed) {
    return evaluate(c, theta, seed).distance;
  };
  const bool show = o.progress && ::isatty(STDERR_FILENO) != 0 && cluster::is_first();

  if (c.method.name == "lhs_nelder_mead") {
    QuickOptions q{c.method.points, c.method.evaluations, a.seed, a.threads};
    const QuickResult r = lhs_nelder_mead(priors, distance, q);
    out.posterior.theta = {r.best};
    out.posterior.weight = {1.0};
    out.posterior.distance = {r.best_distance};
    out.posterior.ess = 1.0;
    out.posterior.simulations = r.simulations;
    out.posterior.tolerance = r.best_distance;
    out.history = {out.posterior};
    out.simulations = r.simulations;
    out.stop_reason = "Nelder-Mead converged or used its budget of " + std::to_string(c.method.evaluations) +
                      " evaluations";
    // The predictive spread at the best point comes from the simulation noise alone: 20 seeds.
    std::vector<std::vector<double>> theta(20, r.best);
    out.fit = posterior_fit(c, theta, std::vector<double>(20, 1.0 / 20), a.seed, a.threads);
    out.simulations += 20;
    return out;
  }

  // Every rank reads the checkpoint (it lies beside --out, which every rank must see, as it sees the
  // inputs) and only the first writes it; each step agrees, so an error on one rank stops them all.
  std::vector<AbcGeneration> resume;
  if (o.resume) cluster::on_every_rank([&] { resume = load_checkpoint(c, a, o.checkpoint_dir); });
  if (resume.size() > static_cast<std::size_t>(a.generations)) {
    throw std::runtime_error(o.checkpoint_dir + ": the checkpoint already holds " +
                             std::to_string(resume.size()) + " generations, more than the " +
                             std::to_string(a.generations) + " asked for; resume with --generations " +
                             std::to_string(resume.size()) + " or more");
  }
  // Beside the generations, the particles of the generation under way are kept as they finish, so
  // a kill mid-generation loses none of them.
  std::unique_ptr<cluster::JobStore> store;
  if (!o.checkpoint_dir.empty()) {
    cluster::on_first_rank([&] {
      fs::create_directories(o.checkpoint_dir);
      write_file_atomically((fs::path(o.checkpoint_dir) / "fingerprint.txt").string(), fingerprint(c, a));
      store = std::make_unique<cluster::JobStore>(fs::path(o.checkpoint_dir) / "jobs", fingerprint(c, a),
                                                  o.resume);
    });
  }
  AbcOptions run_settings = a;
  run_settings.store = store.get();
  std::vector<AbcGeneration> stats = resume;
  const GenerationCallback on_generation = [&](const AbcGeneration& g) {
    AbcGeneration s = g;
    s.theta.clear();
    s.weight.clear();
    s.distance.clear();
    stats.push_back(std::move(s));
    if (!o.checkpoint_dir.empty()) {
      // The particles first, then the statistics that name them: generations.csv is the commit point.
      cluster::on_first_rank([&] {
        write_file_atomically(checkpoint_file(o.checkpoint_dir, g.index), posterior_csv(out.keys, g));
        write_file_atomically((fs::path(o.checkpoint_dir) / "generations.csv").string(),
                              generations_csv(stats));
      });
    }
    if (show) {
      std::cerr << "generation " << g.index << ": tolerance " << g.tolerance << ", acceptance "
                << g.acceptance << ", ESS " << g.ess << ", simulations " << g.simulations << "\n";
    }
  };
  AbcResult r = abc_smc(priors, distance, run_settings, std::move(resume), on_generation);
  out.stop_reason = r.stop_reason;
  out.posterior = r.generations.back();
  for (auto& g : r.generations) {
    out.simulations += g.simulations;
    g.theta.clear();
    g.weight.clear();
    g.distance.clear();
  }
  out.history = std::move(r.generations);
  if (show) std::cerr << "stopped: " << out.stop_reason << "; posterior predictive runs...\n";
  out.fit = posterior_fit(c, out.posterior.theta, out.posterior.weight, a.seed, a.threads, store.get());
  out.simulations += out.posterior.theta.size();
  if (store) store->remove();  // the generations are checkpointed; the particles are no longer needed
  return out;
}

}  // namespace pathways::calibration
