// Runs independent jobs (replicates, scenarios, parameter draws) in parallel on TBB, in fixed order.
#pragma once

#include <sched.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#if defined(__SANITIZE_THREAD__)
#define PATHWAYS_THREAD_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define PATHWAYS_THREAD_SANITIZER 1
#endif
#endif
#ifndef PATHWAYS_THREAD_SANITIZER
#define PATHWAYS_THREAD_SANITIZER 0
#endif

namespace pathways {

/// The cores this process may run on: its CPU affinity (taskset, a batch system, mpirun's binding),
/// which TBB honours too, else the machine's.
inline int cores_available() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (::sched_getaffinity(0, sizeof set, &set) == 0) return std::max(1, CPU_COUNT(&set));
  return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

/// The threads a run uses for `requested` (0: all cores): never more than the cores available,
/// where more would only make TBB print a warning. Results do not depend on it.
inline int threads_used(int requested) {
  const int cores = cores_available();
  return requested > 0 ? std::min(requested, cores) : cores;
}

/// Runs job(i) for i in [0, n) on up to `threads` threads (0 = all cores) and returns the results
/// indexed by i, so any reduction over them in index order is independent of scheduling. The first
/// exception thrown by a job (lowest index) is rethrown after all jobs stop.
template <class Result, class Job>
std::vector<Result> run_jobs(std::size_t n, int threads, Job&& job) {
  std::vector<Result> results(n);
  std::vector<std::exception_ptr> errors(n);
#if PATHWAYS_THREAD_SANITIZER
  // Under ThreadSanitizer, plain threads take the jobs in turn instead of TBB, whose scheduler is not
  // built with the sanitizer (its hand-overs would be reported as races): everything TBB would run,
  // the jobs and the hand-back of their results, is then checked (docs/security.md).
  std::atomic<std::size_t> next{0};
  std::vector<std::thread> workers;
  for (int t = 0; t < threads_used(threads); ++t) {
    workers.emplace_back([&] {
      for (std::size_t i = next++; i < n; i = next++) {
        try {
          results[i] = job(i);
        } catch (...) {
          errors[i] = std::current_exception();
        }
      }
    });
  }
  for (auto& w : workers) w.join();
#else
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
#endif
  for (auto& e : errors) {
    if (e) std::rethrow_exception(e);
  }
  return results;
}

}  // namespace pathways
