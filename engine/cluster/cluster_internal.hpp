// Helpers shared by the MPI and the single-rank implementations of cluster.hpp.
#pragma once

#include <chrono>
#include <exception>
#include <string>

namespace pathways::cluster {

/// The message of an exception (what()), or "unknown error".
std::string message_of(std::exception_ptr e);
double seconds_since(std::chrono::steady_clock::time_point t0);
/// The number of ranks a launcher (mpirun, srun) announced for this process: 0 when no launcher
/// started it, 2 when one did without saying how many.
int launcher_ranks();

}  // namespace pathways::cluster
