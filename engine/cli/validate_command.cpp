// `pathways validate FILE...`: checks scenario files and prints every problem found, without running
// anything.
#include <fmt/core.h>

#include <memory>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "scenario/country_defaults.hpp"
#include "scenario/scenario.hpp"

namespace pathways::cli {

namespace {
struct ValidateOptions {
  std::vector<std::string> files;
  std::vector<std::string> overrides;
};
}  // namespace

std::pair<CLI::App*, std::function<int()>> add_validate_command(CLI::App& app) {
  auto opts = std::make_shared<ValidateOptions>();
  auto* cmd =
      app.add_subcommand("validate", "Check scenario files against the modules' parameter declarations");
  cmd->add_option("files", opts->files, "Scenario files (YAML)")->required();
  cmd->add_option("--set", opts->overrides, "Override a value, e.g. --set run.years=5 (VALUE is YAML)");
  return {cmd, [opts]() {
            int code = kExitOk;
            for (const auto& f : opts->files) {
              try {
                const Scenario s = load_scenario(f, opts->overrides);
                // Warnings do not fail validation: a value borrowed from Viet Nam may be deliberate.
                // A pack (it names its country) gets one line per key; a scenario naming no
                // country, such as a quick experiment, one summary line.
                if (s.country.empty()) {
                  if (const auto w = country_default_summary(s); !w.empty()) fmt::print(stderr, "{}\n", w);
                } else {
                  for (const auto& w : country_default_warnings(s)) fmt::print(stderr, "{}\n", w);
                }
                fmt::print("{}: ok\n", f);
              } catch (const ScenarioError& e) {
                fmt::print(stderr, "{}\n", e.what());
                code = kExitBadInput;
              }
            }
            return code;
          }};
}

}  // namespace pathways::cli
