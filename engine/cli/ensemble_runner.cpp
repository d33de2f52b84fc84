// Scenario replicates as jobs over every rank and thread, reduced in a fixed order.
#include "cli/ensemble_runner.hpp"

#include "cli/progress.hpp"
#include "cluster/jobs.hpp"
#include "scenario/run_replicate.hpp"

namespace pathways::cli {

std::vector<ScenarioResults> run_ensemble(const std::vector<Scenario>& scenarios,
                                          const EnsembleOptions& opts) {
  const auto reps = static_cast<std::size_t>(opts.replicates);
  const std::size_t jobs = scenarios.size() * reps;
  Progress progress(jobs, opts.progress && cluster::is_first());
  std::size_t done = 0;  // on_done calls come one at a time
  cluster::BatchStats stats;
  cluster::JobHooks hooks;
  hooks.store = opts.store;
  hooks.stats = &stats;
  // Jobs are interleaved replicate-major so that a long comparison finishes its scenarios together.
  auto tables = cluster::run_everywhere<SeriesTable>(
      jobs, opts.threads,
      [&](std::size_t j) {
        const std::size_t s = j % scenarios.size(), r = j / scenarios.size();
        return run_replicate(scenarios[s], opts.seed, r);
      },
      hooks,
      [&](const SeriesTable& t) {
        progress.job_done(t.events);
        if (opts.on_job_done) opts.on_job_done(++done, jobs);
      });
  progress.finish();
  if (opts.load) add_load(*opts.load, stats);
  std::vector<ScenarioResults> out;
  for (std::size_t s = 0; s < scenarios.size(); ++s) {
    ScenarioResults r{scenarios[s], {}};
    for (std::size_t rep = 0; rep < reps; ++rep)
      r.replicates.push_back(std::move(tables[rep * scenarios.size() + s]));
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace pathways::cli
