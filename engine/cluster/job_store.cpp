// Job records on disk (see job_store.hpp).
#include "cluster/job_store.hpp"

#include <fmt/core.h>

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
  return read_regular_file(p.string(), why, std::size_t{1} << 34).value_or("");
}

}  // namespace

JobStore::JobStore(fs::path dir, const std::string& fingerprint, bool resume) : dir_(std::move(dir)) {
  std::error_code ec;
  const fs::path fp = dir_ / "fingerprint.txt";
  if (resume && fs::exists(fp, ec)) {
    if (read_or_empty(fp) != fingerprint) {
      throw std::invalid_argument(
          fmt::format("--resume: the finished jobs in '{}' belong to a different run (other inputs, seed, "
                      "replicates or program version); run without --resume to start afresh",
                      printable(dir_.string())));
    }
    for (const auto& e : fs::directory_iterator(dir_, ec)) found_ += e.path().extension() == ".job";
    return;
  }
  fs::remove_all(dir_, ec);
  fs::create_directories(dir_, ec);
  if (ec) {
    throw std::invalid_argument(fmt::format("cannot create the folder of finished jobs '{}': {}",
                                            printable(dir_.string()), ec.message()));
  }
  write_file_atomically(fp.string(), fingerprint);
}

fs::path JobStore::file(int phase, std::size_t index) const {
  return dir_ / fmt::format("{}-{}.job", phase, index);
}

std::optional<std::string> JobStore::load(int phase, std::size_t index) const {
  const std::string text = read_or_empty(file(phase, index));
  if (text.empty()) return std::nullopt;
  try {
    Reader r{text};
    std::uint64_t magic = 0, sum = 0;
    std::string payload;
    get(r, magic);
    get(r, payload);
    get(r, sum);
    if (magic != kMagic || r.at != text.size() || sum != stream_hash(payload)) return std::nullopt;
    return payload;
  } catch (const std::runtime_error&) {
    return std::nullopt;  // damaged: the job runs again
  }
}

void JobStore::save(int phase, std::size_t index, const std::string& bytes) const {
  Writer w;
  put(w, kMagic);
  put(w, bytes);
  put(w, stream_hash(bytes));
  write_file_atomically(file(phase, index).string(), w.bytes);
}

void JobStore::remove() {
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

}  // namespace pathways::cluster
