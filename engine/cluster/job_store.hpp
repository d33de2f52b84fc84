// Finished jobs kept on disk as they complete, so that a run killed by a signal, a node failure or a
// batch system's time limit resumes without recomputing them (docs/distributed.md).
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>

namespace pathways::cluster {

/// A folder of job records: `fingerprint.txt` (everything that determines the results) and one file
/// per finished job, `<phase>-<index>.job`, written atomically and flushed to disk, with a checksum so
/// that a damaged record is recomputed rather than trusted. A command's job batches are its phases,
/// numbered in the order it runs them (the same in every run of the same inputs).
/// Only the first rank owns a store; the others never touch the disk.
class JobStore {
 public:
  /// Opens `dir` for a run with this fingerprint. Without `resume` any earlier records there are
  /// removed. With `resume`, records of a run with the same fingerprint are kept; a different
  /// fingerprint is std::invalid_argument (naming the folder and the option to use instead).
  JobStore(std::filesystem::path dir, const std::string& fingerprint, bool resume);

  /// Starts the next batch of jobs and returns its phase number.
  int begin_phase() { return next_phase_++; }
  /// The record of job `index` of `phase`, if a whole and undamaged one exists.
  std::optional<std::string> load(int phase, std::size_t index) const;
  /// Keeps a finished job's result (thread-safe: every job has its own file).
  void save(int phase, std::size_t index, const std::string& bytes) const;
  /// Removes the folder once the command's output is in place.
  void remove();

  const std::filesystem::path& dir() const { return dir_; }
  /// Jobs found finished when the store was opened (for the resume message).
  std::size_t records_found() const { return found_; }

 private:
  std::filesystem::path file(int phase, std::size_t index) const;
  std::filesystem::path dir_;
  int next_phase_ = 0;
  std::size_t found_ = 0;
};

}  // namespace pathways::cluster
