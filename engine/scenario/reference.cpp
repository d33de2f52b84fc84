// The scenario reference generated from the modules' declared parameters (Markdown and plain text).
// docs/scenario-reference.md is this output; regenerate it with one command: scripts/gen-reference
// (or build/bin/pathways describe --markdown > docs/scenario-reference.md); a unit test fails when it is
// stale.
#include <fmt/core.h>

#include "scenario/country_defaults.hpp"
#include "scenario/scenario.hpp"
#include "scenario/values.hpp"

namespace pathways {

namespace {

std::string default_text(const ParamSpec& p) {
  switch (p.type) {
    case ParamType::Bool:
      return p.default_number != 0.0 ? "true" : "false";
    case ParamType::Choice:
      return p.default_choice;
    case ParamType::List: {
      std::string out = "[";
      for (std::size_t i = 0; i < p.default_list.size(); ++i)
        out += (i ? ", " : "") + number_text(p.default_list[i]);
      return out + "]";
    }
    default:
      return number_text(p.default_number);
  }
}

std::string constraint_text(const ParamSpec& p) {
  std::string out;
  switch (p.type) {
    case ParamType::Bool:
      out = "true or false";
      break;
    case ParamType::Choice:
      out = join_words(p.choices, false);
      break;
    case ParamType::List:
      out = "each in " + range_text(p.min, p.max);
      if (p.list_size > 0) out += ", length " + std::to_string(p.list_size);
      if (p.list_sums_to_one) out += ", sums to 1";
      break;
    default:
      out = range_text(p.min, p.max);
  }
  if (!p.share_group.empty()) out += ", share group '" + p.share_group + "' sums to 1";
  return out;
}

std::string cell(std::string s) {
  std::string out;
  for (char c : s) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

/// A default that is one country's figure says so first, so a pack author sees it must be replaced.
std::string marked_source(const ParamSpec& p) {
  return default_country(p.key) == "viet_nam" ? "**Viet Nam's figure** (other packs set it): " + p.source
                                              : p.source;
}

bool documented(const ModuleInfo& m) {
  return m.type.rfind("test.", 0) != 0;
}

}  // namespace

std::string module_reference_markdown(const ModuleInfo& m) {
  std::string out = "## `" + m.type + "`\n\n" + m.description + "\n\n";
  if (m.params.empty()) return out + "No parameters.\n";
  out += "| key | type | unit | default | range | source | help |\n";
  out += "|---|---|---|---|---|---|---|\n";
  for (const auto& p : m.params) {
    out +=
        fmt::format("| `{}` | {} | {} | {} | {} | {} | {} |\n", p.key, param_type_name(p.type), cell(p.unit),
                    cell(default_text(p)), cell(constraint_text(p)), cell(marked_source(p)), cell(p.help));
  }
  return out;
}

std::string module_reference_text(const ModuleInfo& m) {
  std::string out = m.type + ": " + m.description + "\n";
  for (const auto& p : m.params) {
    out += "\n  " + p.key + " (" + param_type_name(p.type) + (p.unit.empty() ? "" : ", " + p.unit) + ")\n";
    out += "    default: " + default_text(p) + "; range: " + constraint_text(p) + "\n";
    if (!p.help.empty()) out += "    " + p.help + "\n";
    if (!p.source.empty()) out += "    source: " + p.source + "\n";
  }
  return out;
}

std::string reference_markdown() {
  std::string out =
      "<!-- Generated from the modules' parameter declarations; do not edit by hand.\n"
      "     Regenerate with: build/bin/pathways describe --markdown > docs/scenario-reference.md -->\n"
      "# Scenario reference\n\n"
      "Every parameter a scenario may set, generated from the declarations in the modules' code.\n"
      "A key `a.b.c` is written as nested maps under `parameters:` "
      "(`parameters: {a: {b: {c: ...}}}`).\n\n"
      "- **number**, **integer**: a plain number within the range (integers whole).\n"
      "- **boolean**: `true` or `false`.\n"
      "- **choice**: one of the listed words.\n"
      "- **list**: a list of numbers, each within the range.\n"
      "- **lever**: a number, a year-value map such as `{2025: 0.1, 2030: 0.5}` (step interpolation),\n"
      "  or `{interpolation: linear, values: {2025: 0.1, 2030: 0.5}}`; years lie within the run's horizon.\n"
      "- Any value may be written `{value: ..., source: \"...\"}`; numbers and constant levers may be\n"
      "  uncertain: `{dist: beta|gamma|lognormal|normal, mean: ..., sd: ...}`, `{dist: uniform, min: ..., "
      "max: ...}`\n"
      "  or `{dist: triangular, min: ..., mode: ..., max: ...}`.\n\n"
      "The file format is described in full in `engine/scenario/scenario.hpp`.\n\n"
      "Defaults marked **Viet Nam's figure** are one country's: a pack for another country gives its own\n"
      "value (or writes the default with an assumption as its source), and `pathways validate` warns\n"
      "when it does not (docs/country-packs.md).\n";
  for (const auto& m : registered_modules()) {
    if (documented(m)) {
      out += "\n";
      out += module_reference_markdown(m);
    }
  }
  return out;
}

}  // namespace pathways
