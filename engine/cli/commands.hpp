// Subcommands of the pathways program; each adds itself to the CLI11 app.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace pathways::cli {

/// Exit codes shared by every command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitBadInput = 2;
inline constexpr int kExitInternal = 3;

/// Adds the `example` command; the returned function runs it after parsing.
std::function<int()> add_example_command(CLI::App& app);

}  // namespace pathways::cli
