// Subcommands of the pathways program; each adds itself to the CLI11 app and returns its runner.
#pragma once

#include <CLI/CLI.hpp>
#include <charconv>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace pathways::cli {

/// Exit codes shared by every command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitBadInput = 2;
inline constexpr int kExitInternal = 3;

/// An error in the user's input whose message is already complete (file, line, key): printed
/// as it is, exit code 2.
struct UserError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// A seed: a whole number from 0 to 2^64 - 1, written in digits. CLI11 would otherwise wrap "-1"
/// and clamp 2^64 to the same seed, silently.
inline CLI::Validator seed_validator() {
  return CLI::Validator(
      [](const std::string& text) -> std::string {
        std::uint64_t v = 0;
        const auto r = std::from_chars(text.data(), text.data() + text.size(), v);
        if (text.empty() || r.ec != std::errc{} || r.ptr != text.data() + text.size()) {
          return "expected a seed from 0 to 18446744073709551615 in digits, found '" + text.substr(0, 40) +
                 "'";
        }
        return "";
      },
      "SEED", "seed");
}

using CommandAdder = std::pair<CLI::App*, std::function<int()>> (*)(CLI::App&);

std::pair<CLI::App*, std::function<int()>> add_example_command(CLI::App& app);
std::pair<CLI::App*, std::function<int()>> add_validate_command(CLI::App& app);
std::pair<CLI::App*, std::function<int()>> add_describe_command(CLI::App& app);
std::pair<CLI::App*, std::function<int()>> add_run_command(CLI::App& app);
std::pair<CLI::App*, std::function<int()>> add_compare_command(CLI::App& app);
std::pair<CLI::App*, std::function<int()>> add_sensitivity_command(CLI::App& app);
std::pair<CLI::App*, std::function<int()>> add_calibrate_command(CLI::App& app);

/// Every command of the program, in the order shown by --help.
inline std::vector<CommandAdder> all_commands() {
  return {&add_run_command,      &add_compare_command,  &add_sensitivity_command, &add_calibrate_command,
          &add_validate_command, &add_describe_command, &add_example_command};
}

}  // namespace pathways::cli
