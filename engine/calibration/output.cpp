// Writing and reading calibration files; the self-contained HTML report with inline SVG histograms.
#include "calibration/output.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>

#include "cluster/cluster.hpp"
#include "pathways/version.hpp"
#include "report/text_format.hpp"
#include "report/writers.hpp"

namespace pathways::calibration {

namespace {

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  for (char ch : line) {
    if (ch == ',') {
      out.push_back(cur);
      cur.clear();
    } else if (ch != '\r') {
      cur += ch;
    }
  }
  out.push_back(cur);
  return out;
}

double number(const std::string& s, const std::string& where) {
  if (s == "NA") return std::numeric_limits<double>::infinity();
  double v = 0;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (r.ec != std::errc{} || r.ptr != s.data() + s.size())
    throw std::runtime_error(where + ": not a number: '" + s + "'");
  return v;
}

std::vector<std::vector<std::string>> read_rows(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot read");
  std::vector<std::vector<std::string>> rows;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    if (!line.empty()) rows.push_back(split(line));
  }
  return rows;
}

std::string json_text(const std::string& s) {
  std::string o = "\"";
  for (char ch : s) {
    if (ch == '"' || ch == '\\') o += '\\';
    if (ch == '\n') {
      o += "\\n";
      continue;
    }
    o += ch;
  }
  return o + "\"";
}

// A weighted histogram of one parameter with the prior bounds as its x range.
std::string histogram_svg(const AbcGeneration& g, std::size_t k, const Prior& prior) {
  constexpr int kBins = 24, kW = 320, kH = 140, kPad = 24;
  std::vector<double> bins(kBins, 0.0);
  for (std::size_t i = 0; i < g.theta.size(); ++i) {
    const double u = (g.theta[i][k] - prior.lo) / (prior.hi - prior.lo);
    bins[static_cast<std::size_t>(std::clamp(static_cast<int>(u * kBins), 0, kBins - 1))] += g.weight[i];
  }
  const double top = std::max(1e-12, *std::max_element(bins.begin(), bins.end()));
  std::string s = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" role=\"img\">", kW, kH + kPad);
  const double bw = static_cast<double>(kW) / kBins;
  for (int b = 0; b < kBins; ++b) {
    const double h = bins[static_cast<std::size_t>(b)] / top * kH;
    s += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"#3b6ea5\"/>",
                     b * bw, kH - h, bw - 1, h);
  }
  s += fmt::format("<line x1=\"0\" y1=\"{0}\" x2=\"{1}\" y2=\"{0}\" stroke=\"#333\"/>", kH, kW);
  s += fmt::format("<text x=\"0\" y=\"{}\" font-size=\"11\">{}</text>", kH + 16, format_number(prior.lo));
  s += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"end\">{}</text>", kW, kH + 16,
                   format_number(prior.hi));
  return s + "</svg>";
}

std::string short_number(double v) {
  return std::isfinite(v) ? fmt::format("{:.4g}", v) : "n/a";
}

}  // namespace

std::string posterior_csv(const std::vector<std::string>& keys, const AbcGeneration& g) {
  std::string s;
  for (const auto& k : keys) s += csv_field(k) + ",";
  s += "weight,distance\n";
  for (std::size_t i = 0; i < g.theta.size(); ++i) {
    for (double v : g.theta[i]) s += format_number(v) + ",";
    s += format_number(g.weight[i]) + "," + format_number(g.distance[i]) + "\n";
  }
  return s;
}

std::string generations_csv(const std::vector<AbcGeneration>& history) {
  std::string s = "generation,tolerance,acceptance,ess,simulations\n";
  for (const auto& g : history) {
    s += fmt::format("{},{},{},{},{}\n", g.index, format_number(g.tolerance), format_number(g.acceptance),
                     format_number(g.ess), g.simulations);
  }
  return s;
}

std::string fit_csv(const std::vector<FitRow>& fit) {
  std::string s =
      "target,metric,years,observed,observed_lo95,observed_hi95,likelihood,weight,predicted_mean,"
      "predicted_lo95,predicted_hi95,observed_within_predicted_95,source\n";
  for (const auto& r : fit) {
    const Target& t = *r.target;
    std::string years;
    for (int y : t.years) {
      if (!years.empty()) years += ' ';
      years += std::to_string(y);
    }
    s += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{}\n", csv_field(t.name), csv_field(t.metric),
                     years, format_number(t.value), format_number(t.lo), format_number(t.hi), t.likelihood,
                     format_number(t.weight), format_number(r.mean), format_number(r.lo95),
                     format_number(r.hi95), r.within ? "yes" : "no", csv_field(t.source));
  }
  return s;
}

std::string calibration_report_html(const CalibrationConfig& c, const CalibrationOutcome& r) {
  std::string h =
      "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Calibration: " +
      html_escape(c.name) +
      "</title><style>body{font-family:sans-serif;max-width:60em;margin:2em auto;color:#222}"
      "table{border-collapse:collapse}td,th{border-bottom:1px solid #ccc;padding:.3em .6em;text-align:right}"
      "td:first-child,th:first-child{text-align:left}.no{color:#a33}figure{display:inline-block;margin:1em}"
      "</style></head><body>";
  h += "<h1>Calibration: " + html_escape(c.name) + "</h1>";
  h += fmt::format("<p>Method {}; {} particles; {} generations; {} simulations. Stopped: {}.</p>",
                   html_escape(c.method.name), r.posterior.theta.size(), r.history.size(), r.simulations,
                   html_escape(r.stop_reason));
  h += "<h2>Fit to the targets</h2><p>Observed value and its 95% interval against the posterior predictive "
       "mean and "
       "95% interval (fresh simulations at the posterior "
       "particles).</p><table><tr><th>Target</th><th>Metric</th>"
       "<th>Years</th><th>Observed</th><th>Observed 95%</th><th>Predicted</th><th>Predicted "
       "95%</th><th>Within</th></tr>";
  for (const auto& f : r.fit) {
    const Target& t = *f.target;
    std::string years;
    for (int y : t.years) {
      if (!years.empty()) years += ", ";
      years += std::to_string(y);
    }
    h += fmt::format(
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{} to {}</td><td>{}</td><td>{} to {}</td>"
        "<td class=\"{}\">{}</td></tr>",
        html_escape(t.name), html_escape(t.metric), years, short_number(t.value), short_number(t.lo),
        short_number(t.hi), short_number(f.mean), short_number(f.lo95), short_number(f.hi95),
        f.within ? "yes" : "no", f.within ? "yes" : "no");
  }
  h += "</table><h2>Marginal posteriors</h2><p>Weighted histograms over the prior bounds.</p>";
  for (std::size_t k = 0; k < r.keys.size(); ++k) {
    const auto [m, sd] = weighted_mean_sd(r.posterior, k);
    h += "<figure>" + histogram_svg(r.posterior, k, c.free[k].prior) + "<figcaption>" +
         html_escape(r.keys[k]) +
         fmt::format(": mean {}, sd {}, 95% credible interval {} to {}", short_number(m), short_number(sd),
                     short_number(weighted_quantile(r.posterior, k, 0.025)),
                     short_number(weighted_quantile(r.posterior, k, 0.975))) +
         "</figcaption></figure>";
  }
  h += "<h2>Generations</h2><table><tr><th>Generation</th><th>Tolerance</th><th>Acceptance</th><th>ESS</th>"
       "<th>Simulations</th></tr>";
  for (const auto& g : r.history) {
    h += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", g.index,
                     short_number(g.tolerance), short_number(g.acceptance), short_number(g.ess),
                     g.simulations);
  }
  return h + "</table></body></html>\n";
}

std::string calibration_manifest_json(const CalibrationConfig& c, const CalibrationOutcome& r, int threads,
                                      double wall_seconds) {
  std::string s = "{\n";
  s += "  \"command\": \"calibrate\",\n  \"pathways_version\": " + json_text(kVersion) +
       ",\n  \"git_commit\": " + json_text(kGitCommit) + ",\n";
  s += "  \"config\": " + json_text(c.path) + ",\n  \"base_scenario\": " + json_text(c.base.path) + ",\n";
  s += "  \"method\": " + json_text(c.method.name) + ",\n";
  s += fmt::format(
      "  \"seed\": {},\n  \"particles\": {},\n  \"generations\": {},\n  \"quantile\": {},\n"
      "  \"min_acceptance\": {},\n  \"replicates_per_particle\": {},\n  \"threads\": {},\n  \"ranks\": {},\n"
      "  \"simulations\": {},\n  \"wall_seconds\": {:.3f},\n",
      r.settings.seed, r.settings.particles, r.history.size(), format_number(r.settings.quantile),
      format_number(r.settings.min_acceptance), c.replicates_per_particle, threads, cluster::ranks(),
      r.simulations, wall_seconds);
  s += fmt::format("  \"run\": {{\"start_year\": {}, \"years\": {}, \"scale\": {}}},\n",
                   c.base.run.start_year, c.base.run.years, format_number(c.base.run.scale));
  s += "  \"stop_reason\": " + json_text(r.stop_reason) + ",\n  \"free\": [";
  for (std::size_t k = 0; k < r.keys.size(); ++k) {
    if (k) s += ", ";
    s += json_text(r.keys[k]);
  }
  s += "],\n  \"targets\": [";
  for (std::size_t t = 0; t < c.targets.size(); ++t) {
    if (t) s += ", ";
    s += json_text(c.targets[t].name);
  }
  s += "],\n  \"resolved_base\": " + json_text(c.base.resolved_yaml) + "\n}\n";
  return s;
}

AbcGeneration read_particles_csv(const std::string& path, std::size_t dim) {
  AbcGeneration g;
  int line = 1;
  for (const auto& row : read_rows(path)) {
    ++line;
    const std::string where = path + ":" + std::to_string(line);
    if (row.size() != dim + 2)
      throw std::runtime_error(where + ": expected " + std::to_string(dim + 2) + " columns");
    std::vector<double> theta;
    for (std::size_t k = 0; k < dim; ++k) theta.push_back(number(row[k], where));
    g.theta.push_back(std::move(theta));
    g.weight.push_back(number(row[dim], where));
    g.distance.push_back(number(row[dim + 1], where));
  }
  return g;
}

std::vector<AbcGeneration> read_generations_csv(const std::string& path) {
  std::vector<AbcGeneration> out;
  int line = 1;
  for (const auto& row : read_rows(path)) {
    ++line;
    const std::string where = path + ":" + std::to_string(line);
    if (row.size() != 5) throw std::runtime_error(where + ": expected 5 columns");
    AbcGeneration g;
    g.index = static_cast<int>(number(row[0], where));
    g.tolerance = number(row[1], where);
    g.acceptance = number(row[2], where);
    g.ess = number(row[3], where);
    g.simulations = static_cast<std::uint64_t>(number(row[4], where));
    out.push_back(std::move(g));
  }
  return out;
}

}  // namespace pathways::calibration
