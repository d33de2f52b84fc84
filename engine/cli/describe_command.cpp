// `pathways describe [MODULE] [--markdown]`: prints the parameter reference generated from the modules'
// declarations.
#include <fmt/core.h>

#include <memory>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "scenario/scenario.hpp"

namespace pathways::cli {

namespace {
struct DescribeOptions {
  std::string module;
  bool markdown = false;
};
}  // namespace

std::pair<CLI::App*, std::function<int()>> add_describe_command(CLI::App& app) {
  auto opts = std::make_shared<DescribeOptions>();
  auto* cmd =
      app.add_subcommand("describe", "Print the parameters every module declares (the scenario reference)");
  cmd->add_option("module", opts->module, "Module type, e.g. example.markov_chain (default: all)");
  cmd->add_flag("--markdown", opts->markdown,
                "Print Markdown; `pathways describe --markdown > docs/scenario-reference.md` regenerates the "
                "reference");
  return {cmd, [opts]() {
            if (opts->module.empty()) {
              if (opts->markdown) {
                fmt::print("{}", reference_markdown());
              } else {
                bool first = true;
                for (const auto& m : registered_modules()) {
                  if (m.type.rfind("test.", 0) == 0) continue;
                  fmt::print("{}{}", first ? "" : "\n", module_reference_text(m));
                  first = false;
                }
              }
              return kExitOk;
            }
            const ModuleInfo* m = find_module(opts->module);
            if (!m) {
              std::vector<std::string> known;
              for (const auto& x : registered_modules()) known.push_back(x.type);
              fmt::print(stderr, "pathways describe: unknown module '{}'; known modules: {}\n", opts->module,
                         join_words(known, false));
              return kExitBadInput;
            }
            fmt::print("{}", opts->markdown ? module_reference_markdown(*m) : module_reference_text(*m));
            return kExitOk;
          }};
}

}  // namespace pathways::cli
