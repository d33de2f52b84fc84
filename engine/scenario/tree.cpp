// Reading YAML files into origin-tracking trees (with the file-level checks), merging and emitting them.
#include "scenario/tree.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "io/files.hpp"

namespace pathways {

const Tree* Tree::find(const std::string& key) const {
  for (const auto& [k, v] : entries) {
    if (k == key) return &v;
  }
  return nullptr;
}

Tree* Tree::find(const std::string& key) {
  for (auto& [k, v] : entries) {
    if (k == key) return &v;
  }
  return nullptr;
}

Origin Tree::key_origin(const std::string& key) const {
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (entries[i].first == key) return key_origins[i];
  }
  return origin;
}

void Tree::erase(const std::string& key) {
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (entries[i].first == key) {
      entries.erase(entries.begin() + static_cast<std::ptrdiff_t>(i));
      key_origins.erase(key_origins.begin() + static_cast<std::ptrdiff_t>(i));
      return;
    }
  }
}

void Tree::put(const std::string& key, Tree value, Origin key_at) {
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (entries[i].first == key) {
      entries[i].second = std::move(value);
      key_origins[i] = std::move(key_at);
      return;
    }
  }
  entries.push_back(TreeEntry{key, std::move(value)});
  key_origins.push_back(std::move(key_at));
}

std::string Tree::describe() const {
  switch (kind) {
    case Kind::Null:
      return "nothing";
    case Kind::Scalar:
      return quoted ? "the string \"" + printable(scalar, 60) + "\"" : "'" + printable(scalar, 60) + "'";
    case Kind::List:
      return "a list of " + std::to_string(items.size());
    case Kind::Map:
      return "a map";
  }
  return "?";
}

namespace {

Origin origin_of(const YAML::Mark& m, const std::string& file) {
  if (file == kSetOrigin) return Origin{file, 0, 0};
  return Origin{file, m.line + 1, m.column + 1};
}

std::string child_path(const std::string& parent, const std::string& key) {
  return parent.empty() ? key : parent + "." + key;
}

/// Limits on one converted document. yaml-cpp keeps an alias as a reference to its anchor, so a
/// self-referencing alias (`a: &x [*x]`) is a cycle and an alias bomb is small in memory; both
/// would explode while converting to a tree. Depth catches the cycle, the node count the bomb.
struct Budget {
  static constexpr int kMaxDepth = 64;
  static constexpr std::size_t kMaxNodes = 250000;
  int depth = 0;
  std::size_t nodes = 0;
  bool exceeded = false;
  std::string top_path;  ///< the key path at depth 1, named in the diagnostic (deeper paths are unreadable)
};

Tree to_tree(const YAML::Node& n, const std::string& file, const std::string& path,
             std::vector<Diagnostic>& diags, Budget& budget) {
  Tree t;
  t.origin = origin_of(n.Mark(), file);
  if (budget.exceeded) return t;
  if (budget.depth <= 1) budget.top_path = path;
  if (++budget.nodes > Budget::kMaxNodes) {
    budget.exceeded = true;
    diags.push_back({t.origin, budget.top_path,
                     "at most " + std::to_string(Budget::kMaxNodes) + " values in a document",
                     "more (aliases are counted each time they are used)", ""});
    return t;
  }
  if (budget.depth >= Budget::kMaxDepth) {
    budget.exceeded = true;
    diags.push_back({t.origin, budget.top_path,
                     "nesting at most " + std::to_string(Budget::kMaxDepth) + " levels deep",
                     "deeper nesting (or an alias that contains itself)", ""});
    return t;
  }
  ++budget.depth;
  switch (n.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null:
      t.kind = Tree::Kind::Null;
      break;
    case YAML::NodeType::Scalar:
      t.kind = Tree::Kind::Scalar;
      t.scalar = n.Scalar();
      t.quoted = n.Tag() == "!";
      break;
    case YAML::NodeType::Sequence: {
      t.kind = Tree::Kind::List;
      std::size_t i = 0;
      for (const auto& item : n) {
        if (budget.exceeded) break;
        t.items.push_back(to_tree(item, file, path + "[" + std::to_string(i++) + "]", diags, budget));
      }
      break;
    }
    case YAML::NodeType::Map: {
      t.kind = Tree::Kind::Map;
      std::unordered_set<std::string> seen;
      for (const auto& kv : n) {
        if (budget.exceeded) break;
        const Origin at = origin_of(kv.first.Mark(), file);
        if (!kv.first.IsScalar()) {
          diags.push_back({at, path, "a plain key (a word or a year)", "a complex key", ""});
          continue;
        }
        const std::string key = kv.first.Scalar();
        if (!seen.insert(key).second) {
          const Origin first = t.key_origin(key);
          diags.push_back(
              {at, child_path(path, key), "each key once in a map",
               "'" + printable(key, 60) + "' again (first given at line " + std::to_string(first.line) + ")",
               ""});
          continue;
        }
        t.entries.push_back(TreeEntry{key, to_tree(kv.second, file, child_path(path, key), diags, budget)});
        t.key_origins.push_back(at);
      }
      break;
    }
  }
  --budget.depth;
  return t;
}

// Finds the first byte that is not valid UTF-8 text (or is NUL, which no text file contains).
bool check_text(const std::string& s, const std::string& file, std::vector<Diagnostic>& diags) {
  const std::size_t bad = invalid_utf8_at(s);
  if (bad == std::string::npos) return true;
  int line = 1, column = 1;
  for (std::size_t i = 0; i < bad; ++i) {
    if (s[i] == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      ++column;
    }
  }
  const auto c = static_cast<unsigned char>(s[bad]);
  char hex[8];
  std::snprintf(hex, sizeof hex, "0x%02X", c);
  const bool set = file == kSetOrigin;
  diags.push_back({Origin{file, line, column}, "", set ? "UTF-8 text" : "UTF-8 text (a YAML file)",
                   std::string(c == 0 ? "binary data (NUL byte " : "invalid UTF-8 (byte ") + hex + ")", ""});
  return false;
}

Tree empty_map(const std::string& file) {
  Tree t;
  t.kind = Tree::Kind::Map;
  t.origin = Origin{file, 1, 1};
  return t;
}

/// The line (1-based) of a second document's start marker, or 0 when there is one document: a `---`
/// at the start of a line after content. Found by a scan because YAML::LoadAll, which would count
/// documents, loops without end (allocating until memory runs out) on a stray flow token such as a
/// leading ',' (yaml-cpp 0.7; found by fuzzing, fuzz/regressions/scenario/leading_comma.yaml).
int second_document_line(const std::string& text) {
  bool content = false;
  int line = 1;
  for (std::size_t at = 0; at < text.size(); ++line) {
    const std::size_t end = std::min(text.find('\n', at), text.size());
    const std::string_view l(text.data() + at, end - at);
    const bool marker =
        l.substr(0, 3) == "---" && (l.size() == 3 || l[3] == ' ' || l[3] == '\t' || l[3] == '\r');
    if (marker && content) return line;
    const auto first = l.find_first_not_of(" \t\r");
    if (!marker && first != std::string_view::npos && l[first] != '#') content = true;
    at = end + 1;
  }
  return 0;
}

/// Whether any line holds more than blanks, a comment or a document marker.
bool has_content(const std::string& text) {
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t end = std::min(text.find('\n', at), text.size());
    const std::string_view l(text.data() + at, end - at);
    const auto first = l.find_first_not_of(" \t\r");
    if (first != std::string_view::npos && l[first] != '#' && l.substr(0, 3) != "---") return true;
    at = end + 1;
  }
  return false;
}

Tree parse_text(const std::string& text, const std::string& file, const std::string& path,
                std::vector<Diagnostic>& diags) {
  if (const int second = second_document_line(text)) {
    diags.push_back({Origin{file, second, 1}, path, "one YAML document", "a second document (---)", ""});
    return Tree{};
  }
  YAML::Node doc;
  try {
    doc = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    diags.push_back({origin_of(e.mark, file), path, "valid YAML", "a syntax error (" + e.msg + ")", ""});
    return Tree{};
  } catch (const YAML::Exception& e) {
    diags.push_back({origin_of(e.mark, file), path, "valid YAML", e.msg, ""});
    return Tree{};
  }
  if (!doc.IsDefined() || (doc.IsNull() && !has_content(text))) {  // empty, or comments only
    Tree t;
    t.origin = Origin{file, 1, 1};
    return t;
  }
  if (doc.IsNull()) {  // text that parses to nothing: `~`, `null`, or stray flow characters
    diags.push_back(
        {Origin{file, 1, 1}, path, "a YAML map", "a document with no value (null, ~ or stray ',')", ""});
    return Tree{};
  }
  Budget budget;
  return to_tree(doc, file, path, diags, budget);
}

}  // namespace

Tree read_yaml_file(const std::string& path, std::vector<Diagnostic>& diags, const Origin* cited_at,
                    const std::string& cited_path) {
  const Origin at = cited_at ? *cited_at : Origin{path, 0, 0};
  const std::string key = cited_at ? cited_path : "";
  const std::string what = cited_at ? "an existing scenario file" : "a readable scenario file";
  ReadFailure failure;
  const auto read = read_regular_file(path, failure);
  if (!read) {
    diags.push_back({at, key, what, failure.found, ""});
    return empty_map(path);
  }
  const std::string& text = *read;
  if (!check_text(text, path, diags)) return empty_map(path);
  const std::size_t before = diags.size();
  Tree t = parse_text(text, path, "", diags);
  // A syntax error leaves nothing to check; duplicate keys or extra documents do not.
  if (t.is_null() && diags.size() > before) return empty_map(path);
  if (t.is_null()) {
    diags.push_back({Origin{path, 1, 1}, "", "a map of scenario keys (name, run, modules, parameters)",
                     "an empty file", ""});
    return empty_map(path);
  }
  if (!t.is_map()) {
    // A base file is reported at the `extends:` that names it, and never by its contents: a file
    // named by mistake (extends: /etc/passwd) is not echoed back.
    if (cited_at) {
      diags.push_back(
          {at, key, "a scenario file (a map of keys)",
           (t.is_list() ? "a list" : "a single text value") + std::string(" in '") + printable(path) + "'",
           ""});
      return empty_map(path);
    }
    diags.push_back(
        {t.origin, "", "a map of scenario keys (name, run, modules, parameters)",
         t.is_list() ? "a list of " + std::to_string(t.items.size()) : std::string("a single text value"),
         ""});
    return empty_map(path);
  }
  return t;
}

Tree parse_yaml_text(const std::string& text, const std::string& path_for_errors,
                     std::vector<Diagnostic>& diags) {
  if (!check_text(text, kSetOrigin, diags)) {
    diags.back().path = path_for_errors;
    return Tree{};
  }
  return parse_text(text, kSetOrigin, path_for_errors, diags);
}

bool is_value_map(const Tree& t) {
  if (!t.is_map()) return false;
  for (const auto& [k, v] : t.entries) {
    if (k == "value" || k == "dist" || k == "interpolation") return true;
    const std::size_t start = (!k.empty() && k[0] == '-') ? 1 : 0;
    if (k.size() > start && std::all_of(k.begin() + static_cast<std::ptrdiff_t>(start), k.end(), [](char c) {
          return std::isdigit(static_cast<unsigned char>(c)) != 0;
        })) {
      return true;
    }
  }
  return false;
}

namespace {
void merge_node(Tree& base, const Tree& over, bool root, bool in_parameters) {
  const bool whole = in_parameters && (is_value_map(base) || is_value_map(over));
  if (!base.is_map() || !over.is_map() || whole) {
    base = over;
    return;
  }
  // Indexed once, so that merging maps of many keys stays linear.
  std::unordered_map<std::string, std::size_t> index;
  index.reserve(base.entries.size());
  for (std::size_t i = 0; i < base.entries.size(); ++i) index.emplace(base.entries[i].first, i);
  for (std::size_t i = 0; i < over.entries.size(); ++i) {
    const auto& [k, v] = over.entries[i];
    const auto found = index.find(k);
    if (found != index.end()) {
      merge_node(base.entries[found->second].second, v, false, in_parameters || (root && k == "parameters"));
    } else {
      index.emplace(k, base.entries.size());
      base.entries.push_back(TreeEntry{k, v});
      base.key_origins.push_back(over.key_origins[i]);
    }
  }
}

void emit(YAML::Emitter& out, const Tree& t) {
  switch (t.kind) {
    case Tree::Kind::Null:
      out << YAML::Null;
      break;
    case Tree::Kind::Scalar:
      if (t.quoted) out << YAML::DoubleQuoted;
      out << t.scalar;
      break;
    case Tree::Kind::List: {
      const bool flat = std::all_of(t.items.begin(), t.items.end(),
                                    [](const Tree& x) { return !x.is_map() && !x.is_list(); });
      if (flat) out << YAML::Flow;
      out << YAML::BeginSeq;
      for (const auto& x : t.items) emit(out, x);
      out << YAML::EndSeq;
      break;
    }
    case Tree::Kind::Map:
      out << YAML::BeginMap;
      for (const auto& [k, v] : t.entries) {
        out << YAML::Key << k << YAML::Value;
        emit(out, v);
      }
      out << YAML::EndMap;
      break;
  }
}
}  // namespace

void merge_into(Tree& base, const Tree& over, bool in_parameters) {
  merge_node(base, over, !in_parameters, in_parameters);
}

std::string emit_yaml(const Tree& t) {
  YAML::Emitter out;
  emit(out, t);
  return std::string(out.c_str()) + "\n";
}

}  // namespace pathways
