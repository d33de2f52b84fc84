// Runs independent jobs (replicates, scenarios, parameter draws) in parallel on TBB, in fixed order.
#pragma once

#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace pathways {

/// The threads a run uses for `requested` (0: all cores): never more than the machine's cores, where
/// more would only make TBB print a warning. Results do not depend on it.
inline int threads_used(int requested) {
  const int cores = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  return requested > 0 ? std::min(requested, cores) : cores;
}

/// Runs job(i) for i in [0, n) on up to `threads` threads (0 = all cores) and returns the results
/// indexed by i, so any reduction over them in index order is independent of scheduling. The first
/// exception thrown by a job (lowest index) is rethrown after all jobs stop.
template <class Result, class Job>
std::vector<Result> run_jobs(std::size_t n, int threads, Job&& job) {
  std::vector<Result> results(n);
  std::vector<std::exception_ptr> errors(n);
  tbb::task_arena arena(threads_used(threads));
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, 1),
                      [&](const tbb::blocked_range<std::size_t>& r) {
                        for (std::size_t i = r.begin(); i != r.end(); ++i) {
                          try {
                            results[i] = job(i);
                          } catch (...) {
                            errors[i] = std::current_exception();
                          }
                        }
                      });
  });
  for (auto& e : errors) {
    if (e) std::rethrow_exception(e);
  }
  return results;
}

}  // namespace pathways
