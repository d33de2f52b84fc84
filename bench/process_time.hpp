// Process CPU time, for the ensemble benchmarks' cores_used counter.
#pragma once

#include <ctime>

namespace pathways::bench {

/// CPU seconds used so far by every thread of this process.
inline double process_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

}  // namespace pathways::bench
