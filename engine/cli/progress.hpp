// A progress line on standard error (replicates done, events per second, time left), only on a terminal.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>

namespace pathways::cli {

class Progress {
 public:
  /// Shows progress only when standard error is a terminal and `enabled`.
  Progress(std::size_t total_jobs, bool enabled);
  /// Called from any thread when a job finishes, with the events it processed.
  void job_done(std::uint64_t events);
  /// Clears the line.
  void finish();

 private:
  std::size_t total_;
  bool active_;
  std::atomic<std::size_t> done_{0};
  std::atomic<std::uint64_t> events_{0};
  std::mutex print_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace pathways::cli
