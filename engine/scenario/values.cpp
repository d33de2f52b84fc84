// Type, range, choice, list and lever checks of single parameter values.
#include "scenario/values.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>

#include "io/files.hpp"
#include "scenario/distributions.hpp"

namespace pathways {

namespace {

enum class Parsed { Ok, NotNumber, TooLarge };

Parsed parse_double(std::string s, double& out) {
  if (!s.empty() && s[0] == '+') s.erase(0, 1);
  if (s.empty()) return Parsed::NotNumber;
  const char* end = s.data() + s.size();
  const auto r = std::from_chars(s.data(), end, out, std::chars_format::general);
  if (r.ptr != end) return Parsed::NotNumber;
  if (r.ec == std::errc::result_out_of_range) return Parsed::TooLarge;
  if (r.ec != std::errc()) return Parsed::NotNumber;
  if (!std::isfinite(out)) return Parsed::TooLarge;
  return Parsed::Ok;
}

std::string child(const std::string& path, const std::string& key) {
  return path + "." + key;
}

std::string what_number(const ParamSpec& s) {
  return (s.type == ParamType::Integer ? "a whole number in " : "a number in ") + range_text(s.min, s.max);
}

std::optional<double> read_in_range(const ParamSpec& spec, const Tree& node, const std::string& path,
                                    std::vector<Diagnostic>& diags) {
  const auto v = read_number(node, path, what_number(spec), diags);
  if (!v) return std::nullopt;
  if (*v < spec.min || *v > spec.max) {
    diags.push_back({node.origin, path, what_number(spec), number_text(*v), ""});
    return std::nullopt;
  }
  if (spec.type == ParamType::Integer && std::floor(*v) != *v) {
    diags.push_back({node.origin, path, what_number(spec), number_text(*v) + " (not whole)", ""});
    return std::nullopt;
  }
  return v;
}

std::optional<int> read_year(const std::string& key, const Origin& at, const std::string& path,
                             const ValueContext& h, std::vector<Diagnostic>& diags) {
  const int last = h.start_year + h.years;
  const std::string expected = "a year in [" + std::to_string(h.start_year) + ", " + std::to_string(last) +
                               "] (the scenario's horizon)";
  double y = 0;
  if (parse_double(key, y) != Parsed::Ok || std::floor(y) != y) {
    const bool wrapper = key == "source" || key == "interpolation";
    diags.push_back(
        {at, path, expected, "'" + key + "'",
         wrapper ? "write {value: {YEAR: ...}, source: ...} or {interpolation: ..., values: {YEAR: ...}}"
                 : ""});
    return std::nullopt;
  }
  if (y < h.start_year || y > last) {
    diags.push_back({at, path, expected, number_text(y), ""});
    return std::nullopt;
  }
  return static_cast<int>(y);
}

// A number (constant) or a year map, possibly under {interpolation:, values:}.
std::optional<Lever> read_lever(const ParamSpec& spec, const Tree& node, const std::string& path,
                                const ValueContext& h, Interpolation interp, std::vector<Diagnostic>& diags) {
  if (!node.is_map()) {
    const auto v = read_in_range(spec, node, path, diags);
    if (!v) return std::nullopt;
    return Lever::constant(*v);
  }
  if (node.entries.empty()) {
    diags.push_back(
        {node.origin, path, "a number or a year-value map such as {2025: 1, 2030: 2}", "an empty map", ""});
    return std::nullopt;
  }
  const std::size_t before = diags.size();
  std::map<int, double> knots;
  std::map<int, std::string> written;
  for (std::size_t i = 0; i < node.entries.size(); ++i) {
    const auto& [k, v] = node.entries[i];
    const auto year = read_year(k, node.key_origins[i], child(path, k), h, diags);
    const auto value = read_in_range(spec, v, child(path, k), diags);
    if (year && written.count(*year)) {
      // 2025 and 2025.0 are different YAML keys but the same year: which one was meant?
      diags.push_back({node.key_origins[i], child(path, k), "each year once",
                       "year " + std::to_string(*year) + " again (as '" + written[*year] + "')", ""});
      continue;
    }
    if (year) written[*year] = k;
    if (year && value) knots[*year] = *value;
  }
  if (diags.size() > before) return std::nullopt;
  const Calendar cal{h.run_start_year};
  Lever l;
  l.interpolation = interp;
  for (const auto& [y, v] : knots) {
    l.days.push_back(cal.year_start(y));
    l.values.push_back(v);
  }
  return l;
}

// A lever (number, year map, or {interpolation:, values:}) of `spec`.
std::optional<Lever> read_any_lever(const ParamSpec& spec, const Tree& node, const std::string& path,
                                    const ValueContext& h, std::vector<Diagnostic>& diags) {
  Interpolation interp = Interpolation::Step;
  const Tree* values = &node;
  if (node.is_map() && (node.find("interpolation") || node.find("values"))) {
    check_keys(node, path, {"interpolation", "values", "source"}, diags);
    const Tree* i = node.find("interpolation");
    if (i && (!i->is_scalar() || (i->scalar != "step" && i->scalar != "linear"))) {
      diags.push_back({i->origin, child(path, "interpolation"), "'step' or 'linear'", i->describe(),
                       i->is_scalar() ? did_you_mean(i->scalar, {"step", "linear"}) : ""});
    }
    if (i && i->scalar == "linear") interp = Interpolation::Linear;
    values = node.find("values");
    if (!values) {
      diags.push_back(
          {node.origin, child(path, "values"), "a year-value map such as {2025: 1, 2030: 2}", "nothing", ""});
      return std::nullopt;
    }
  }
  return read_lever(spec, *values, values == &node ? path : child(path, "values"), h, interp, diags);
}

// A map from names (settings, their classes, extra keys) to numbers or levers.
std::optional<ParamValue> read_map(const ParamSpec& spec, const Tree& node, const std::string& path,
                                   const ValueContext& h, std::vector<Diagnostic>& diags) {
  const std::vector<std::string> allowed =
      allowed_keys(spec, h.entities ? *h.entities : std::vector<Declaration>{});
  const std::string what = spec.map_levers ? "a number or a lever" : "a number";
  if (!node.is_map()) {
    diags.push_back(
        {node.origin, path, "a map from " + join_words(allowed) + " to " + what, node.describe(), ""});
    return std::nullopt;
  }
  ParamValue out;
  out.number = spec.default_number;
  const std::size_t before = diags.size();
  for (std::size_t i = 0; i < node.entries.size(); ++i) {
    const auto& [k, v] = node.entries[i];
    if (std::find(allowed.begin(), allowed.end(), k) == allowed.end()) {
      diags.push_back({node.key_origins[i], child(path, k), "a name here (" + join_words(allowed) + ")",
                       "unknown name '" + printable(k, 60) + "'", did_you_mean(k, allowed)});
      continue;
    }
    // An entry may carry its own source: {value: ..., source: "..."}.
    const Tree* entry = &v;
    std::string entry_path = child(path, k);
    if (v.is_map() && v.find("value")) {
      check_keys(v, entry_path, {"value", "source"}, diags);
      entry = v.find("value");
      entry_path = child(entry_path, "value");
    }
    if (entry->is_map() && !spec.map_levers) {
      diags.push_back(
          {entry->origin, entry_path,
           what + " in " + range_text(spec.min, spec.max) + " (this map does not change over time)",
           entry->describe(), ""});
      continue;
    }
    if (const auto l = read_any_lever(spec, *entry, entry_path, h, diags)) out.map[k] = *l;
  }
  if (diags.size() > before) return std::nullopt;
  return out;
}

std::optional<ParamValue> read_plain(const ParamSpec& spec, const Tree& node, const std::string& path,
                                     const ValueContext& h, std::vector<Diagnostic>& diags) {
  ParamValue out;
  switch (spec.type) {
    case ParamType::Map:
      return read_map(spec, node, path, h, diags);
    case ParamType::Entity: {
      const auto allowed = allowed_keys(spec, h.entities ? *h.entities : std::vector<Declaration>{});
      if (!node.is_scalar() || std::find(allowed.begin(), allowed.end(), node.scalar) == allowed.end()) {
        diags.push_back({node.origin, path, "one of " + join_words(allowed), node.describe(),
                         node.is_scalar() ? did_you_mean(node.scalar, allowed) : ""});
        return std::nullopt;
      }
      out.choice = node.scalar;
      return out;
    }
    case ParamType::Number:
    case ParamType::Integer: {
      if (node.is_map()) {
        diags.push_back({node.origin, path, what_number(spec),
                         is_value_map(node) ? "a year map (only levers change over time)" : "a map", ""});
        return std::nullopt;
      }
      const auto v = read_in_range(spec, node, path, diags);
      if (!v) return std::nullopt;
      out.number = *v;
      out.lever = Lever::constant(*v);
      return out;
    }
    case ParamType::Bool: {
      if (!node.is_scalar() || node.quoted || (node.scalar != "true" && node.scalar != "false")) {
        diags.push_back({node.origin, path, "true or false", node.describe(), ""});
        return std::nullopt;
      }
      out.number = node.scalar == "true" ? 1.0 : 0.0;
      out.lever = Lever::constant(out.number);
      return out;
    }
    case ParamType::Choice: {
      const auto& c = spec.choices;
      if (!node.is_scalar() || std::find(c.begin(), c.end(), node.scalar) == c.end()) {
        diags.push_back({node.origin, path, "one of " + join_words(c), node.describe(),
                         node.is_scalar() ? did_you_mean(node.scalar, c) : ""});
        return std::nullopt;
      }
      out.choice = node.scalar;
      return out;
    }
    case ParamType::List: {
      std::string expected = "a list of numbers in " + range_text(spec.min, spec.max);
      if (spec.list_size > 0)
        expected =
            "a list of " + std::to_string(spec.list_size) + " numbers in " + range_text(spec.min, spec.max);
      if (!node.is_list()) {
        diags.push_back({node.origin, path, expected, node.describe(), ""});
        return std::nullopt;
      }
      const std::size_t before = diags.size();
      if (spec.list_size > 0 && node.items.size() != spec.list_size) {
        diags.push_back({node.origin, path, expected, node.describe(), ""});
      }
      for (std::size_t i = 0; i < node.items.size(); ++i) {
        const auto v = read_in_range(spec, node.items[i], path + "[" + std::to_string(i) + "]", diags);
        if (v) out.list.push_back(*v);
      }
      if (diags.size() > before) return std::nullopt;
      if (spec.list_sums_to_one) {
        double sum = 0;
        for (double x : out.list) sum += x;
        if (std::abs(sum - 1.0) > 1e-6) {
          diags.push_back(
              {node.origin, path, "shares that sum to 1", fmt::format("a sum of {:.10g}", sum), ""});
          return std::nullopt;
        }
      }
      return out;
    }
    case ParamType::Lever: {
      const auto l = read_any_lever(spec, node, path, h, diags);
      if (!l) return std::nullopt;
      out.lever = *l;
      out.number = l->values.front();
      return out;
    }
  }
  return std::nullopt;
}

}  // namespace

std::vector<std::string> allowed_keys(const ParamSpec& spec, const std::vector<Declaration>& entities) {
  std::vector<std::string> out = spec.map_extra_keys;
  const auto add = [&](const std::string& k) {
    if (!k.empty() && std::find(out.begin(), out.end(), k) == out.end()) out.push_back(k);
  };
  const auto& f = spec.map_filter_values;
  for (const auto& e : entities) {
    if (e.domain != spec.map_domain) continue;
    if (!spec.map_filter_attribute.empty() &&
        std::find(f.begin(), f.end(), e.attribute(spec.map_filter_attribute)) == f.end()) {
      continue;
    }
    add(e.name);
    if (!spec.map_key_attribute.empty()) add(e.attribute(spec.map_key_attribute));
  }
  return out;
}

std::string number_text(double x) {
  return fmt::format("{}", x);
}

std::string range_text(double lo, double hi) {
  return fmt::format("[{}, {}]", lo, hi);
}

std::optional<double> read_number(const Tree& node, const std::string& path, const std::string& expected,
                                  std::vector<Diagnostic>& diags) {
  double v = 0;
  const Parsed p = node.is_scalar() && !node.quoted ? parse_double(node.scalar, v) : Parsed::NotNumber;
  if (p == Parsed::Ok) return v;
  diags.push_back({node.origin, path, p == Parsed::TooLarge ? expected + " (a finite number)" : expected,
                   p == Parsed::TooLarge ? node.describe() + " (too large to represent)" : node.describe(),
                   ""});
  return std::nullopt;
}

std::optional<double> read_whole(const Tree& node, const std::string& path, double lo, double hi,
                                 std::vector<Diagnostic>& diags) {
  const std::string expected = "a whole number in " + range_text(lo, hi);
  const auto v = read_number(node, path, expected, diags);
  if (!v) return std::nullopt;
  if (std::floor(*v) != *v || *v < lo || *v > hi) {
    diags.push_back({node.origin, path, expected, number_text(*v), ""});
    return std::nullopt;
  }
  return v;
}

void check_keys(const Tree& node, const std::string& path, const std::vector<std::string>& allowed,
                std::vector<Diagnostic>& diags) {
  for (std::size_t i = 0; i < node.entries.size(); ++i) {
    const std::string& k = node.entries[i].first;
    if (std::find(allowed.begin(), allowed.end(), k) != allowed.end()) continue;
    diags.push_back({node.key_origins[i], path.empty() ? k : child(path, k), "one of " + join_words(allowed),
                     "unknown key '" + k + "'", did_you_mean(k, allowed)});
  }
}

std::optional<ReadParam> read_param(const ParamSpec& spec, const Tree& node, const std::string& path,
                                    const ValueContext& horizon, std::vector<Diagnostic>& diags) {
  ReadParam out;
  const Tree* value = &node;
  const std::size_t before = diags.size();
  if (node.is_map() && node.find("dist")) {
    auto u = read_distribution(spec, node, path, diags);
    if (!u) return std::nullopt;
    out.source = u->source;
    out.value.number = distribution_centre(*u);
    out.value.lever = Lever::constant(out.value.number);
    out.uncertain = std::move(*u);
    return out;
  }
  if (node.is_map() && node.find("value")) {
    check_keys(node, path, {"value", "source"}, diags);
    value = node.find("value");
  }
  if (const Tree* src = node.is_map() ? node.find("source") : nullptr) {
    if (!src->is_scalar()) {
      diags.push_back({src->origin, child(path, "source"), "a text naming the source", src->describe(), ""});
    } else {
      out.source = src->scalar;
    }
  }
  auto v = read_plain(spec, *value, value == &node ? path : child(path, "value"), horizon, diags);
  if (!v || diags.size() > before) return std::nullopt;
  out.value = std::move(*v);
  return out;
}

}  // namespace pathways
