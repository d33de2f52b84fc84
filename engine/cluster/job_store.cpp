// Job records on disk (see job_store.hpp).
#include "cluster/job_store.hpp"

#include <fcntl.h>
#include <fmt/core.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "cluster/codec.hpp"
#include "core/rng.hpp"
#include "io/files.hpp"

namespace pathways::cluster {

namespace fs = std::filesystem;

namespace {

constexpr std::uint64_t kMagic = 0x31626f6a79617770ULL;  // "pwayjob1"

std::string read_or_empty(const fs::path& p) {
  ReadFailure why;
  return read_regular_file(p.string(), why, std::size_t{1} << 40).value_or("");
}

struct Record {
  int phase = 0;
  std::uint64_t index = 0;
  std::string payload;
};

/// Reads the records of a log up to the first that is not whole; `good` is where that one begins.
/// A record whose checksum fails but whose frame is whole is skipped (damaged, run again).
std::vector<Record> parse(const std::string& log, std::size_t& good) {
  std::vector<Record> out;
  Reader r{log};
  good = 0;
  while (r.at < log.size()) {
    try {
      std::uint64_t magic = 0, sum = 0;
      Record rec;
      get(r, magic);
      if (magic != kMagic) break;
      get(r, rec.phase);
      get(r, rec.index);
      get(r, rec.payload);
      get(r, sum);
      good = r.at;
      if (sum == stream_hash(rec.payload)) out.push_back(std::move(rec));
    } catch (const std::runtime_error&) {
      break;  // cut short
    }
  }
  return out;
}

[[noreturn]] void fail(const fs::path& dir, const std::string& what) {
  throw std::invalid_argument(
      fmt::format("cannot keep finished jobs in '{}': {}", printable(dir.string()), what));
}

}  // namespace

JobStore::JobStore(fs::path dir, const std::string& fingerprint, bool resume) : dir_(std::move(dir)) {
  std::error_code ec;
  const fs::path fp = dir_ / "fingerprint.txt";
  const fs::path log = dir_ / "jobs.log";
  if (resume && fs::exists(fp, ec)) {
    if (read_or_empty(fp) != fingerprint) {
      throw std::invalid_argument(
          fmt::format("--resume: the finished jobs in '{}' belong to a different run (other inputs, seed, "
                      "replicates or program version); run without --resume to start afresh",
                      printable(dir_.string())));
    }
    std::size_t good = 0;
    for (auto& rec : parse(read_or_empty(log), good)) {
      kept_[{rec.phase, static_cast<std::size_t>(rec.index)}] = std::move(rec.payload);
    }
    // New records go after the last whole one, not after a torn tail.
    if (fs::exists(log, ec)) fs::resize_file(log, good, ec);
    if (ec) fail(dir_, ec.message());
  } else {
    fs::remove_all(dir_, ec);
    fs::create_directories(dir_, ec);
    if (ec) fail(dir_, ec.message());
    write_file_atomically(fp.string(), fingerprint);
  }
  fd_ = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd_ < 0) fail(dir_, std::strerror(errno));
}

JobStore::~JobStore() {
  if (fd_ >= 0) ::close(fd_);
}

std::optional<std::string> JobStore::load(int phase, std::size_t index) const {
  const auto it = kept_.find({phase, index});
  if (it == kept_.end()) return std::nullopt;
  return it->second;
}

void JobStore::save(int phase, std::size_t index, const std::string& bytes) {
  Writer w;
  put(w, kMagic);
  put(w, phase);
  put(w, static_cast<std::uint64_t>(index));
  put(w, bytes);
  put(w, stream_hash(bytes));
  std::lock_guard<std::mutex> lock(append_);
  std::size_t done = 0;
  while (done < w.bytes.size()) {
    const ssize_t n = ::write(fd_, w.bytes.data() + done, w.bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      throw std::runtime_error(fmt::format("cannot keep a finished job in '{}': {}", printable(dir_.string()),
                                           std::strerror(errno)));
    }
    done += static_cast<std::size_t>(n);
  }
}

void JobStore::remove() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

std::size_t JobStore::count_records(const fs::path& dir) {
  std::size_t good = 0;
  return parse(read_or_empty(dir / "jobs.log"), good).size();
}

}  // namespace pathways::cluster
