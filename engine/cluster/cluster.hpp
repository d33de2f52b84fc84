// The ranks of a distributed run (MPI) and how jobs are spread over them: one program runs on every
// rank with the same inputs and takes the same path through a command (SPMD); jobs are dealt out
// dynamically and their results gathered in job order, so outputs are the same bytes for any number
// of ranks and threads. Without mpirun there is one rank and nothing here touches MPI.
// docs/distributed.md describes the protocol and its costs.
#pragma once

#include <cstddef>
#include <exception>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace pathways::cluster {

class JobStore;

/// Starts MPI when the program was launched by mpirun or srun (and this build has MPI), and stops
/// it when destroyed. One per program, in main().
class Session {
 public:
  Session(int& argc, char**& argv);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
};

/// This rank (0 is the first, which writes every output) and the number of ranks.
int rank();
int ranks();
inline bool is_first() {
  return rank() == 0;
}
/// Whether this build can run distributed (configured with MPI).
bool built_with_mpi();

/// The threads each rank runs jobs on for `requested` (0: all cores, shared among the ranks on one
/// machine), never more than the machine's cores.
int threads_per_rank(int requested);

/// Ends every rank at once with `code` (MPI_Abort): for an error on one rank that the others cannot
/// learn of, which would otherwise leave them waiting. Returns when there is one rank.
void abort_all(int code);

/// An error that happened on another rank (or in a job run there), carried here so that every rank
/// stops the same way. The first rank prints it; `exit_code` is what that rank's error maps to.
struct RemoteError : std::runtime_error {
  RemoteError(const std::string& what, int code) : std::runtime_error(what), exit_code(code) {}
  int exit_code;
};

/// Whether the error being handled reached every rank (it came out of on_every_rank, on_first_rank
/// or run_encoded_jobs, which agree on errors): then only the first rank prints it. Any other error
/// on a rank other than the first was met there alone, and main() ends all ranks with abort_all.
bool error_is_shared();

/// How main() maps an exception to an exit code, so that an error carried to another rank ends it
/// with the same code (set once by main; default 3).
void set_exit_code_of(std::function<int(std::exception_ptr)> f);

/// Runs `f` on every rank and then agrees: if it threw anywhere, every rank throws (the failing
/// rank its own exception, the others a RemoteError with the lowest failing rank's message). A
/// point every rank reaches, so that an error on one rank (a file it cannot read) stops them all.
void on_every_rank(const std::function<void()>& f);
/// Runs `f` on the first rank only (writing files) and agrees on its outcome as on_every_rank does.
void on_first_rank(const std::function<void()>& f);

/// Per-rank statistics of the last job batch, on the first rank: how the load was shared.
struct BatchStats {
  std::vector<std::size_t> jobs;     ///< jobs each rank ran
  std::vector<double> busy_seconds;  ///< time each rank's threads spent in jobs
  std::size_t resumed = 0;           ///< jobs taken from the store instead of being run
  /// The first rank's coordinator: requests answered and the time spent answering them (not
  /// waiting), the serial cost that bounds how many ranks one coordinator can feed.
  std::size_t requests = 0;
  double coordinator_seconds = 0.0;
};

/// Adds a batch's statistics to a run's total (rank by rank).
void add_load(BatchStats& total, const BatchStats& batch);

/// What the batch runner needs besides the jobs.
struct JobHooks {
  JobStore* store = nullptr;  ///< first rank: keep finished jobs, skip those already kept
  /// The batch's number in the store: -1 takes the store's next (JobStore::begin_phase); a command
  /// that resumes part-way through its batches (calibration, by generation) numbers them itself.
  int phase = -1;
  /// First rank: called (from any thread, one call at a time) with each finished job's result.
  std::function<void(std::size_t index, const std::string& bytes)> on_done;
  BatchStats* stats = nullptr;  ///< first rank: filled when the batch ends
};

/// Runs job(i) for i in [0, n) over every rank, `threads` threads each (0: all cores), handing out
/// jobs one at a time to whichever thread is free (lowest index first). Returns every result, in
/// index order, on every rank. If any job threw, every rank throws the lowest-index job's error
/// after all jobs stop. The same inputs give the same bytes whatever the ranks and threads.
std::vector<std::string> run_encoded_jobs(std::size_t n, int threads,
                                          const std::function<std::string(std::size_t)>& job,
                                          const JobHooks& hooks = {});

/// The same on one rank, with threads only (what run_encoded_jobs does without MPI).
std::vector<std::string> run_encoded_jobs_here(std::size_t n, int threads,
                                               const std::function<std::string(std::size_t)>& job,
                                               const JobHooks& hooks);

/// The exit code `set_exit_code_of` gives an exception.
int exit_code_of(std::exception_ptr e);

}  // namespace pathways::cluster
