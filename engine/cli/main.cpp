// Entry point of the pathways command-line program: parses the command and maps errors to exit codes.
#include <fmt/core.h>

#include <CLI/CLI.hpp>
#include <exception>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "cli/commands.hpp"
#include "cluster/cluster.hpp"
#include "io/files.hpp"
#include "pathways/version.hpp"
#include "scenario/diagnostics.hpp"

namespace {

using namespace pathways;

/// The exit code of an error and, in `message`, what to print for it.
int classify(std::exception_ptr error, std::string* message) {
  std::string m;
  int code = cli::kExitInternal;
  try {
    std::rethrow_exception(error);
  } catch (const cluster::RemoteError& e) {
    m = fmt::format("pathways: error: {}", printable(e.what(), 4000));
    code = e.exit_code;
  } catch (const ScenarioError& e) {
    m = e.what();
    code = cli::kExitBadInput;
  } catch (const cli::UserError& e) {
    m = printable(e.what(), 4000);
    code = cli::kExitBadInput;
  } catch (const std::invalid_argument& e) {
    m = fmt::format("pathways: error: {}", printable(e.what(), 4000));
    code = cli::kExitBadInput;
  } catch (const std::logic_error& e) {
    m = fmt::format("pathways: internal invariant failed: {}", printable(e.what(), 4000));
  } catch (const std::bad_alloc&) {
    m = "pathways: error: out of memory; use fewer agents (population.size with a larger run.scale), fewer "
        "replicates or fewer threads";
  } catch (const std::exception& e) {
    m = fmt::format("pathways: error: {}", printable(e.what(), 4000));
  } catch (...) {
    m = "pathways: error: unknown error";
  }
  if (message) *message = std::move(m);
  return code;
}

int run_command(int argc, char** argv) {
  CLI::App app{"pathways: agent-based discrete-event simulation of drug-policy transition scenarios"};
  app.set_version_flag("--version", fmt::format("pathways {} (commit {}, {}{})", kVersion, kGitCommit,
                                                kCompiler, cluster::built_with_mpi() ? ", MPI" : ""));
  app.require_subcommand(1);
  // Each command adds its subcommand and returns the function that runs it.
  std::vector<std::pair<CLI::App*, std::function<int()>>> commands;
  for (auto add : cli::all_commands()) commands.push_back(add(app));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // Every rank parses the same words; only the first prints.
    const int code = cluster::is_first() ? app.exit(e) : e.get_exit_code();
    return code == 0 ? cli::kExitOk : cli::kExitBadInput;
  }
  try {
    for (auto& [sub, run] : commands) {
      if (!sub->parsed()) continue;
      // Commands that do not spread over ranks (validate, describe, example) run on the first alone.
      const std::string name = sub->get_name();
      const bool spreads = name == "run" || name == "compare" || name == "sensitivity" || name == "calibrate";
      if (!spreads && !cluster::is_first()) return cli::kExitOk;
      return run();
    }
  } catch (...) {
    std::string message;
    const int code = classify(std::current_exception(), &message);
    // An error every rank shares is printed once; one met on another rank alone is printed there and
    // ends every rank, which would otherwise wait for it.
    if (cluster::is_first()) {
      fmt::print(stderr, "{}\n", message);
    } else if (!cluster::error_is_shared()) {
      fmt::print(stderr, "rank {}: {}\n", cluster::rank(), message);
    }
    if (!cluster::error_is_shared()) cluster::abort_all(code);
    return code;
  }
  return cli::kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  pathways::cluster::Session mpi(argc, argv);
  pathways::cluster::set_exit_code_of([](std::exception_ptr e) { return classify(e, nullptr); });
  return run_command(argc, argv);
}
