// cluster.hpp over MPI. The first rank deals out job indices from a coordinator thread; every rank
// (the first included) runs jobs on its own threads and sends each result back with its request for
// the next job. When all jobs are done the first rank broadcasts the results in index order.
//
// MPI is called from several threads of a rank, one call at a time (MPI_THREAD_SERIALIZED, under
// one mutex), and every wait polls with a short sleep: Open MPI's blocking calls spin, and a spinning
// thread would take a core from the jobs when ranks share a machine.
#include <fmt/core.h>
#include <mpi.h>

#include <algorithm>
#include <atomic>
#include <climits>
#include <cstdint>
#include <mutex>
#include <optional>
#include <thread>

#include "cluster/cluster.hpp"
#include "cluster/cluster_internal.hpp"
#include "cluster/codec.hpp"
#include "cluster/job_store.hpp"
#include "core/ensemble.hpp"

namespace pathways::cluster {

namespace {

bool g_started = false;
bool g_shared_error = false;  // see error_is_shared()
int g_rank = 0, g_ranks = 1, g_local_ranks = 1;
std::mutex g_mpi;  // one MPI call at a time

constexpr int kTagRequest = 1;
constexpr int kTagReply = 16;  // + the requesting thread's slot
constexpr std::int64_t kNoMoreJobs = -1;
constexpr auto kPoll = std::chrono::microseconds(100);

void wait(MPI_Request& request) {
  while (true) {
    int done = 0;
    {
      std::lock_guard<std::mutex> lock(g_mpi);
      MPI_Test(&request, &done, MPI_STATUS_IGNORE);
    }
    if (done) return;
    std::this_thread::sleep_for(kPoll);
  }
}

/// Broadcasts `bytes` from `root` to every rank (in pieces below MPI's int count limit).
std::string broadcast(std::string bytes, int root) {
  std::uint64_t size = bytes.size();
  MPI_Request r;
  {
    std::lock_guard<std::mutex> lock(g_mpi);
    MPI_Ibcast(&size, 1, MPI_UINT64_T, root, MPI_COMM_WORLD, &r);
  }
  wait(r);
  bytes.resize(size);
  constexpr std::uint64_t kPiece = std::uint64_t{1} << 30;
  for (std::uint64_t at = 0; at < size; at += kPiece) {
    const int count = static_cast<int>(std::min(kPiece, size - at));
    {
      std::lock_guard<std::mutex> lock(g_mpi);
      MPI_Ibcast(bytes.data() + at, count, MPI_CHAR, root, MPI_COMM_WORLD, &r);
    }
    wait(r);
  }
  return bytes;
}

/// A worker's message to the coordinator: its slot, and the result of its last job if it has one.
struct Request {
  std::int32_t slot = 0;
  bool has_result = false;
  std::uint64_t index = 0;
  std::int32_t error_code = 0;  // 0: `bytes` is the result; else the error's exit code and message
  double busy_seconds = 0.0;
  std::string bytes;
};

template <class F>
void fields(Request& q, F&& f) {
  f(q.slot), f(q.has_result), f(q.index), f(q.error_code), f(q.busy_seconds), f(q.bytes);
}

/// The outcome of one job on the first rank.
struct Outcome {
  bool done = false;
  std::int32_t error_code = 0;
  std::string bytes;         // result, or error message
  std::exception_ptr local;  // the error itself when the job ran on the first rank
  int rank = 0;
};

/// The first rank's view of a batch: the jobs left to hand out and the outcomes so far.
struct Batch {
  std::vector<std::size_t> to_run;  // jobs not already kept in the store, lowest index first
  std::size_t next = 0;
  std::size_t finished = 0;
  std::vector<Outcome> outcomes;
  BatchStats stats;
  std::mutex m, done_m;
  const JobHooks* hooks = nullptr;
  int phase = 0;

  std::optional<std::size_t> take() {
    std::lock_guard<std::mutex> lock(m);
    if (next == to_run.size()) return std::nullopt;
    return to_run[next++];
  }
  // Called on the coordinator's and the first rank's worker threads, where an exception would end
  // the program: a job that cannot be kept (a full disk) becomes that job's error instead.
  void finish(std::size_t i, Outcome o, double busy) {
    if (o.error_code == 0 && hooks->store) {
      try {
        hooks->store->save(phase, i, o.bytes);
      } catch (...) {
        o.local = std::current_exception();
        o.error_code = exit_code_of(o.local);
        o.bytes = message_of(o.local);
      }
    }
    if (o.error_code == 0 && hooks->on_done) {
      std::lock_guard<std::mutex> lock(done_m);
      hooks->on_done(i, o.bytes);
    }
    std::lock_guard<std::mutex> lock(m);
    stats.jobs[static_cast<std::size_t>(o.rank)] += 1;
    stats.busy_seconds[static_cast<std::size_t>(o.rank)] += busy;
    o.done = true;
    outcomes[i] = std::move(o);
    ++finished;
  }
  bool all_finished() {
    std::lock_guard<std::mutex> lock(m);
    return finished == to_run.size();
  }
};

Outcome run_one(const std::function<std::string(std::size_t)>& job, std::size_t i, double& busy) {
  const auto t0 = std::chrono::steady_clock::now();
  Outcome o;
  o.rank = g_rank;
  try {
    o.bytes = job(i);
  } catch (...) {
    o.local = std::current_exception();
    o.error_code = exit_code_of(o.local);
    o.bytes = message_of(o.local);
  }
  busy = seconds_since(t0);
  return o;
}

/// The first rank's coordinator: answers requests until every job is finished and every other
/// rank's thread has been told there is no more work.
void coordinate(Batch& b, int remote_threads) {
  int told = 0;
  while (told < remote_threads || !b.all_finished()) {
    int flag = 0;
    MPI_Status st;
    std::string buffer;
    const auto t0 = std::chrono::steady_clock::now();  // counted only when a request came
    {
      std::lock_guard<std::mutex> lock(g_mpi);
      MPI_Iprobe(MPI_ANY_SOURCE, kTagRequest, MPI_COMM_WORLD, &flag, &st);
      if (flag) {
        int count = 0;
        MPI_Get_count(&st, MPI_CHAR, &count);
        buffer.resize(static_cast<std::size_t>(count));
        MPI_Recv(buffer.data(), count, MPI_CHAR, st.MPI_SOURCE, kTagRequest, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE);
      }
    }
    if (!flag) {
      std::this_thread::sleep_for(kPoll);
      continue;
    }
    Request q = decode<Request>(buffer);
    if (q.has_result) {
      Outcome o;
      o.error_code = q.error_code;
      o.bytes = std::move(q.bytes);
      o.rank = st.MPI_SOURCE;
      b.finish(q.index, std::move(o), q.busy_seconds);
    }
    const auto next = b.take();
    const std::int64_t reply = next ? static_cast<std::int64_t>(*next) : kNoMoreJobs;
    if (!next) ++told;
    {
      std::lock_guard<std::mutex> lock(g_mpi);
      MPI_Send(&reply, 1, MPI_INT64_T, st.MPI_SOURCE, kTagReply + q.slot, MPI_COMM_WORLD);
    }
    std::lock_guard<std::mutex> lock(b.m);
    b.stats.requests += 1;
    b.stats.coordinator_seconds += seconds_since(t0);
  }
}

/// A thread of another rank: asks for jobs, runs them, sends each result with the next request.
void work_remotely(int slot, const std::function<std::string(std::size_t)>& job) {
  Request q;
  q.slot = slot;
  while (true) {
    const std::string msg = encode(q);
    MPI_Request r;
    {
      std::lock_guard<std::mutex> lock(g_mpi);
      MPI_Isend(msg.data(), static_cast<int>(msg.size()), MPI_CHAR, 0, kTagRequest, MPI_COMM_WORLD, &r);
    }
    wait(r);
    std::int64_t index = kNoMoreJobs;
    {
      std::lock_guard<std::mutex> lock(g_mpi);
      MPI_Irecv(&index, 1, MPI_INT64_T, 0, kTagReply + slot, MPI_COMM_WORLD, &r);
    }
    wait(r);
    if (index == kNoMoreJobs) return;
    double busy = 0.0;
    Outcome o = run_one(job, static_cast<std::size_t>(index), busy);
    q.has_result = true;
    q.index = static_cast<std::uint64_t>(index);
    q.error_code = o.error_code;
    q.busy_seconds = busy;
    q.bytes = std::move(o.bytes);
  }
}

int threads_on_this_rank(int requested) {
  if (requested > 0) return threads_used(requested);
  // All the cores this rank may use: when the launcher bound it to some (mpirun's default binding,
  // or --map-by ...:pe=N), those; when it runs unbound, the machine's shared among its ranks here.
  const int cores = cores_available();
  const int machine = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  return cores < machine ? cores : std::max(1, cores / g_local_ranks);
}

void join_all(std::vector<std::thread>& ts) {
  for (auto& t : ts) t.join();
}

}  // namespace

Session::Session(int& argc, char**& argv) {
  if (launcher_ranks() == 0) return;
  int provided = 0;
  MPI_Init_thread(&argc, &argv, MPI_THREAD_SERIALIZED, &provided);
  g_started = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &g_rank);
  MPI_Comm_size(MPI_COMM_WORLD, &g_ranks);
  MPI_Comm local;
  MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, g_rank, MPI_INFO_NULL, &local);
  MPI_Comm_size(local, &g_local_ranks);
  MPI_Comm_free(&local);
  if (provided < MPI_THREAD_SERIALIZED && g_ranks > 1) {
    if (g_rank == 0) {
      fmt::print(stderr,
                 "pathways: error: this MPI library cannot be called from several threads "
                 "(MPI_THREAD_SERIALIZED); use Open MPI 4 or later\n");
    }
    MPI_Abort(MPI_COMM_WORLD, 3);
  }
}

Session::~Session() {
  if (g_started) MPI_Finalize();
}

int rank() {
  return g_rank;
}
int ranks() {
  return g_ranks;
}
bool built_with_mpi() {
  return true;
}
int threads_per_rank(int requested) {
  return threads_on_this_rank(requested);
}

bool error_is_shared() {
  return g_ranks == 1 || g_shared_error;
}

void abort_all(int code) {
  if (g_started && g_ranks > 1) MPI_Abort(MPI_COMM_WORLD, code);
}

void on_every_rank(const std::function<void()>& f) {
  g_shared_error = false;  // an error before this point, handled, does not make later ones shared
  std::exception_ptr error;
  try {
    f();
  } catch (...) {
    error = std::current_exception();
  }
  if (g_ranks == 1) {
    if (error) std::rethrow_exception(error);
    return;
  }
  const int code = error ? std::max(1, exit_code_of(error)) : 0;
  std::vector<int> codes(static_cast<std::size_t>(g_ranks));
  MPI_Request r;
  {
    std::lock_guard<std::mutex> lock(g_mpi);
    MPI_Iallgather(&code, 1, MPI_INT, codes.data(), 1, MPI_INT, MPI_COMM_WORLD, &r);
  }
  wait(r);
  const auto first = std::find_if(codes.begin(), codes.end(), [](int c) { return c != 0; });
  if (first == codes.end()) return;
  const int failed = static_cast<int>(first - codes.begin());
  const std::string message = broadcast(failed == g_rank ? message_of(error) : std::string(), failed);
  g_shared_error = true;
  if (error) std::rethrow_exception(error);
  throw RemoteError(fmt::format("{} (on rank {})", message, failed), *first);
}

void on_first_rank(const std::function<void()>& f) {
  on_every_rank([&] {
    if (g_rank == 0) f();
  });
}

std::vector<std::string> run_encoded_jobs(std::size_t n, int threads,
                                          const std::function<std::string(std::size_t)>& job,
                                          const JobHooks& hooks) {
  if (g_ranks == 1) return run_encoded_jobs_here(n, threads, job, hooks);
  g_shared_error = false;
  const int mine = threads_per_rank(threads);
  std::vector<int> per_rank(static_cast<std::size_t>(g_ranks));
  MPI_Request r;
  {
    std::lock_guard<std::mutex> lock(g_mpi);
    MPI_Iallgather(&mine, 1, MPI_INT, per_rank.data(), 1, MPI_INT, MPI_COMM_WORLD, &r);
  }
  wait(r);

  std::string blob;
  if (g_rank != 0) {
    std::vector<std::thread> ts;
    for (int s = 0; s < mine; ++s) ts.emplace_back(work_remotely, s, std::cref(job));
    join_all(ts);
  } else {
    Batch b;
    b.hooks = &hooks;
    b.phase = !hooks.store ? 0 : hooks.phase >= 0 ? hooks.phase : hooks.store->begin_phase();
    b.outcomes.resize(n);
    b.stats.jobs.assign(static_cast<std::size_t>(g_ranks), 0);
    b.stats.busy_seconds.assign(static_cast<std::size_t>(g_ranks), 0.0);
    for (std::size_t i = 0; i < n; ++i) {
      std::optional<std::string> kept;
      if (hooks.store) kept = hooks.store->load(b.phase, i);
      if (!kept) {
        b.to_run.push_back(i);
        continue;
      }
      if (hooks.on_done) hooks.on_done(i, *kept);
      b.outcomes[i].done = true;
      b.outcomes[i].bytes = std::move(*kept);
      ++b.stats.resumed;
    }
    int remote = 0;
    for (int k = 1; k < g_ranks; ++k) remote += per_rank[static_cast<std::size_t>(k)];
    std::thread coordinator(coordinate, std::ref(b), remote);
    std::vector<std::thread> ts;
    for (int s = 0; s < mine; ++s) {
      ts.emplace_back([&] {
        while (const auto i = b.take()) {
          double busy = 0.0;
          Outcome o = run_one(job, *i, busy);
          b.finish(*i, std::move(o), busy);
        }
      });
    }
    join_all(ts);
    coordinator.join();
    if (hooks.stats) *hooks.stats = b.stats;
    // Every result in index order, or the lowest-index error: the same on every rank.
    Writer w;
    std::optional<std::size_t> failed;
    for (std::size_t i = 0; i < n && !failed; ++i) {
      if (b.outcomes[i].error_code != 0) failed = i;
    }
    if (failed) {
      const Outcome& o = b.outcomes[*failed];
      put(w, o.error_code);
      put(w, fmt::format("{} (on rank {})", o.bytes, o.rank));
      broadcast(std::move(w.bytes), 0);
      g_shared_error = true;
      if (o.local) std::rethrow_exception(o.local);
      throw RemoteError(fmt::format("{} (on rank {})", o.bytes, o.rank), o.error_code);
    }
    put(w, std::int32_t{0});
    for (auto& o : b.outcomes) put(w, o.bytes);
    blob = std::move(w.bytes);
  }
  blob = broadcast(std::move(blob), 0);
  Reader rd{blob};
  std::int32_t code = 0;
  get(rd, code);
  if (code != 0) {
    std::string message;
    get(rd, message);
    g_shared_error = true;
    throw RemoteError(message, code);
  }
  std::vector<std::string> out(n);
  for (auto& bytes : out) get(rd, bytes);
  return out;
}

}  // namespace pathways::cluster
