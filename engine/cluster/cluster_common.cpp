// What every build shares: exit codes of errors and running a batch of jobs on this rank's threads.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <optional>

#include "cluster/cluster.hpp"
#include "cluster/cluster_internal.hpp"
#include "cluster/job_store.hpp"
#include "core/ensemble.hpp"

namespace pathways::cluster {

namespace {
std::function<int(std::exception_ptr)>& exit_code_function() {
  static std::function<int(std::exception_ptr)> f;
  return f;
}
}  // namespace

void set_exit_code_of(std::function<int(std::exception_ptr)> f) {
  exit_code_function() = std::move(f);
}

int exit_code_of(std::exception_ptr e) {
  if (exit_code_function()) return exit_code_function()(e);
  return 3;
}

std::string message_of(std::exception_ptr e) {
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& x) {
    return x.what();
  } catch (...) {
    return "unknown error";
  }
}

int launcher_ranks() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE"}) {
    if (const char* v = std::getenv(name)) return std::max(1, std::atoi(v));
  }
  return std::getenv("PMIX_RANK") != nullptr ? 2 : 0;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

void add_load(BatchStats& total, const BatchStats& batch) {
  total.jobs.resize(std::max(total.jobs.size(), batch.jobs.size()), 0);
  total.busy_seconds.resize(std::max(total.busy_seconds.size(), batch.busy_seconds.size()), 0.0);
  for (std::size_t k = 0; k < batch.jobs.size(); ++k) total.jobs[k] += batch.jobs[k];
  for (std::size_t k = 0; k < batch.busy_seconds.size(); ++k) total.busy_seconds[k] += batch.busy_seconds[k];
  total.resumed += batch.resumed;
  total.requests += batch.requests;
  total.coordinator_seconds += batch.coordinator_seconds;
}

std::vector<std::string> run_encoded_jobs_here(std::size_t n, int threads,
                                               const std::function<std::string(std::size_t)>& job,
                                               const JobHooks& hooks) {
  const int phase = !hooks.store ? 0 : hooks.phase >= 0 ? hooks.phase : hooks.store->begin_phase();
  std::vector<std::string> out(n);
  std::vector<std::size_t> to_run;
  std::mutex done_mutex;
  for (std::size_t i = 0; i < n; ++i) {
    std::optional<std::string> kept;
    if (hooks.store) kept = hooks.store->load(phase, i);
    if (!kept) {
      to_run.push_back(i);
      continue;
    }
    out[i] = std::move(*kept);
    if (hooks.on_done) hooks.on_done(i, out[i]);
  }
  std::atomic<double> busy{0.0};
  auto fresh = run_jobs<std::string>(to_run.size(), threads, [&](std::size_t k) {
    const auto t0 = std::chrono::steady_clock::now();
    std::string bytes = job(to_run[k]);
    if (hooks.store) hooks.store->save(phase, to_run[k], bytes);
    busy += seconds_since(t0);
    if (hooks.on_done) {
      std::lock_guard<std::mutex> lock(done_mutex);
      hooks.on_done(to_run[k], bytes);
    }
    return bytes;
  });
  for (std::size_t k = 0; k < to_run.size(); ++k) out[to_run[k]] = std::move(fresh[k]);
  if (hooks.stats) *hooks.stats = BatchStats{{to_run.size()}, {busy.load()}, n - to_run.size()};
  return out;
}

}  // namespace pathways::cluster
