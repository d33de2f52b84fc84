// Parallel execution of scenario replicates on TBB, reduced in a fixed order.
#include "cli/ensemble_runner.hpp"

#include <atomic>

#include "cli/progress.hpp"
#include "core/ensemble.hpp"
#include "scenario/run_replicate.hpp"

namespace pathways::cli {

std::vector<ScenarioResults> run_ensemble(const std::vector<Scenario>& scenarios,
                                          const EnsembleOptions& opts) {
  const auto reps = static_cast<std::size_t>(opts.replicates);
  const std::size_t jobs = scenarios.size() * reps;
  Progress progress(jobs, opts.progress);
  std::atomic<std::size_t> done{0};
  // Jobs are interleaved replicate-major so that a long comparison finishes its scenarios together.
  auto tables = run_jobs<SeriesTable>(jobs, opts.threads, [&](std::size_t j) {
    const std::size_t s = j % scenarios.size(), r = j / scenarios.size();
    const Scenario& sc = scenarios[s];
    SeriesTable t = run_replicate(sc, opts.seed, r);
    progress.job_done(t.events);
    if (opts.on_job_done) opts.on_job_done(done.fetch_add(1) + 1, jobs);
    return t;
  });
  progress.finish();
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
