// Reading posterior.csv and applying its rows to parameter values.
#include "scenario/posterior.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>

#include "core/rng.hpp"
#include "io/files.hpp"

namespace pathways {

namespace {

// Splits "key[3]" into ("key", 3); index -1 without brackets, -2 if malformed.
std::pair<std::string, long> split_index(const std::string& key) {
  const auto open = key.find('[');
  if (open == std::string::npos) return {key, -1};
  if (key.back() != ']' || open + 2 > key.size() - 1) return {key, -2};
  const std::string digits = key.substr(open + 1, key.size() - open - 2);
  long i = 0;
  const auto r = std::from_chars(digits.data(), digits.data() + digits.size(), i);
  if (r.ec != std::errc{} || r.ptr != digits.data() + digits.size() || i < 0) return {key, -2};
  return {key.substr(0, open), i};
}

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        cur += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cur += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.push_back(cur);
      cur.clear();
    } else if (c != '\r') {
      cur += c;
    }
  }
  out.push_back(cur);
  return out;
}

bool parse_double(const std::string& s, double& v) {
  const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  return r.ec == std::errc{} && r.ptr == s.data() + s.size() && std::isfinite(v);
}

std::string range(double lo, double hi) {
  std::ostringstream o;
  o << "[" << lo << ", " << hi << "]";
  return o.str();
}

}  // namespace

const ParamSpec* scalar_spec(const std::vector<ParamSpec>& specs, const std::string& key, std::string& why) {
  const auto [base, index] = split_index(key);
  if (index == -2) {
    why = "a parameter key, or key[i] for element i of a list";
    return nullptr;
  }
  for (const auto& p : specs) {
    if (p.key != base) continue;
    if (index >= 0) {
      if (p.type != ParamType::List) {
        why = "an index only on a list parameter ('" + base + "' is a " + param_type_name(p.type) + ")";
        return nullptr;
      }
      const std::size_t size = p.list_size ? p.list_size : p.default_list.size();
      if (static_cast<std::size_t>(index) >= size || p.list_sums_to_one) {
        why = p.list_sums_to_one
                  ? "a list whose entries are free (the shares of '" + base + "' must sum to 1)"
                  : "an index below " + std::to_string(size) + " for '" + base + "'";
        return nullptr;
      }
      return &p;
    }
    if (p.type == ParamType::List) {
      why = "one element of the list '" + base + "', written " + base + "[i]";
      return nullptr;
    }
    if ((p.type != ParamType::Number && p.type != ParamType::Lever) || !p.share_group.empty()) {
      why = "a number or lever parameter outside share groups ('" + base + "' is a " +
            param_type_name(p.type) +
            (p.share_group.empty() ? "" : " of share group '" + p.share_group + "'") + ")";
      return nullptr;
    }
    return &p;
  }
  why = "a parameter declared by the scenario's modules";
  return nullptr;
}

void set_scalar(ParamValues& values, const std::string& key, double v) {
  const auto [base, index] = split_index(key);
  if (index >= 0) {
    std::vector<double> list = values.list(base);
    list.at(static_cast<std::size_t>(index)) = v;
    values.set_list(base, std::move(list));
  } else {
    values.set_number(base, v);
  }
}

PosteriorTable read_posterior_csv(const std::string& path, const std::vector<ParamSpec>& specs,
                                  const Origin& cited_at, std::vector<Diagnostic>& diags) {
  PosteriorTable t;
  t.path = path;
  ReadFailure failure;
  const auto text = read_regular_file(path, failure);
  if (!text) {
    diags.push_back({cited_at, "parameters_from", "a readable posterior CSV file", failure.found, ""});
    return t;
  }
  if (const std::size_t bad = invalid_utf8_at(*text); bad != std::string::npos) {
    const long line = 1 + std::count(text->begin(), text->begin() + static_cast<std::ptrdiff_t>(bad), '\n');
    diags.push_back({Origin{path, static_cast<int>(line), 0}, "", "a posterior CSV file (UTF-8 text)",
                     "binary data or invalid UTF-8", ""});
    return t;
  }
  std::istringstream in(*text);
  const std::size_t before = diags.size();
  std::string line;
  if (!std::getline(in, line)) {
    diags.push_back({Origin{path, 1, 1}, "", "a header line (parameter keys, weight)", "an empty file", ""});
    return t;
  }
  const auto header = split_csv_line(line);
  long weight_col = -1;
  std::vector<const ParamSpec*> col_specs;
  for (std::size_t c = 0; c < header.size(); ++c) {
    const std::string& h = header[c];
    if (h == "weight") {
      weight_col = static_cast<long>(c);
      break;  // columns after the weight (distance, ...) are informative only
    }
    std::string key = h.rfind("parameters.", 0) == 0 ? h.substr(11) : h;
    std::string why;
    const ParamSpec* p = scalar_spec(specs, key, why);
    if (!p)
      diags.push_back({Origin{path, 1, 0}, printable(key, 80), why, "column '" + printable(h, 80) + "'", ""});
    if (std::find(t.keys.begin(), t.keys.end(), key) != t.keys.end()) {
      diags.push_back({Origin{path, 1, 0}, printable(key, 80), "each parameter in one column",
                       "a second column for it", ""});
    }
    t.keys.push_back(key);
    col_specs.push_back(p);
  }
  if (weight_col < 0)
    diags.push_back({Origin{path, 1, 0}, "", "a 'weight' column after the parameter columns", "none", ""});
  if (diags.size() > before) return t;
  const auto ncols = static_cast<std::size_t>(weight_col) + 1;
  int lineno = 1;
  while (std::getline(in, line)) {
    ++lineno;
    if (line.empty() || line == "\r") continue;
    const auto cells = split_csv_line(line);
    if (cells.size() < ncols) {
      diags.push_back({Origin{path, lineno, 0}, "", std::to_string(ncols) + " values (parameters and weight)",
                       std::to_string(cells.size()), ""});
      continue;
    }
    std::vector<double> row;
    for (std::size_t c = 0; c < ncols; ++c) {
      double v = 0;
      const std::string& name = c < t.keys.size() ? t.keys[c] : "weight";
      if (!parse_double(cells[c], v)) {
        diags.push_back(
            {Origin{path, lineno, 0}, name, "a finite number", "'" + printable(cells[c], 40) + "'", ""});
      } else if (c < t.keys.size() && (v < col_specs[c]->min || v > col_specs[c]->max)) {
        diags.push_back({Origin{path, lineno, 0}, name,
                         "a value in " + range(col_specs[c]->min, col_specs[c]->max), cells[c], ""});
      } else if (c == t.keys.size() && v < 0) {
        diags.push_back({Origin{path, lineno, 0}, name, "a weight >= 0", cells[c], ""});
      }
      row.push_back(v);
    }
    t.weights.push_back(row.back());
    row.pop_back();
    t.rows.push_back(std::move(row));
  }
  double total = 0;
  for (double w : t.weights) total += w;
  if (diags.size() == before && !(total > 0)) {
    diags.push_back({Origin{path, lineno, 0}, "weight", "at least one row with a positive weight",
                     t.rows.empty() ? "no rows" : "weights summing to 0", ""});
  } else if (diags.size() == before && !std::isfinite(total)) {
    diags.push_back({Origin{path, lineno, 0}, "weight", "weights with a finite sum (they are normalised)",
                     "weights summing to infinity", ""});
  }
  return t;
}

std::size_t pick_posterior_row(const PosteriorTable& t, std::uint64_t seed, std::uint64_t replicate) {
  Draws d(seed, replicate, kGlobalAgent - 2, stream_hash("posterior.row"), 0);
  return d.categorical(t.weights.data(), t.weights.size());
}

void apply_posterior_row(const PosteriorTable& t, std::size_t row, ParamValues& values) {
  for (std::size_t k = 0; k < t.keys.size(); ++k) set_scalar(values, t.keys[k], t.rows[row][k]);
}

std::vector<CalibrationFitRow> read_calibration_fit_csv(const std::string& path, const Origin& cited_at,
                                                        std::vector<Diagnostic>& diags) {
  std::vector<CalibrationFitRow> out;
  ReadFailure failure;
  const auto text = read_regular_file(path, failure);
  if (!text) {
    diags.push_back({cited_at, "calibration_fit", "a readable fit CSV file (fit.csv of pathways calibrate)",
                     failure.found, ""});
    return out;
  }
  if (const std::size_t bad = invalid_utf8_at(*text); bad != std::string::npos) {
    const long line = 1 + std::count(text->begin(), text->begin() + static_cast<std::ptrdiff_t>(bad), '\n');
    diags.push_back({Origin{path, static_cast<int>(line), 0}, "", "a fit CSV file (UTF-8 text)",
                     "binary data or invalid UTF-8", ""});
    return out;
  }
  std::istringstream in(*text);
  std::string line;
  std::getline(in, line);
  const auto header = split_csv_line(line);
  const std::vector<std::string> wanted = {"target",
                                           "metric",
                                           "observed",
                                           "predicted_mean",
                                           "predicted_lo95",
                                           "predicted_hi95",
                                           "observed_within_predicted_95"};
  std::vector<std::size_t> col;
  for (const auto& w : wanted) {
    const auto it = std::find(header.begin(), header.end(), w);
    if (it == header.end()) {
      diags.push_back(
          {Origin{path, 1, 0}, w, "a column named '" + w + "' (fit.csv of pathways calibrate)", "none", ""});
      return out;
    }
    col.push_back(static_cast<std::size_t>(it - header.begin()));
  }
  const std::size_t need = *std::max_element(col.begin(), col.end()) + 1;
  int lineno = 1;
  while (std::getline(in, line)) {
    ++lineno;
    if (line.empty() || line == "\r") continue;
    const auto cells = split_csv_line(line);
    if (cells.size() < need) {
      diags.push_back(
          {Origin{path, lineno, 0}, "", std::to_string(need) + " values", std::to_string(cells.size()), ""});
      continue;
    }
    CalibrationFitRow r{printable(cells[col[0]], 120), printable(cells[col[1]], 120)};
    double* numbers[] = {&r.observed, &r.predicted_mean, &r.predicted_lo95, &r.predicted_hi95};
    for (std::size_t k = 0; k < 4; ++k) {
      if (!parse_double(cells[col[2 + k]], *numbers[k])) {
        diags.push_back({Origin{path, lineno, 0}, wanted[2 + k], "a finite number",
                         "'" + printable(cells[col[2 + k]], 40) + "'", ""});
      }
    }
    const std::string& within = cells[col[6]];
    if (within != "yes" && within != "no") {
      diags.push_back(
          {Origin{path, lineno, 0}, wanted[6], "yes or no", "'" + printable(within, 40) + "'", ""});
    }
    r.within = within == "yes";
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace pathways
