// Typed batches of jobs over every rank and thread (see cluster.hpp); the one way commands run jobs.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "cluster/cluster.hpp"
#include "cluster/codec.hpp"
#include "core/ensemble.hpp"

namespace pathways::cluster {

/// Runs job(i) for i in [0, n) on every rank and thread and returns the results in index order on
/// every rank. `on_done` (first rank, any thread, one call at a time) sees each finished result.
/// With one rank and no store the results never leave memory; otherwise they are encoded, which
/// is exact (codec.hpp), so the outputs are the same bytes either way.
template <class Result, class Job>
std::vector<Result> run_everywhere(std::size_t n, int threads, Job&& job, JobHooks hooks = {},
                                   const std::function<void(const Result&)>& on_done = {}) {
  if (ranks() == 1 && hooks.store == nullptr) {
    std::mutex m;
    double busy = 0.0;
    auto out = run_jobs<Result>(n, threads, [&](std::size_t i) {
      const auto t0 = std::chrono::steady_clock::now();
      Result r = job(i);
      const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      std::lock_guard<std::mutex> lock(m);
      busy += secs;
      if (on_done) on_done(r);
      return r;
    });
    if (hooks.stats) *hooks.stats = BatchStats{{n}, {busy}, 0};
    return out;
  }
  if (on_done) hooks.on_done = [&](std::size_t, const std::string& bytes) { on_done(decode<Result>(bytes)); };
  const auto bytes = run_encoded_jobs(
      n, threads, [&](std::size_t i) { return encode(Result(job(i))); }, hooks);
  std::vector<Result> out;
  out.reserve(n);
  try {
    for (const auto& b : bytes) out.push_back(decode<Result>(b));
  } catch (const std::runtime_error& e) {
    // Only a kept record whose checksum holds but whose content does not fit can get here (written
    // by something other than this program's run): say what to do rather than what broke.
    throw std::runtime_error(std::string(e.what()) +
                             ": a kept job record does not fit this run; run again without --resume (or "
                             "with --force) to start afresh");
  }
  return out;
}

}  // namespace pathways::cluster
