// The fuzzed entry points. The loaders read files by path (bounds on size and file type are part of
// what is tested), so each input is written to a private temporary file first.
#include "targets.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "core/module.hpp"
#include "scenario/country_defaults.hpp"
#include "scenario/posterior.hpp"
#include "scenario/scenario.hpp"

namespace pathways::fuzz {

namespace {

std::string write_input(const char* name, const std::uint8_t* data, std::size_t size) {
  static const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("pathways-fuzz-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string path = (dir / name).string();
  std::ofstream(path, std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  return path;
}

}  // namespace

int scenario_input(const std::uint8_t* data, std::size_t size) {
  const std::string path = write_input("scenario.yaml", data, size);
  try {
    const Scenario s = load_scenario(path);
    (void)country_default_warnings(s);
    (void)draw_parameters(s, 1, 0);
  } catch (const ScenarioError& e) {
    // The expected way to refuse an input: every problem with a file position.
    if (e.diagnostics.empty()) __builtin_trap();
  }
  return 0;
}

int posterior_input(const std::uint8_t* data, std::size_t size) {
  static const std::vector<ParamSpec> specs = param_specs_of(standard_modules(), {});
  const std::string path = write_input("posterior.csv", data, size);
  std::vector<Diagnostic> diags;
  const PosteriorTable t = read_posterior_csv(path, specs, Origin{"fuzz.yaml", 1, 1}, diags);
  // A table read without a diagnostic must be usable: every row picked and applied.
  if (diags.empty() && !t.rows.empty()) {
    ParamValues values = ParamValues::defaults(specs);
    apply_posterior_row(t, pick_posterior_row(t, 1, 0), values);
  }
  return 0;
}

}  // namespace pathways::fuzz
