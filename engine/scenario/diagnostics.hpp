// Diagnostics of scenario files: where a problem is, what was expected and what was found.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

namespace pathways {

/// Where a value came from: a file position (1-based line and column; 0 when unknown), or a
/// command-line `--set` override (file == kSetOrigin).
struct Origin {
  std::string file;
  int line = 0;
  int column = 0;
};

/// The file name used for values given on the command line with `--set`.
inline constexpr const char* kSetOrigin = "--set";

/// One problem in a scenario, printed as one line:
/// `FILE:LINE:COLUMN: key.path: expected <expected>, found <found>`.
struct Diagnostic {
  Origin where;
  std::string path;  ///< key path as written, e.g. "parameters.mmt.capacity[2]"; empty: the document
  std::string expected;
  std::string found;
  std::string hint;  ///< optional, appended as "; hint"

  std::string to_string() const;
};

/// At most this many problems are printed (the rest are counted), so a file of 100,000 bad keys
/// gives a readable answer quickly.
inline constexpr std::size_t kMaxDiagnosticsShown = 100;

/// Thrown once after validation with every problem found, so the user fixes them in one pass.
struct ScenarioError : std::runtime_error {
  explicit ScenarioError(std::vector<Diagnostic> d);
  std::vector<Diagnostic> diagnostics;
};

/// Edit distance between two words (insertions, deletions, substitutions), case-insensitive.
std::size_t edit_distance(const std::string& a, const std::string& b);

/// "did you mean 'x'?" for the closest candidate within edit distance 2 (or 1 for short words),
/// or "" when none is close.
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);

/// Joins words as "a, b, c" (with quotes when `quote`).
std::string join_words(const std::vector<std::string>& words, bool quote = true);

}  // namespace pathways
