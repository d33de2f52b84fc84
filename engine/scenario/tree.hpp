// A YAML document as a tree whose every node remembers the file, line and column it came from,
// so that diagnostics stay exact after `extends:` merges and `--set` overrides.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "scenario/diagnostics.hpp"

namespace pathways {

struct TreeEntry;

struct Tree {
  enum class Kind { Null, Scalar, List, Map };
  Kind kind = Kind::Null;
  std::string scalar;       ///< Scalar: the text as written
  bool quoted = false;      ///< Scalar: written in quotes, so it is a string even if it looks like a number
  std::vector<Tree> items;  ///< List
  std::vector<TreeEntry> entries;   ///< Map, in the order written
  std::vector<Origin> key_origins;  ///< Map: where each key was written
  Origin origin;                    ///< where this value was written

  bool is_map() const { return kind == Kind::Map; }
  bool is_list() const { return kind == Kind::List; }
  bool is_scalar() const { return kind == Kind::Scalar; }
  bool is_null() const { return kind == Kind::Null; }

  /// Map entry by key, or nullptr.
  const Tree* find(const std::string& key) const;
  Tree* find(const std::string& key);
  /// Where `key` was written in this map (this node's origin when absent).
  Origin key_origin(const std::string& key) const;
  /// Removes a map entry if present.
  void erase(const std::string& key);
  /// Sets (replacing) a map entry.
  void put(const std::string& key, Tree value, Origin key_at);

  /// A short description for "found ...": the scalar in quotes, "a map", "a list of 3", "nothing".
  std::string describe() const;
};

/// One map entry. Not a std::pair: a pair of an incomplete Tree inside Tree is undefined behaviour,
/// which clang with libstdc++ rejects (the fuzz build); `first`/`second` keep pair-like use.
struct TreeEntry {
  std::string first;
  Tree second;
};

/// Reads and parses one YAML file into a tree. Problems (missing or unreadable file, binary or
/// non-UTF-8 data, syntax errors, several documents, duplicate keys, an empty file, a top level
/// that is not a map) are appended to `diags`; the result is then an empty map.
/// `cited_at` locates the reference to the file (an `extends:` key), if any, for "file not found".
Tree read_yaml_file(const std::string& path, std::vector<Diagnostic>& diags, const Origin* cited_at = nullptr,
                    const std::string& cited_path = "");

/// Parses YAML text given on the command line (`--set key=VALUE`); every node gets origin --set.
Tree parse_yaml_text(const std::string& text, const std::string& path_for_errors,
                     std::vector<Diagnostic>& diags);

/// Deep merge: maps merge key by key (`over` wins); lists and scalars replace. Maps under
/// `parameters` that describe one parameter value (year keys, `value:`, `dist:`, `interpolation:`)
/// replace as a whole, so a lever is never a mixture of two files' schedules.
void merge_into(Tree& base, const Tree& over, bool in_parameters = false);

/// True if a map under `parameters` is one parameter's value rather than a group of keys.
bool is_value_map(const Tree& t);

/// The tree as YAML text (for manifests).
std::string emit_yaml(const Tree& t);

}  // namespace pathways
