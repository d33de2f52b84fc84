// `extends:` resolution with cycle detection, and `--set` overrides on the merged document.
#include "scenario/document.hpp"

#include <algorithm>
#include <filesystem>

#include "io/files.hpp"

namespace pathways {

namespace {

struct Visit {
  std::string canonical;
  std::string shown;
};

/// A scenario extends a country baseline that extends a regional layer: a few levels. The bound
/// keeps a generated chain of thousands of files from exhausting the stack.
constexpr std::size_t kMaxExtendsDepth = 32;

Tree load_chain(const std::string& shown, std::vector<Visit>& chain, std::vector<Diagnostic>& diags,
                const Origin* cited_at, std::vector<std::string>& files) {
  namespace fs = std::filesystem;
  Tree t = read_yaml_file(shown, diags, cited_at, "extends");
  if (cited_at) files.push_back(shown);
  const Tree* ext = t.find("extends");
  if (!ext) return t;
  if (chain.size() > kMaxExtendsDepth) {
    diags.push_back({ext->origin, "extends",
                     "a chain of at most " + std::to_string(kMaxExtendsDepth) + " base files",
                     "a longer chain", ""});
    t.erase("extends");
    return t;
  }
  if (!ext->is_scalar() || ext->scalar.empty()) {
    diags.push_back({ext->origin, "extends", "the path of a base scenario file", ext->describe(), ""});
    t.erase("extends");
    return t;
  }
  const std::string base_shown = (fs::path(shown).parent_path() / ext->scalar).lexically_normal().string();
  std::error_code ec;
  std::string canonical = fs::weakly_canonical(base_shown, ec).string();
  if (ec) canonical = base_shown;
  const auto seen =
      std::find_if(chain.begin(), chain.end(), [&](const Visit& v) { return v.canonical == canonical; });
  if (seen != chain.end()) {
    std::string cycle;
    for (auto it = seen; it != chain.end(); ++it) cycle += it->shown + " -> ";
    cycle += base_shown;
    diags.push_back(
        {ext->origin, "extends", "a chain of base files without a cycle", "the cycle " + cycle, ""});
    t.erase("extends");
    return t;
  }
  chain.push_back({canonical, base_shown});
  const Origin cited = ext->origin;
  Tree base = load_chain(base_shown, chain, diags, &cited, files);
  chain.pop_back();
  t.erase("extends");
  merge_into(base, t);
  return base;
}

}  // namespace

Tree load_merged_document(const std::string& path, std::vector<Diagnostic>& diags,
                          std::vector<std::string>* bases) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::string canonical = fs::weakly_canonical(path, ec).string();
  if (ec) canonical = path;
  std::vector<Visit> chain{{canonical, path}};
  std::vector<std::string> files;
  Tree t = load_chain(path, chain, diags, nullptr, files);
  if (bases) *bases = std::move(files);
  return t;
}

void apply_overrides(Tree& doc, const std::vector<std::string>& overrides, std::vector<Diagnostic>& diags) {
  const Origin at{kSetOrigin, 0, 0};
  for (const auto& o : overrides) {
    if (invalid_utf8_at(o) != std::string::npos) {
      diags.push_back(
          {at, "", "KEY.PATH=VALUE in UTF-8 text", "invalid UTF-8 in '" + printable(o, 60) + "'", ""});
      continue;
    }
    const auto eq = o.find('=');
    const std::string key = o.substr(0, eq);
    std::vector<std::string> parts;
    for (std::size_t start = 0;;) {
      const auto dot = key.find('.', start);
      parts.push_back(key.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
    const bool empty_part =
        std::any_of(parts.begin(), parts.end(), [](const std::string& p) { return p.empty(); });
    if (eq == std::string::npos || empty_part) {
      diags.push_back({at, "", "KEY.PATH=VALUE (e.g. run.years=5)", "'" + printable(o, 60) + "'", ""});
      continue;
    }
    if (parts.front() == "extends") {
      diags.push_back({at, key, "a key other than extends (give the base file in the scenario)",
                       "'" + printable(o, 60) + "'", ""});
      continue;
    }
    const std::size_t before = diags.size();
    Tree value = parse_yaml_text(o.substr(eq + 1), key, diags);
    if (diags.size() > before) continue;
    Tree* cur = &doc;
    std::string so_far;
    bool ok = true;
    for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
      so_far += (so_far.empty() ? "" : ".") + parts[i];
      Tree* next = cur->find(parts[i]);
      if (!next) {
        Tree m;
        m.kind = Tree::Kind::Map;
        m.origin = at;
        cur->put(parts[i], std::move(m), at);
        next = cur->find(parts[i]);
      }
      if (!next->is_map()) {
        diags.push_back({at, so_far, "a map holding '" + parts[i + 1] + "'", next->describe(), ""});
        ok = false;
        break;
      }
      cur = next;
    }
    if (ok) cur->put(parts.back(), std::move(value), at);
  }
}

}  // namespace pathways
