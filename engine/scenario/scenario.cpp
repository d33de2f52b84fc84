// Loading a scenario: top-level keys, run settings, modules, the parameter tree and share groups.
#include "scenario/scenario.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <limits>
#include <set>
#include <tuple>
#include <unordered_map>

#include "io/files.hpp"
#include "scenario/distributions.hpp"
#include "scenario/document.hpp"
#include "scenario/values.hpp"
#include "scenario/varied_keys.hpp"

namespace pathways {

namespace {

const std::vector<std::string> kTopKeys = {
    "name",       "description",     "extends",         "run",         "modules", "settings",
    "parameters", "parameters_from", "calibration_fit", "sensitivity", "country"};
const std::vector<std::string> kSettingKeys = {"class", "label", "service"};
const std::vector<std::string> kDeclarableClasses = {"detention", "diversion", "treatment"};
/// Words with a meaning of their own where setting names are written (parameter value maps, totals).
const std::vector<std::string> kReservedNames = {"detention",     "treatment", "community", "warning",
                                                 "value",         "values",    "source",    "dist",
                                                 "interpolation", "none"};
constexpr const char* kDefaultStayService = "service.stays";

bool is_identifier(const std::string& s) {
  if (s.empty() || s.size() > 40 || !(s[0] >= 'a' && s[0] <= 'z')) return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}
const std::vector<std::string> kRunKeys = {"start_year",       "years", "scale", "replicates",
                                           "inner_replicates", "seed"};

std::string join_key(const std::string& a, const std::string& b) {
  if (a.empty()) return b;
  return b.empty() ? a : a + "." + b;
}

void read_run(const Tree* run, Scenario& s, std::vector<Diagnostic>& diags) {
  s.run.start_year = 2025;
  s.run.years = 10;
  s.run.scale = 1.0;
  if (!run || run->is_null()) return;
  if (!run->is_map()) {
    diags.push_back({run->origin, "run", "a map of run settings (" + join_words(kRunKeys, false) + ")",
                     run->describe(), ""});
    return;
  }
  check_keys(*run, "run", kRunKeys, diags);
  if (const Tree* t = run->find("start_year")) {
    if (auto v = read_whole(*t, "run.start_year", 1900, 2200, diags)) s.run.start_year = static_cast<int>(*v);
  }
  if (const Tree* t = run->find("years")) {
    if (auto v = read_whole(*t, "run.years", 1, 200, diags)) s.run.years = static_cast<int>(*v);
  }
  if (const Tree* t = run->find("replicates")) {
    if (auto v = read_whole(*t, "run.replicates", 1, 1e6, diags)) s.replicates = static_cast<int>(*v);
  }
  if (const Tree* t = run->find("inner_replicates")) {
    if (auto v = read_whole(*t, "run.inner_replicates", 1, 1e4, diags)) {
      s.inner_replicates = static_cast<int>(*v);
      if (s.replicates % s.inner_replicates != 0) {
        diags.push_back({t->origin, "run.inner_replicates",
                         "a divisor of run.replicates (" + std::to_string(s.replicates) +
                             "): each parameter draw runs this many replicates",
                         std::to_string(s.inner_replicates), ""});
        s.inner_replicates = 1;
      }
    }
  }
  if (const Tree* t = run->find("scale")) {
    // At most 1e7: one agent for ten million people already makes a national run a handful of agents;
    // beyond, money totals lose their precision (1e306 turned costs into NA).
    const std::string expected = "a number from 1 to 1e7 (persons per agent)";
    if (auto v = read_number(*t, "run.scale", expected, diags)) {
      if (*v >= 1.0 && *v <= 1e7) {
        s.run.scale = *v;
      } else {
        diags.push_back({t->origin, "run.scale", expected, number_text(*v), ""});
      }
    }
  }
  if (const Tree* t = run->find("seed")) {
    // Parsed as an unsigned integer, not through double, so every 64-bit seed is exact.
    std::uint64_t v = 0;
    const char* end = t->scalar.data() + t->scalar.size();
    const auto r = std::from_chars(t->scalar.data(), end, v);
    if (t->is_scalar() && !t->quoted && r.ec == std::errc() && r.ptr == end) {
      s.seed = v;
    } else {
      diags.push_back(
          {t->origin, "run.seed", "a whole number in [0, 18446744073709551615]", t->describe(), ""});
    }
  }
}

/// `sensitivity:` entries: KEY: {low: L, high: H, source: S}, each KEY a varied key of the
/// scenario's parameters with L < H inside its declared range and no schedule over the horizon.
void read_sensitivity_ranges(const Tree& node, const std::vector<ParamSpec>& specs, Scenario& s,
                             std::vector<Diagnostic>& diags) {
  if (!node.is_map()) {
    diags.push_back({node.origin, "sensitivity", "a map of KEY: {low: ..., high: ..., source: ...}",
                     node.describe(), ""});
    return;
  }
  for (std::size_t i = 0; i < node.entries.size(); ++i) {
    const auto& [key, value] = node.entries[i];
    const std::string path = "sensitivity." + key;
    std::string why;
    const ParamSpec* spec = varied_spec(specs, s.declarations, key, why);
    if (!spec) {
      diags.push_back({node.key_origins[i], path, why, "'" + printable(key, 80) + "'", ""});
      continue;
    }
    if (spec->type == ParamType::Lever && key.find('[') == std::string::npos &&
        !s.params.lever(key).is_constant()) {
      diags.push_back({node.key_origins[i], path, "a parameter with one value over the horizon",
                       "a schedule (vary a schedule with --set instead)", ""});
      continue;
    }
    if (!value.is_map()) {
      diags.push_back({value.origin, path, "a map {low: ..., high: ..., source: ...}", value.describe(), ""});
      continue;
    }
    check_keys(value, path, {"low", "high", "source"}, diags);
    const Tree* lo = value.find("low");
    const Tree* hi = value.find("high");
    if (!lo || !hi) {
      diags.push_back({value.origin, path, "both low and high", lo ? "no high" : "no low", ""});
      continue;
    }
    const std::string range = "a number in [" + number_text(spec->min) + ", " + number_text(spec->max) + "]";
    const auto l = read_number(*lo, path + ".low", range, diags);
    const auto h = read_number(*hi, path + ".high", range, diags);
    if (!l || !h) continue;
    if (*l < spec->min || *l > spec->max) {
      diags.push_back({lo->origin, path + ".low", range, number_text(*l), ""});
    } else if (*h < spec->min || *h > spec->max) {
      diags.push_back({hi->origin, path + ".high", range, number_text(*h), ""});
    } else if (!(*l < *h)) {
      diags.push_back(
          {hi->origin, path + ".high", "a value above low (" + number_text(*l) + ")", number_text(*h), ""});
    } else {
      const Tree* src = value.find("source");
      s.sensitivity_ranges.push_back({key, *l, *h, src && src->is_scalar() ? src->scalar : ""});
    }
  }
}

/// `run.cohort` (a cohort experiment) is written where readers expect it, under run, but its values
/// are parameters of the population module (cohort.*): they are moved there, origins kept, so that
/// they are checked like every other parameter. `entry: release:<setting>` becomes entry_event and
/// entry_setting; `age: [lo, hi]` the two age bounds; `years` replaces run.years.
void move_cohort_to_parameters(Tree& doc, std::vector<Diagnostic>& diags) {
  Tree* run = doc.find("run");
  Tree* cohort = run && run->is_map() ? run->find("cohort") : nullptr;
  if (!cohort) return;
  const Tree spec = *cohort;
  run->erase("cohort");
  if (!spec.is_map()) {
    diags.push_back({spec.origin, "run.cohort", "a map (entry, size, substance, stage, age, years)",
                     spec.describe(), ""});
    return;
  }
  check_keys(spec, "run.cohort", {"entry", "size", "substance", "stage", "injecting", "age", "years"}, diags);
  Tree group;
  group.kind = Tree::Kind::Map;
  group.origin = spec.origin;
  const auto scalar = [&](const std::string& text, const Origin& at) {
    Tree t;
    t.kind = Tree::Kind::Scalar;
    t.scalar = text;
    t.origin = at;
    return t;
  };
  const Tree* entry = spec.find("entry");
  const Tree* params_now = doc.find("parameters");
  const bool moved_before = params_now && params_now->is_map() && params_now->find("cohort");
  if (!entry && !moved_before) {
    diags.push_back({spec.origin, "run.cohort.entry",
                     "release:<setting>, admission:<setting> or recruitment:community", "nothing", ""});
  } else if (entry) {
    const auto colon = entry->is_scalar() ? entry->scalar.find(':') : std::string::npos;
    const std::string event = colon == std::string::npos ? "" : entry->scalar.substr(0, colon);
    if (colon == std::string::npos ||
        (event != "release" && event != "admission" && event != "recruitment")) {
      diags.push_back({entry->origin, "run.cohort.entry",
                       "release:<setting>, admission:<setting> or recruitment:community", entry->describe(),
                       ""});
    } else {
      group.put("entry_event", scalar(event, entry->origin), spec.key_origin("entry"));
      group.put("entry_setting", scalar(entry->scalar.substr(colon + 1), entry->origin),
                spec.key_origin("entry"));
    }
  }
  for (const char* key : {"size", "substance", "stage", "injecting"}) {
    if (const Tree* t = spec.find(key)) group.put(key, *t, spec.key_origin(key));
  }
  if (const Tree* age = spec.find("age")) {
    if (!age->is_list() || age->items.size() != 2) {
      diags.push_back({age->origin, "run.cohort.age", "[youngest, oldest] in years", age->describe(), ""});
    } else {
      group.put("age_min_years", age->items[0], spec.key_origin("age"));
      group.put("age_max_years", age->items[1], spec.key_origin("age"));
    }
  }
  // The follow-up replaces run.years (a base file's policy horizon, typically).
  if (const Tree* years = spec.find("years")) run->put("years", *years, spec.key_origin("years"));
  Tree* params = doc.find("parameters");
  if (!params) {
    Tree empty;
    empty.kind = Tree::Kind::Map;
    empty.origin = spec.origin;
    doc.put("parameters", empty, spec.origin);
    params = doc.find("parameters");
  }
  if (!params->is_map()) return;  // reported where parameters are read
  Tree* existing = params->find("cohort");
  if (existing && existing->is_map()) {
    // A --set run.cohort.x=... after the file's own cohort: its keys replace those of the file.
    for (std::size_t i = 0; i < group.entries.size(); ++i) {
      existing->put(group.entries[i].first, group.entries[i].second, group.key_origins[i]);
    }
  } else {
    params->put("cohort", group, spec.origin);
  }
}

std::vector<std::string> read_modules(const Tree* mods, std::vector<Diagnostic>& diags) {
  if (!mods) return standard_modules();
  std::vector<std::string> known;
  for (const auto& m : registered_modules()) known.push_back(m.type);
  if (!mods->is_list()) {
    diags.push_back({mods->origin, "modules", "a list of module types", mods->describe(), ""});
    return {};
  }
  std::vector<std::string> out;
  for (std::size_t i = 0; i < mods->items.size(); ++i) {
    const Tree& t = mods->items[i];
    const std::string path = "modules[" + std::to_string(i) + "]";
    if (!t.is_scalar() || !find_module(t.scalar)) {
      diags.push_back({t.origin, path, "a registered module type (" + join_words(known) + ")", t.describe(),
                       t.is_scalar() ? did_you_mean(t.scalar, known) : ""});
    } else if (std::find(out.begin(), out.end(), t.scalar) != out.end()) {
      diags.push_back({t.origin, path, "each module once", "'" + t.scalar + "' again", ""});
    } else {
      out.push_back(t.scalar);
    }
  }
  return out;
}

// `settings:`: settings the scenario adds (each run by a module that lets scenarios declare them).
std::vector<Declaration> read_settings(const Tree* node, const std::vector<std::string>& modules,
                                       std::vector<Diagnostic>& diags, std::map<std::string, Origin>& where) {
  std::vector<Declaration> out;
  if (!node || node->is_null()) return out;
  if (!node->is_map()) {
    diags.push_back(
        {node->origin, "settings", "a map from new setting names to {class, label}", node->describe(), ""});
    return out;
  }
  const auto builtin = declarations_of(modules);
  for (std::size_t i = 0; i < node->entries.size(); ++i) {
    // Not a structured binding: lambdas below capture the name (clang before 16 refuses bindings).
    const std::string& name = node->entries[i].first;
    const Tree& t = node->entries[i].second;
    const std::string path = "settings." + name;
    const Origin at = node->key_origins[i];
    const std::size_t before = diags.size();
    if (!is_identifier(name) ||
        std::find(kReservedNames.begin(), kReservedNames.end(), name) != kReservedNames.end()) {
      diags.push_back({at, path,
                       "a new setting name: lower-case letters, digits and _ (not a reserved word such as "
                       "detention, treatment, community, warning, value or source)",
                       "'" + printable(name, 60) + "'", ""});
      continue;
    }
    const bool taken = std::any_of(builtin.begin(), builtin.end(), [&](const Declaration& d) {
      return d.domain == "setting" && d.name == name;
    });
    if (taken) {
      diags.push_back({at, path, "a setting name not yet in use",
                       "'" + name + "', which a module already runs",
                       "set its parameters under parameters." + name + " instead"});
      continue;
    }
    if (!t.is_map()) {
      diags.push_back({t.origin, path, "a map with class and label", t.describe(), ""});
      continue;
    }
    check_keys(t, path, kSettingKeys, diags);
    Declaration d;
    d.domain = "setting";
    d.name = name;
    const Tree* cls = t.find("class");
    if (!cls || !cls->is_scalar() ||
        std::find(kDeclarableClasses.begin(), kDeclarableClasses.end(), cls->scalar) ==
            kDeclarableClasses.end()) {
      diags.push_back({cls ? cls->origin : t.origin, path + ".class",
                       "one of " + join_words(kDeclarableClasses), cls ? cls->describe() : "nothing",
                       cls && cls->is_scalar() ? did_you_mean(cls->scalar, kDeclarableClasses) : ""});
    } else {
      d.attributes["class"] = cls->scalar;
    }
    const Tree* label = t.find("label");
    if (!label || !label->is_scalar() || label->scalar.empty()) {
      diags.push_back({label ? label->origin : t.origin, path + ".label", "a label for reports (text)",
                       label ? label->describe() : "nothing", ""});
    } else {
      d.attributes["label"] = label->scalar;
    }
    std::string service = kDefaultStayService;
    if (const Tree* sv = t.find("service")) service = sv->is_scalar() ? sv->scalar : "";
    const ModuleInfo* m = find_module(service);
    if (!m || m->declarable != "setting") {
      std::vector<std::string> able;
      for (const auto& r : registered_modules()) {
        if (r.declarable == "setting") able.push_back(r.type);
      }
      diags.push_back({t.find("service") ? t.find("service")->origin : t.origin, path + ".service",
                       "a module that runs declared settings (" + join_words(able) + ")",
                       "'" + printable(service, 60) + "'", ""});
    } else if (std::find(modules.begin(), modules.end(), service) == modules.end()) {
      diags.push_back({t.origin, path + ".service", "the module '" + service + "' in this scenario's modules",
                       "it is not listed", ""});
    }
    d.attributes["service"] = service;
    if (diags.size() > before) continue;
    where[name] = at;
    out.push_back(std::move(d));
  }
  return out;
}

// Every module's needs are met by the modules of the run.
void check_needs(const std::vector<std::string>& modules, const Tree* mods, const std::string& path,
                 std::vector<Diagnostic>& diags) {
  std::vector<std::string> offered;
  for (const auto& t : modules) {
    offered.push_back(t);
    const ModuleInfo* m = find_module(t);
    offered.insert(offered.end(), m->provides.begin(), m->provides.end());
  }
  for (const auto& t : modules) {
    for (const auto& need : find_module(t)->needs) {
      if (std::find(offered.begin(), offered.end(), need) != offered.end()) continue;
      std::vector<std::string> by;
      for (const auto& r : registered_modules()) {
        if (r.type == need || std::find(r.provides.begin(), r.provides.end(), need) != r.provides.end()) {
          by.push_back(r.type);
        }
      }
      diags.push_back(
          {mods ? mods->origin : Origin{path, 1, 1}, "modules",
           "the modules that '" + t + "' needs (" + need + ", provided by " + join_words(by) + ")",
           "none of them", ""});
    }
  }
}

struct ParamWalk {
  const std::vector<ParamSpec>& specs;
  ValueContext horizon;
  Scenario& s;
  std::vector<Diagnostic>& diags;
  std::set<std::string> failed;                              // keys whose value was rejected
  std::map<std::string, Origin> given;                       // keys set by the scenario, and where
  std::unordered_map<std::string, const ParamSpec*> by_key;  // built once: lookups stay O(1) per key

  const ParamSpec* spec(const std::string& key) {
    if (by_key.empty()) {
      for (const auto& p : specs) by_key.emplace(p.key, &p);
    }
    const auto it = by_key.find(key);
    return it == by_key.end() ? nullptr : it->second;
  }

  // Next key segments below `prefix` (the names allowed in the map at `prefix`).
  std::vector<std::string> names_below(const std::string& prefix) const {
    std::vector<std::string> out;
    const std::string start = prefix.empty() ? "" : prefix + ".";
    for (const auto& p : specs) {
      if (p.key.compare(0, start.size(), start) != 0 || p.key.size() == start.size()) continue;
      const std::string rest = p.key.substr(start.size());
      const std::string name = rest.substr(0, rest.find('.'));
      if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
    }
    return out;
  }

  void walk(const Tree& map, const std::string& prefix) {
    const std::string path = join_key("parameters", prefix);
    for (std::size_t i = 0; i < map.entries.size(); ++i) {
      const auto& [k, v] = map.entries[i];
      const std::string key = join_key(prefix, k);
      const std::string vpath = join_key(path, k);
      if (const ParamSpec* p = spec(key)) {
        given[key] = map.key_origins[i];
        s.written_params.insert(key);
        const std::size_t before = diags.size();
        auto r = read_param(*p, v, vpath, horizon, diags);
        if (!r || diags.size() > before) {
          failed.insert(key);
          continue;
        }
        if (p->type == ParamType::Map) {
          // Entries written replace the defaults of those names; names not written keep theirs.
          ParamValue merged = s.params.map(key);
          for (auto& [name, lever] : r->value.map) merged.map[name] = std::move(lever);
          s.params.set(key, std::move(merged));
        } else {
          s.params.set(key, r->value);
        }
        if (!r->source.empty()) {
          s.sources[key] = r->source;
        } else if (p->type == ParamType::Map) {
          // Entries that carry their own source ({warning: {value: 0.3, source: ...}}): the map's
          // source lists them, so the report never shows the module default's source for a map the
          // scenario wrote entry by entry.
          std::string entry_sources;
          for (const auto& e : v.entries) {
            const Tree* src = e.second.is_map() ? e.second.find("source") : nullptr;
            if (src && src->is_scalar() && !src->scalar.empty()) {
              entry_sources += (entry_sources.empty() ? "" : "; ") + e.first + ": " + src->scalar;
            }
          }
          if (!entry_sources.empty()) s.sources[key] = entry_sources;
        }
        if (r->uncertain) s.uncertain.push_back(std::move(*r->uncertain));
        continue;
      }
      const auto below = names_below(key);
      if (!below.empty()) {
        if (v.is_map()) {
          walk(v, key);
        } else {
          diags.push_back({v.origin, vpath,
                           "a map of the parameters under '" + key + "' (" + join_words(below, false) + ")",
                           v.describe(), ""});
        }
        continue;
      }
      const auto names = names_below(prefix);
      // Past the problems that will be shown, suggestions would only cost time.
      const bool suggest = diags.size() < kMaxDiagnosticsShown;
      std::string hint = suggest ? did_you_mean(k, names) : "";
      if (hint.empty() && suggest) {
        for (const auto& m : registered_modules()) {
          for (const auto& p : m.params) {
            if (hint.empty() && (p.key == key || p.key.rfind(key + ".", 0) == 0)) {
              hint = "module '" + m.type + "' declares it but is not in this scenario's modules";
            }
          }
        }
      }
      if (hint.empty() && suggest && !prefix.empty()) {
        std::vector<std::string> all;
        for (const auto& p : specs) all.push_back(p.key);
        hint = did_you_mean(key, all);
      }
      const std::string expected = names.empty()
                                       ? "no parameters here (none declared by the scenario's modules)"
                                       : "a declared parameter name here (" + join_words(names) + ")";
      diags.push_back({map.key_origins[i], vpath, expected, "unknown key '" + k + "'", hint});
    }
  }

  /// Where the scenario set `key` (preferring a --set override), or nullptr.
  const Origin* origin_of(const std::string& key) const {
    const auto g = given.find(key);
    return g == given.end() ? nullptr : &g->second;
  }

  // A map whose levers are shares (routing) sums to 1 at every time: its sum is piecewise linear
  // between the union of its knots, so it is checked at each knot and just before it (a step jumps).
  void check_map_sums() {
    for (const auto& p : specs) {
      if (p.type != ParamType::Map || !p.map_sums_to_one || failed.count(p.key)) continue;
      const ParamValue& v = s.params.map(p.key);
      std::set<Days> days{0.0};
      for (const auto& [k, l] : v.map) {
        for (Days d : l.days) days.insert(std::max(d, 0.0));
      }
      const Calendar cal{horizon.run_start_year};
      for (Days d : days) {
        for (const bool left : {true, false}) {
          if (left && d <= 0.0) continue;
          double sum = 0.0;
          std::string terms;
          for (const auto& [k, l] : v.map) {
            const double x = left ? l.before(d) : l.at(d);
            sum += x;
            if (x != 0.0) terms += (terms.empty() ? "" : " + ") + k + " " + number_text(x);
          }
          if (std::abs(sum - 1.0) <= 1e-6) continue;
          const Origin* at = origin_of(p.key);
          diags.push_back({at ? *at : Origin{s.path, 0, 0}, "parameters." + p.key,
                           "shares that sum to 1 at every time (" +
                               std::string(left ? "just before " : "from ") + std::to_string(cal.year_of(d)) +
                               ")",
                           "a sum of " + fmt::format("{:.10g}", sum) + " (" + terms + ")", ""});
          goto next_spec;
        }
      }
    next_spec:;
    }
  }

  // Parameters of settings the scenario declares have no defaults.
  void check_required(const std::map<std::string, Origin>& declared_at) {
    for (const auto& p : specs) {
      if (!p.required || given.count(p.key) || failed.count(p.key)) continue;
      const std::string owner = p.key.substr(0, p.key.find('.'));
      const auto at = declared_at.find(owner);
      diags.push_back(
          {at != declared_at.end() ? at->second : Origin{s.path, 0, 0}, "parameters." + p.key,
           "a value (the setting '" + owner + "' is declared by the scenario, so this has no default)",
           "nothing", ""});
    }
  }

  // Rules across parameters that each module declares, checked once every value is known.
  void check_rules(const std::vector<std::string>& modules, const std::vector<Declaration>& decls) {
    for (const auto& t : modules) {
      for (const auto& r : find_module(t)->rules) {
        if (std::any_of(r.keys.begin(), r.keys.end(),
                        [&](const std::string& k) { return failed.count(k) > 0; })) {
          continue;
        }
        const std::string found = r.check(s.params, decls);
        if (found.empty()) continue;
        const Origin* at = nullptr;
        std::string key = r.keys.back();
        for (const auto& k : r.keys) {
          if (const Origin* o = origin_of(k)) {
            at = o;
            key = k;
          }
        }
        diags.push_back({at ? *at : Origin{s.path, 0, 0}, "parameters." + key, r.expected, found,
                         at ? "" : "the defaults conflict with other values of this scenario"});
      }
    }
  }

  // Members of a share group must sum to 1 at the start and at every knot of any member.
  void check_share_groups() {
    std::map<std::string, std::vector<const ParamSpec*>> groups;
    for (const auto& p : specs) {
      if (!p.share_group.empty()) groups[p.share_group].push_back(&p);
    }
    const Calendar cal{horizon.run_start_year};
    for (const auto& [group, members] : groups) {
      std::set<Days> days{0.0};
      std::vector<std::string> names;
      const ParamSpec* blame = nullptr;
      bool skip = false;
      for (const ParamSpec* m : members) {
        if (failed.count(m->key)) skip = true;
        for (Days d : s.params.lever(m->key).days) days.insert(std::max(d, 0.0));
        names.push_back(m->key);
        // Point at a member the user set, preferring a --set override (applied last, so most
        // likely the change that broke the sum).
        const auto g = given.find(m->key);
        if (g != given.end() &&
            (!blame || g->second.file == kSetOrigin || given[blame->key].file != kSetOrigin)) {
          blame = m;
        }
      }
      if (skip) continue;
      // Between knots every lever is constant or linear, so the sum is linear there: it is 1 at
      // every time when it is 1 from each knot on and just before each knot (a step lever beside a
      // linear one would otherwise pass at the knots and fail in between).
      bool reported = false;
      for (Days d : days) {
        for (const bool left : {true, false}) {
          if (reported || (left && d <= 0.0)) continue;
          double sum = 0;
          std::string terms;
          for (const ParamSpec* m : members) {
            const Lever& l = s.params.lever(m->key);
            const double v = left ? l.before(d) : l.at(d);
            sum += v;
            terms += (terms.empty() ? "" : " + ") + number_text(v);
          }
          if (std::abs(sum - 1.0) <= 1e-6) continue;
          const Origin at = blame ? given[blame->key] : Origin{s.path, 0, 0};
          diags.push_back({at, "parameters." + (blame ? blame->key : members.front()->key),
                           "the shares of group '" + group + "' (" + join_words(names, false) +
                               ") to sum to 1 " + (left ? "just before " : "in ") +
                               std::to_string(cal.year_of(d)),
                           "a sum of " + fmt::format("{:.10g}", sum) + " (" + terms + ")", ""});
          reported = true;
        }
      }
    }
  }
};

}  // namespace

std::vector<std::string> standard_modules() {
  std::vector<std::string> out;
  for (const auto& m : registered_modules()) {
    if (m.type.rfind("example.", 0) == 0 || m.type.rfind("test.", 0) == 0) continue;
    out.push_back(m.type);
  }
  return out;
}

Scenario load_scenario(const std::string& path, const std::vector<std::string>& overrides) {
  std::vector<Diagnostic> diags;
  std::vector<std::string> bases;
  Tree doc = load_merged_document(path, diags, &bases);
  // Lever years are checked against the horizon the files declare, so that shortening a run on
  // the command line (a smoke test with --set run.years=1) does not invalidate later knots.
  Scenario as_written;
  {
    std::vector<Diagnostic> ignored;  // reported below, from the final document
    read_run(doc.find("run"), as_written, ignored);
  }
  apply_overrides(doc, overrides, diags);
  // After the horizon of the files is taken (above): a cohort's shorter follow-up leaves the base
  // file's later lever knots valid, never reached.
  move_cohort_to_parameters(doc, diags);

  Scenario s;
  s.path = path;
  s.files_read = bases;
  check_keys(doc, "", kTopKeys, diags);
  const Tree* name = doc.find("name");
  // A file that could not be read at all already has its diagnostic; "no name" would only add noise.
  const bool unreadable =
      std::any_of(diags.begin(), diags.end(), [](const Diagnostic& d) { return d.path.empty(); });
  if (!name && !unreadable) {
    diags.push_back({Origin{path, 1, 1}, "name", "a scenario name (required)", "nothing", ""});
  } else if (name && (!name->is_scalar() || name->scalar.empty())) {
    diags.push_back({name->origin, "name", "a scenario name (text)", name->describe(), ""});
  } else if (name && (name->scalar.size() > 200 || printable(name->scalar) != name->scalar)) {
    // The name heads rows of every CSV file and the report: control characters and page-long
    // names would corrupt both.
    diags.push_back(
        {name->origin, "name", "a scenario name of at most 200 printable characters", name->describe(), ""});
  } else if (name) {
    s.name = name->scalar;
  }
  if (const Tree* d = doc.find("description")) {
    if (d->is_scalar()) {
      s.description = d->scalar;
    } else if (!d->is_null()) {
      diags.push_back({d->origin, "description", "a text", d->describe(), ""});
    }
  }
  if (const Tree* c = doc.find("country")) {
    if (c->is_scalar() && is_identifier(c->scalar)) {
      s.country = c->scalar;
    } else {
      diags.push_back({c->origin, "country", "a country name in lower case with underscores (viet_nam)",
                       c->describe(), ""});
    }
  }
  read_run(doc.find("run"), s, diags);
  s.run.modules = in_module_order(read_modules(doc.find("modules"), diags));
  check_needs(s.run.modules, doc.find("modules"), path, diags);
  std::map<std::string, Origin> declared_at;
  s.run.declarations = read_settings(doc.find("settings"), s.run.modules, diags, declared_at);
  s.declarations = declarations_of(s.run.modules, s.run.declarations);

  const auto specs = param_specs_of(s.run.modules, s.run.declarations);
  s.params = ParamValues::defaults(specs);
  const int first_year = std::min(s.run.start_year, as_written.run.start_year);
  const int last_year =
      std::max(s.run.start_year + s.run.years, as_written.run.start_year + as_written.run.years);
  ParamWalk walk{specs, ValueContext{first_year, last_year - first_year, s.run.start_year, &s.declarations},
                 s,     diags,
                 {},    {},
                 {}};
  if (const Tree* p = doc.find("parameters")) {
    if (p->is_map()) {
      walk.walk(*p, "");
    } else if (!p->is_null()) {
      diags.push_back({p->origin, "parameters", "a map of parameter values", p->describe(), ""});
    }
  }
  walk.check_share_groups();
  walk.check_map_sums();
  walk.check_required(declared_at);
  if (diags.empty()) walk.check_rules(s.run.modules, s.declarations);
  if (const Tree* pf = doc.find("parameters_from")) {
    if (!pf->is_scalar() || pf->scalar.empty()) {
      diags.push_back(
          {pf->origin, "parameters_from", "the path of a posterior CSV file", pf->describe(), ""});
    } else {
      // Relative to the file that names it (which may be a base the scenario extends).
      const std::filesystem::path rel(pf->scalar), dir = std::filesystem::path(pf->origin.file).parent_path();
      const std::string csv = rel.is_absolute() ? pf->scalar : (dir / rel).lexically_normal().string();
      s.posterior = read_posterior_csv(csv, specs, pf->origin, diags);
      s.files_read.push_back(csv);
      // A calibrated key is the country's own figure, whatever the module default says.
      if (s.posterior) {
        for (const auto& k : s.posterior->keys) s.written_params.insert(k.substr(0, k.find('[')));
      }
    }
  }
  if (const Tree* sens = doc.find("sensitivity")) read_sensitivity_ranges(*sens, specs, s, diags);
  if (const Tree* cf = doc.find("calibration_fit")) {
    if (!cf->is_scalar() || cf->scalar.empty()) {
      diags.push_back({cf->origin, "calibration_fit",
                       "the path of a fit CSV file (fit.csv of pathways calibrate)", cf->describe(), ""});
    } else {
      const std::filesystem::path rel(cf->scalar), dir = std::filesystem::path(cf->origin.file).parent_path();
      const std::string csv = rel.is_absolute() ? cf->scalar : (dir / rel).lexically_normal().string();
      s.calibration_fit = read_calibration_fit_csv(csv, cf->origin, diags);
      s.files_read.push_back(csv);
    }
  }

  if (!diags.empty()) {
    // Report in reading order: files in the order first met, then by position.
    std::vector<std::string> files;
    for (const auto& d : diags) {
      if (std::find(files.begin(), files.end(), d.where.file) == files.end()) files.push_back(d.where.file);
    }
    const auto rank = [&](const Diagnostic& d) {
      return std::make_tuple(std::find(files.begin(), files.end(), d.where.file) - files.begin(),
                             d.where.line, d.where.column);
    };
    std::stable_sort(diags.begin(), diags.end(),
                     [&](const Diagnostic& a, const Diagnostic& b) { return rank(a) < rank(b); });
    throw ScenarioError(std::move(diags));
  }
  s.resolved_yaml = emit_yaml(doc);
  return s;
}

std::uint64_t draw_of(const Scenario& s, std::uint64_t replicate) {
  return replicate / static_cast<std::uint64_t>(std::max(1, s.inner_replicates));
}

ParamValues draw_parameters(const Scenario& s, std::uint64_t seed, std::uint64_t draw) {
  ParamValues out = s.params;
  if (s.uncertain.empty() && !s.posterior) return out;
  const auto specs = param_specs_of(s.run.modules, s.run.declarations);
  for (const auto& u : s.uncertain) {
    Draws d(seed, draw, kGlobalAgent - 1, stream_hash("param:" + u.key), 0);
    double v = draw_value(u, d);
    for (const auto& p : specs) {
      if (p.key == u.key) v = std::clamp(v, p.min, p.max);
    }
    out.set_number(u.key, v);
  }
  // A posterior row takes precedence over a distribution given for the same key.
  if (s.posterior) apply_posterior_row(*s.posterior, pick_posterior_row(*s.posterior, seed, draw), out);
  return out;
}

}  // namespace pathways
