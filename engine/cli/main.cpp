// Entry point of the pathways command-line program: parses the command and maps errors to exit codes.
#include <fmt/core.h>

#include <CLI/CLI.hpp>
#include <exception>
#include <stdexcept>
#include <utility>
#include <vector>

#include "cli/commands.hpp"
#include "io/files.hpp"
#include "pathways/version.hpp"
#include "scenario/diagnostics.hpp"

int main(int argc, char** argv) {
  using namespace pathways;
  CLI::App app{"pathways: agent-based discrete-event simulation of drug-policy transition scenarios"};
  app.set_version_flag("--version",
                       fmt::format("pathways {} (commit {}, {})", kVersion, kGitCommit, kCompiler));
  app.require_subcommand(1);
  // Each command adds its subcommand and returns the function that runs it.
  std::vector<std::pair<CLI::App*, std::function<int()>>> commands;
  for (auto add : cli::all_commands()) commands.push_back(add(app));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? cli::kExitOk : cli::kExitBadInput;
  }
  try {
    for (auto& [sub, run] : commands) {
      if (sub->parsed()) return run();
    }
  } catch (const ScenarioError& e) {
    fmt::print(stderr, "{}\n", e.what());
    return cli::kExitBadInput;
  } catch (const cli::UserError& e) {
    fmt::print(stderr, "{}\n", printable(e.what(), 4000));
    return cli::kExitBadInput;
  } catch (const std::invalid_argument& e) {
    fmt::print(stderr, "pathways: error: {}\n", printable(e.what(), 4000));
    return cli::kExitBadInput;
  } catch (const std::logic_error& e) {
    fmt::print(stderr, "pathways: internal invariant failed: {}\n", printable(e.what(), 4000));
    return cli::kExitInternal;
  } catch (const std::bad_alloc&) {
    fmt::print(stderr,
               "pathways: error: out of memory; use fewer agents (population.size with a larger run.scale), "
               "fewer replicates or fewer threads\n");
    return cli::kExitInternal;
  } catch (const std::exception& e) {
    fmt::print(stderr, "pathways: error: {}\n", printable(e.what(), 4000));
    return cli::kExitInternal;
  }
  return cli::kExitOk;
}
