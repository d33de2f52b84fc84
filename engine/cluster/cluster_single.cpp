// cluster.hpp for a build without MPI: one rank, jobs on threads.
#include <fmt/core.h>

#include <cstdlib>

#include "cluster/cluster.hpp"
#include "cluster/cluster_internal.hpp"
#include "core/ensemble.hpp"

namespace pathways::cluster {

Session::Session(int&, char**&) {
  // Several copies of a program without MPI would each run everything and race to write the same
  // output: refuse instead.
  if (launcher_ranks() > 1) {
    fmt::print(stderr,
               "pathways: error: started by mpirun or srun, but this pathways was built without MPI; "
               "install libopenmpi-dev and rebuild (cmake -DPATHWAYS_MPI=ON), or run it without mpirun\n");
    std::exit(2);
  }
}
Session::~Session() = default;

int rank() {
  return 0;
}
int ranks() {
  return 1;
}
bool built_with_mpi() {
  return false;
}
int threads_per_rank(int requested) {
  return threads_used(requested);
}
void abort_all(int) {}
bool error_is_shared() {
  return true;
}

void on_every_rank(const std::function<void()>& f) {
  f();
}
void on_first_rank(const std::function<void()>& f) {
  f();
}

std::vector<std::string> run_encoded_jobs(std::size_t n, int threads,
                                          const std::function<std::string(std::size_t)>& job,
                                          const JobHooks& hooks) {
  return run_encoded_jobs_here(n, threads, job, hooks);
}

}  // namespace pathways::cluster
