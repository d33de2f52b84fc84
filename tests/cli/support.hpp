// Helpers for end-to-end tests: run the pathways program and read its CSV outputs.
#pragma once

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "cluster/job_store.hpp"

extern char** environ;

namespace pathways::e2e {

inline std::string source_dir() {
  return std::getenv("PATHWAYS_SOURCE_DIR");
}
inline std::string binary_dir() {
  return std::getenv("PATHWAYS_BINARY_DIR");
}
/// Where a run keeps its finished replicates until its output is in place (beside --out, hidden).
inline std::filesystem::path jobs_folder(const std::filesystem::path& out) {
  return out.parent_path() / ("." + out.filename().string() + ".pathways-jobs");
}
/// How many finished replicates an interrupted run of `out` has kept (tests that call it link
/// pathways_cluster).
inline int job_records(const std::filesystem::path& out) {
  return static_cast<int>(cluster::JobStore::count_records(jobs_folder(out)));
}
inline std::string data(const std::string& name) {
  return source_dir() + "/tests/cli/data/" + name;
}
inline std::filesystem::path scratch(const std::string& name) {
  const auto p = std::filesystem::path(binary_dir()) / "test-out" / name;
  std::filesystem::remove_all(p);
  std::filesystem::remove_all(jobs_folder(p));
  std::filesystem::create_directories(p.parent_path());
  return p;
}

struct Result {
  int exit_code = -1;
  std::string output;  ///< standard output and standard error together
};

/// Runs a shell command line and captures its output (standard error too) and exit code.
inline Result run_shell(const std::string& command) {
  const std::string cmd = command + " 2>&1";
  Result r;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.output.append(buf, n);
  const int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

/// Runs `build/bin/pathways ARGS` and captures its output and exit code.
inline Result run(const std::string& args) {
  return run_shell(binary_dir() + "/bin/pathways " + args);
}

/// Starts a program (words[0], searched on PATH) in the background with its output discarded.
inline pid_t start_quietly(std::vector<std::string> words) {
  std::vector<char*> argv;
  for (auto& a : words) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  if (posix_spawnp(&pid, argv[0], &fa, nullptr, argv.data(), environ) != 0) pid = -1;
  posix_spawn_file_actions_destroy(&fa);
  return pid;
}

/// The words of a command line split at spaces (no quoting).
inline std::vector<std::string> words_of(const std::string& s) {
  std::vector<std::string> out;
  std::string w;
  for (char c : s) {
    if (c == ' ') {
      if (!w.empty()) out.push_back(w), w.clear();
    } else {
      w += c;
    }
  }
  if (!w.empty()) out.push_back(w);
  return out;
}

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

/// A CSV file as rows of fields (RFC 4180: quoted fields may hold commas, quotes and newlines).
inline std::vector<std::vector<std::string>> read_csv(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream buf;
  buf << f.rdbuf();
  const std::string text = buf.str();
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> fields;
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.push_back(std::move(field));
      field.clear();
    } else if (c == '\n') {
      fields.push_back(std::move(field));
      field.clear();
      rows.push_back(std::move(fields));
      fields.clear();
    } else if (c != '\r') {
      field += c;
    }
  }
  if (!field.empty() || !fields.empty()) {
    fields.push_back(std::move(field));
    rows.push_back(std::move(fields));
  }
  return rows;
}

}  // namespace pathways::e2e
