// Assembling one scenario document: following `extends:` chains and applying `--set` overrides.
#pragma once

#include <string>
#include <vector>

#include "scenario/tree.hpp"

namespace pathways {

/// Loads `path` and every file it extends (each `extends:` path is relative to the file that
/// names it), merges them base first, and returns the result without the `extends` key. Missing
/// files are reported at the `extends:` that names them; a cycle is reported with its chain.
/// `bases`, if given, receives every base file read, as named.
Tree load_merged_document(const std::string& path, std::vector<Diagnostic>& diags,
                          std::vector<std::string>* bases = nullptr);

/// Applies overrides "key.path=VALUE" (VALUE parsed as YAML) to the merged document; each
/// replaces the value at its path, creating maps on the way as needed.
void apply_overrides(Tree& doc, const std::vector<std::string>& overrides, std::vector<Diagnostic>& diags);

}  // namespace pathways
