// The output folder: checks before the run, durable writes, an atomic swap into place.
#include "io/output_folder.hpp"

#include <fcntl.h>
#include <fmt/core.h>
#include <signal.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "io/files.hpp"

namespace pathways {

namespace fs = std::filesystem;

namespace {

constexpr const char* kTempTag = ".tmp-";

bool is_within(const fs::path& inner, const fs::path& outer) {
  auto i = inner.begin();
  for (auto o = outer.begin(); o != outer.end(); ++o, ++i) {
    if (o->empty()) continue;  // a trailing separator
    if (i == inner.end() || *i != *o) return false;
  }
  return true;
}

fs::path absolute_normal(const fs::path& p) {
  std::error_code ec;
  fs::path a = fs::weakly_canonical(fs::absolute(p, ec), ec);
  if (ec) a = fs::absolute(p).lexically_normal();
  return a;
}

std::string mb(std::uintmax_t bytes) {
  return fmt::format("{:.1f} MB", static_cast<double>(bytes) / 1e6);
}

/// Removes hidden temporary folders of `target` left by runs that no longer exist.
void remove_stale_temporaries(const fs::path& parent, const std::string& name) {
  const std::string prefix = "." + name + kTempTag;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(parent, ec)) {
    const std::string n = e.path().filename().string();
    if (n.rfind(prefix, 0) != 0) continue;
    const std::string pid_text = n.substr(prefix.size());
    if (pid_text.empty() || !std::all_of(pid_text.begin(), pid_text.end(), ::isdigit) || pid_text.size() > 9)
      continue;
    const auto pid = static_cast<pid_t>(std::stol(pid_text));
    if (pid == ::getpid() || (::kill(pid, 0) != 0 && errno == ESRCH)) fs::remove_all(e.path(), ec);
  }
}

/// renameat2 where the file system has it; otherwise the same effect without its atomicity
/// (network and older file systems answer EINVAL): a kill between the steps can then leave the
/// earlier result under a hidden name, never a half-written one.
int rename_exchange_or_fallback(const fs::path& from, const fs::path& to, bool exchange) {
  const unsigned flags = exchange ? RENAME_EXCHANGE : RENAME_NOREPLACE;
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), flags) == 0) return 0;
  if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP) return -1;
  std::error_code ec;
  if (!exchange) {
    if (fs::exists(fs::symlink_status(to, ec))) {
      errno = EEXIST;
      return -1;
    }
    return ::rename(from.c_str(), to.c_str());
  }
  const fs::path aside = fs::path(from.string() + ".old");
  if (::rename(to.c_str(), aside.c_str()) != 0) return -1;
  if (::rename(from.c_str(), to.c_str()) != 0) return -1;
  return ::rename(aside.c_str(), from.c_str());
}

}  // namespace

fs::path output_target(const std::string& given) {
  fs::path p = fs::path(given).lexically_normal();
  if (!p.empty() && p.filename().empty()) p = p.parent_path();  // "dir/" names the folder "dir"
  return p;
}

std::string not_replaceable_because(const fs::path& path) {
  ReadFailure why;
  const auto text = read_regular_file((path / "manifest.json").string(), why, 64u << 20);
  if (!text) return "it has no manifest.json written by pathways";
  nlohmann::json j = nlohmann::json::parse(*text, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("pathways_version") || !j.contains("files") ||
      !j["files"].is_array()) {
    return "its manifest.json was not written by this version of pathways (no list of the files it wrote)";
  }
  std::vector<std::string> files;
  for (const auto& f : j["files"]) {
    if (f.is_string()) files.push_back(f.get<std::string>());
  }
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(path, ec)) {
    const std::string n = e.path().filename().string();
    if (std::find(files.begin(), files.end(), n) == files.end() || !e.is_regular_file()) {
      return "it holds '" + printable(n) + "', which pathways did not write there";
    }
  }
  if (ec) return "it cannot be listed (" + ec.message() + ")";
  return "";
}

OutputFolder::OutputFolder(OutputRequest r) : option_(r.option), force_(r.force) {
  target_ = output_target(r.target.string());
  const std::string shown = printable(target_.string());
  const auto fail = [&](const std::string& why) {
    throw std::invalid_argument(fmt::format("{} '{}': {}", option_, shown, why));
  };
  if (target_.empty() || target_ == "." || target_ == ".." || target_.filename() == "..") {
    fail("expected the name of a new output folder");
  }
  const fs::path abs = absolute_normal(target_);
  std::error_code ec;
  const fs::path cwd = absolute_normal(fs::current_path(ec));
  if (abs == abs.root_path()) fail("expected a new output folder, found the root of the file system");
  if (is_within(cwd, abs))
    fail("is the folder you are working in (or contains it); pathways never replaces it");
  for (const auto& in : r.inputs) {
    if (is_within(absolute_normal(in), abs)) {
      fail("contains the input '" + printable(in) +
           "'; choose an output folder that holds none of the inputs");
    }
  }
  const auto st = fs::symlink_status(target_, ec);
  if (fs::exists(st)) {
    if (fs::is_symlink(st)) fail("is a symbolic link; pathways writes only to a folder of its own");
    if (!fs::is_directory(st)) fail("is a file, not an output folder; pathways never replaces it");
    const std::string why = not_replaceable_because(target_);
    if (!why.empty()) fail("exists and pathways will not replace it: " + why + ". Choose a new --out");
    if (!force_) fail("exists (results of an earlier run); add --force to replace it");
  }
  const fs::path parent = target_.has_parent_path() ? target_.parent_path() : fs::path(".");
  fs::create_directories(parent, ec);
  if (ec || !fs::is_directory(parent)) fail("its parent folder cannot be created (" + ec.message() + ")");
  remove_stale_temporaries(parent, target_.filename().string());
  temp_ = parent / fmt::format(".{}{}{}", target_.filename().string(), kTempTag, ::getpid());
  fs::remove_all(temp_, ec);
  if (!fs::create_directory(temp_, ec) || ec)
    fail("cannot write in its parent folder (" + ec.message() + ")");
  struct statvfs vfs {};
  if (::statvfs(parent.c_str(), &vfs) == 0) {
    const std::uintmax_t free_bytes = static_cast<std::uintmax_t>(vfs.f_bavail) * vfs.f_frsize;
    const std::uintmax_t needed = r.bytes_estimate + r.bytes_estimate / 5 + (1u << 20);
    if (free_bytes < needed) {
      fs::remove_all(temp_, ec);
      fail(fmt::format("needs about {} of free space, {} are free", mb(needed), mb(free_bytes)));
    }
  }
}

OutputFolder::~OutputFolder() {
  if (!committed_ && !temp_.empty()) {
    std::error_code ec;
    fs::remove_all(temp_, ec);
  }
}

void OutputFolder::write(const std::string& name, const std::string& content) {
  const fs::path path = temp_ / name;
  std::FILE* f = std::fopen(path.c_str(), "wb");
  const bool ok = f && std::fwrite(content.data(), 1, content.size(), f) == content.size() &&
                  std::fflush(f) == 0 && ::fsync(::fileno(f)) == 0;
  const int e = errno;
  if (f) std::fclose(f);
  if (!ok)
    throw std::runtime_error("could not write '" + printable(path.string()) + "': " + std::strerror(e));
  if (std::find(written_.begin(), written_.end(), name) == written_.end()) written_.push_back(name);
}

void OutputFolder::write_manifest(const std::string& json) {
  nlohmann::ordered_json j = nlohmann::ordered_json::parse(json);
  std::vector<std::string> files = written_;
  files.push_back("manifest.json");
  j["files"] = files;
  write("manifest.json", j.dump(2) + "\n");
}

void OutputFolder::commit() {
  sync_path(temp_.string());
  std::error_code ec;
  const bool replacing = fs::exists(fs::symlink_status(target_, ec));
  if (replacing) {
    // Checked again: the folder may have changed while the simulation ran.
    const std::string why = not_replaceable_because(target_);
    if (!force_ || !why.empty()) {
      throw std::invalid_argument(
          fmt::format("{} '{}': appeared or changed during the run and is left as it is{}", option_,
                      printable(target_.string()), why.empty() ? "" : ": " + why));
    }
    if (rename_exchange_or_fallback(temp_, target_, true) != 0) {
      throw std::runtime_error("could not put the new output in place of '" + printable(target_.string()) +
                               "': " + std::strerror(errno));
    }
    committed_ = true;
    fs::remove_all(temp_, ec);  // now the earlier result
  } else {
    if (rename_exchange_or_fallback(temp_, target_, false) != 0) {
      throw std::runtime_error("could not put the output in place at '" + printable(target_.string()) +
                               "': " + std::strerror(errno));
    }
    committed_ = true;
  }
  const fs::path parent = target_.has_parent_path() ? target_.parent_path() : fs::path(".");
  sync_path(parent.string());
}

}  // namespace pathways
