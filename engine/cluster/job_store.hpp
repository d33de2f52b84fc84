// Finished jobs kept on disk as they complete, so that a run killed by a signal, a node failure or a
// batch system's time limit resumes without recomputing them (docs/distributed.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

namespace pathways::cluster {

/// A folder holding `fingerprint.txt` (everything that determines the results) and `jobs.log`, one
/// record per finished job appended as it completes: its phase and index, its result, and a
/// checksum, so that a record cut short or damaged by a crash is run again rather than trusted. A
/// command's batches of jobs are its phases, numbered in the order it runs them (the same in every
/// run of the same inputs). One file appended with one write per job, not flushed to disk: a file
/// per job, or fsync, costs about half a millisecond a job here, which the first rank would pay
/// for every job of every rank. Only the first rank owns a store; the others never touch the disk.
class JobStore {
 public:
  /// Opens `dir` for a run with this fingerprint. Without `resume` any earlier records there are
  /// removed. With `resume`, records of a run with the same fingerprint are read (and a damaged
  /// tail cut off); a different fingerprint is std::invalid_argument naming the folder.
  JobStore(std::filesystem::path dir, const std::string& fingerprint, bool resume);
  ~JobStore();
  JobStore(const JobStore&) = delete;
  JobStore& operator=(const JobStore&) = delete;

  /// Starts the next batch of jobs and returns its phase number.
  int begin_phase() { return next_phase_++; }
  /// The record of job `index` of `phase`, if a whole and undamaged one exists.
  std::optional<std::string> load(int phase, std::size_t index) const;
  /// Keeps a finished job's result (thread-safe).
  void save(int phase, std::size_t index, const std::string& bytes);
  /// Removes the folder once the command's output is in place.
  void remove();

  const std::filesystem::path& dir() const { return dir_; }
  /// Jobs found finished when the store was opened (for the resume message).
  std::size_t records_found() const { return kept_.size(); }

  /// The whole records in `dir`'s log, read without changing anything (a run may be writing it).
  static std::size_t count_records(const std::filesystem::path& dir);

 private:
  std::filesystem::path dir_;
  int next_phase_ = 0;
  int fd_ = -1;
  std::mutex append_;
  std::map<std::pair<int, std::size_t>, std::string> kept_;
};

}  // namespace pathways::cluster
