// Formatting of scenario diagnostics and the near-miss suggestions attached to unknown names.
#include "scenario/diagnostics.hpp"

#include <algorithm>
#include <cctype>

#include "io/files.hpp"

namespace pathways {

namespace {
std::string all_lines(const std::vector<Diagnostic>& d) {
  std::string out;
  for (std::size_t i = 0; i < d.size() && i < kMaxDiagnosticsShown; ++i) {
    if (!out.empty()) out += '\n';
    out += d[i].to_string();
  }
  if (d.size() > kMaxDiagnosticsShown)
    out += "\n... and " + std::to_string(d.size() - kMaxDiagnosticsShown) + " more problems";
  return out;
}
}  // namespace

// Everything is passed through printable(): names and values come from the user's files and must
// not move the cursor, clear the terminal or hide text when printed.
std::string Diagnostic::to_string() const {
  std::string out = printable(where.file, 400);
  if (where.file != kSetOrigin && where.line > 0) {
    out += ':' + std::to_string(where.line) + ':' + std::to_string(where.column);
  }
  out += ": ";
  out += path.empty() ? "(document)" : printable(path, 200);
  out += ": expected " + printable(expected, 2000) + ", found " + printable(found, 400);
  if (!hint.empty()) out += "; " + printable(hint, 400);
  return out;
}

ScenarioError::ScenarioError(std::vector<Diagnostic> d)
    : std::runtime_error(all_lines(d)), diagnostics(std::move(d)) {}

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                        std::tolower(static_cast<unsigned char>(b[j - 1]));
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (same ? 0 : 1)});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
  // Short words are within distance 2 of too many unrelated words for the hint to help.
  const std::size_t limit = word.size() <= 4 ? 1 : 2;
  std::size_t best = limit + 1;
  std::string pick;
  for (const auto& c : candidates) {
    const std::size_t d = edit_distance(word, c);
    if (d < best) {
      best = d;
      pick = c;
    }
  }
  return pick.empty() ? "" : "did you mean '" + pick + "'?";
}

std::string join_words(const std::vector<std::string>& words, bool quote) {
  std::string out;
  for (const auto& w : words) {
    if (!out.empty()) out += ", ";
    out += quote ? "'" + w + "'" : w;
  }
  return out;
}

}  // namespace pathways
