// Progress line for long ensembles; silent when standard error is not a terminal (CI, pipes).
#include "cli/progress.hpp"

#include <fmt/core.h>
#include <unistd.h>

namespace pathways::cli {

Progress::Progress(std::size_t total_jobs, bool enabled)
    : total_(total_jobs),
      active_(enabled && ::isatty(STDERR_FILENO) != 0),
      start_(std::chrono::steady_clock::now()) {}

void Progress::job_done(std::uint64_t events) {
  const std::size_t done = ++done_;
  const std::uint64_t ev = events_ += events;
  if (!active_) return;
  std::lock_guard<std::mutex> lock(print_);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double left = done > 0 ? secs / static_cast<double>(done) * static_cast<double>(total_ - done) : 0.0;
  const int width = 30;
  const auto filled = static_cast<int>(width * static_cast<double>(done) / static_cast<double>(total_));
  fmt::print(stderr, "\r[{}{}] {}/{} replicates  {:.1f} M events/s  {:.0f} s left   ",
             std::string(static_cast<std::size_t>(filled), '#'),
             std::string(static_cast<std::size_t>(width - filled), '.'), done, total_,
             secs > 0 ? static_cast<double>(ev) / secs / 1e6 : 0.0, left);
}

void Progress::finish() {
  if (active_) fmt::print(stderr, "\r{}\r", std::string(90, ' '));
}

}  // namespace pathways::cli
