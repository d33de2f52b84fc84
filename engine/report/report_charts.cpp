// The report's charts: turning replicate tables into chart data, one function per chart.
#include "report/report_charts.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "report/ce_charts.hpp"
#include "report/svg_chart.hpp"
#include "report/text_format.hpp"

namespace pathways {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kDaysPerMonth = 365.25 / 12.0;

/// An anchor id from a heading, so that readers can link to one chart.
std::string slug(const std::string& heading) {
  std::string out = "chart-";
  for (char ch : heading) {
    const bool alnum = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
    if (ch >= 'A' && ch <= 'Z') {
      out += static_cast<char>(ch - 'A' + 'a');
    } else if (alnum) {
      out += ch;
    } else if (out.back() != '-') {
      out += '-';
    }
  }
  while (out.back() == '-') out.pop_back();
  return out;
}

/// Labels of the settings of the run whose class is one of `classes`, in catalogue order.
std::vector<std::string> labels_of_class(const std::vector<ScenarioResults>& results,
                                         const std::vector<std::string>& classes) {
  std::vector<std::string> out;
  if (results.empty()) return out;
  for (const auto& d : results.front().scenario.declarations) {
    if (d.domain == "setting" &&
        std::find(classes.begin(), classes.end(), d.attribute("class")) != classes.end()) {
      out.push_back(d.attribute("label"));
    }
  }
  return out;
}

/// "a, b and c" in lower case from the second word on, for a sentence.
std::string listed(std::vector<std::string> words) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += i + 1 == words.size() ? " and " : ", ";
    out += words[i];
  }
  return out;
}

/// Sum over `metrics` per replicate and year (absent metrics count as zero); empty if none is present.
std::vector<std::vector<double>> summed_yearly(const ScenarioResults& r,
                                               const std::vector<std::string>& metrics) {
  std::vector<std::vector<double>> total;
  for (const auto& m : metrics) {
    const auto v = yearly_values(r, m);
    if (v.empty()) continue;
    if (total.empty()) {
      total = v;
      continue;
    }
    for (std::size_t rep = 0; rep < total.size() && rep < v.size(); ++rep) {
      for (std::size_t y = 0; y < total[rep].size() && y < v[rep].size(); ++y) total[rep][y] += v[rep][y];
    }
  }
  return total;
}

/// Mean and 95% band of per-replicate rows at each column.
svg::Line band_line(const std::string& label, int style, const std::vector<double>& x,
                    const std::vector<std::vector<double>>& rows) {
  svg::Line l;
  l.label = label;
  l.style = style;
  l.x = x;
  for (std::size_t i = 0; i < x.size(); ++i) {
    std::vector<double> column;
    for (const auto& row : rows) column.push_back(i < row.size() ? row[i] : kNaN);
    const Interval iv = interval_of(column);
    l.y.push_back(iv.mean);
    l.lo.push_back(iv.lo95);
    l.hi.push_back(iv.hi95);
  }
  return l;
}

std::vector<double> year_axis(const ScenarioResults& r) {
  std::vector<double> x;
  if (r.replicates.empty()) return x;
  const SeriesTable& t = r.replicates.front();
  for (int y = 0; y < t.years; ++y) x.push_back(static_cast<double>(t.start_year + y));
  return x;
}

std::string names_of(const std::vector<std::string>& metrics) {
  std::string out;
  for (std::size_t i = 0; i < metrics.size(); ++i)
    out += (i ? ", " : "") + std::string("<code>") + metrics[i] + "</code>";
  return out;
}

/// One line per scenario of the summed metrics over time, with bands.
std::string occupancy_chart(const std::vector<ScenarioResults>& results, const std::string& heading,
                            const std::string& lead, const std::string& y_label, const std::string& total) {
  const std::vector<std::string> metrics = {total + ".occupancy"};
  svg::LineChart c;
  c.title = heading;
  c.x.label = "Year";
  c.x.integer_ticks = true;
  c.x.from_zero = false;
  c.y.label = y_label;
  for (std::size_t s = 0; s < results.size(); ++s) {
    const auto rows = summed_yearly(results[s], metrics);
    if (rows.empty()) continue;
    c.lines.push_back(band_line(results[s].scenario.name, static_cast<int>(s), year_axis(results[s]), rows));
  }
  if (c.lines.empty()) return chart_skipped(heading, "the run has none of " + names_of(metrics) + ".");
  c.summary = lead;
  return chart_figure(heading, lead, svg::line_chart(c));
}

bool is_service_account(const std::string& name) {
  if (name.rfind("cost.", 0) != 0 || name.size() < 9 || name.compare(name.size() - 4, 4, "_usd") != 0)
    return false;
  return name != "cost.total_usd" && name.rfind("cost.payer_", 0) != 0;
}

std::string costs_chart(const std::vector<ScenarioResults>& results) {
  const std::string heading = "Costs by service over the whole horizon";
  // Accounts in order of first appearance, then by size: the biggest at the bottom of each bar.
  std::vector<std::string> accounts;
  for (const auto& r : results) {
    if (r.replicates.empty()) continue;
    for (const auto& m : r.replicates.front().metrics) {
      if (is_service_account(m.name) &&
          std::find(accounts.begin(), accounts.end(), m.name) == accounts.end()) {
        accounts.push_back(m.name);
      }
    }
  }
  if (accounts.empty())
    return chart_skipped(heading, "the run has no cost accounts (<code>cost.*_usd</code>).");
  std::vector<std::pair<double, svg::Segment>> ranked;
  for (const auto& a : accounts) {
    svg::Segment seg;
    seg.label = plain_setting_name(results, a.substr(5, a.size() - 9));
    double total = 0.0;
    for (const auto& r : results) {
      const double v = interval_of(replicate_values(r, a)).mean;
      seg.values.push_back(std::isfinite(v) ? v : 0.0);
      total += seg.values.back();
    }
    if (total > 0.0) ranked.emplace_back(total, seg);
  }
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  svg::StackedBars c;
  c.title = heading;
  c.y.label = "Spending (US$, undiscounted)";
  c.y.usd = true;
  for (const auto& r : results) c.bars.push_back(r.scenario.name);
  // Beyond eight colours segments stop being distinguishable: the smallest are pooled as "Other".
  constexpr std::size_t kMaxSegments = 8;
  for (std::size_t i = 0; i < ranked.size(); ++i) {
    if (ranked.size() <= kMaxSegments || i + 1 < kMaxSegments) {
      c.segments.push_back(ranked[i].second);
    } else {
      if (c.segments.back().label != "Other")
        c.segments.push_back(svg::Segment{"Other", std::vector<double>(results.size(), 0.0)});
      for (std::size_t b = 0; b < results.size(); ++b)
        c.segments.back().values[b] += ranked[i].second.values[b];
    }
  }
  if (c.segments.empty()) return chart_skipped(heading, "every cost account is zero in this run.");
  const std::string lead =
      "Mean total spending over the horizon, by the service or event that caused it, in US dollars without "
      "discounting. Hover over a segment to see its amount.";
  c.summary = lead;
  return chart_figure(heading, lead, svg::stacked_bars(c));
}

std::string hiv_chart(const std::vector<ScenarioResults>& results) {
  const std::string heading = "New HIV infections among people who inject drugs";
  const std::string metric = "hiv.incidence_per_100py_pwid";
  svg::LineChart c;
  c.title = heading;
  c.x.label = "Year";
  c.x.integer_ticks = true;
  c.x.from_zero = false;
  c.y.label = "Infections per 100 person-years";
  for (std::size_t s = 0; s < results.size(); ++s) {
    const auto rows = yearly_values(results[s], metric);
    if (rows.empty()) continue;
    c.lines.push_back(band_line(results[s].scenario.name, static_cast<int>(s), year_axis(results[s]), rows));
  }
  if (c.lines.empty())
    return chart_skipped(heading, "the run has no HIV model output (<code>" + metric + "</code>).");
  const std::string lead =
      "HIV incidence: new infections each year per 100 person-years among people who inject drugs. "
      "Lines are means over replicates; shaded bands hold the central 95% of replicates.";
  c.summary = lead;
  return chart_figure(heading, lead, svg::line_chart(c));
}

/// Retention curve names in the order: MMT first, then the other treatment settings, then others.
std::vector<std::string> curve_names(const std::vector<ScenarioResults>& results) {
  std::vector<std::string> found;
  for (const auto& r : results) {
    for (const auto& t : r.replicates) {
      for (const auto& c : t.curves) {
        if (c.name.rfind("retention.", 0) == 0 &&
            std::find(found.begin(), found.end(), c.name) == found.end()) {
          found.push_back(c.name);
        }
      }
    }
  }
  // In the order of the run's settings, then any others.
  std::vector<std::string> ordered;
  if (results.empty()) return ordered;
  for (const auto& d : results.front().scenario.declarations) {
    if (std::find(found.begin(), found.end(), "retention." + d.name) != found.end()) {
      ordered.push_back("retention." + d.name);
    }
  }
  for (const auto& n : found) {
    if (std::find(ordered.begin(), ordered.end(), n) == ordered.end()) ordered.push_back(n);
  }
  return ordered;
}

std::string retention_chart(const std::vector<ScenarioResults>& results, const std::string& name) {
  const std::string setting = plain_setting_name(results, name.substr(10));
  const std::string heading = "Staying in treatment: " + setting;
  svg::LineChart c;
  c.title = heading;
  c.x.label = "Months since starting treatment";
  c.x.tick_step = 6.0;
  c.plot_height = 200.0;  // one chart per setting: kept short so that they read as a set
  c.y.label = "Still in treatment";
  c.y.percent = true;
  c.y.has_range = true;
  c.y.min = 0.0;
  c.y.max = 1.0;
  for (std::size_t s = 0; s < results.size(); ++s) {
    std::vector<std::vector<double>> rows;
    std::vector<double> grid;
    for (const auto& t : results[s].replicates) {
      for (const auto& curve : t.curves) {
        if (curve.name != name) continue;
        if (grid.empty() || curve.x.size() < grid.size()) grid = curve.x;
        rows.push_back(curve.y);
      }
    }
    if (rows.empty() || grid.empty()) continue;
    std::vector<double> months;
    for (double d : grid) months.push_back(d / kDaysPerMonth);
    c.lines.push_back(band_line(results[s].scenario.name, static_cast<int>(s), months, rows));
  }
  // Mid-sentence the name starts in lower case ("started methadone (MMT)").
  std::string in_sentence = setting;
  if (!in_sentence.empty() && in_sentence[0] >= 'A' && in_sentence[0] <= 'Z') in_sentence[0] += 'a' - 'A';
  const std::string lead = fmt::format(
      "Share of people who started {} and are still in it, by months since they started (Kaplan\u2013Meier "
      "estimate). Lines are means over replicates; shaded bands hold the central 95% of replicates.",
      html_escape(in_sentence));
  c.summary = lead;
  return chart_figure(heading, lead, svg::line_chart(c));
}

}  // namespace

std::string chart_figure(const std::string& heading, const std::string& lead, const std::string& svg_text) {
  return fmt::format(
      "<figure class=\"chart\" id=\"{}\">\n<h3>{}</h3>\n<p class=\"lead\">{}</p>\n{}</figure>\n",
      slug(heading), html_escape(heading), lead, svg_text);
}

std::string chart_skipped(const std::string& heading, const std::string& why) {
  return fmt::format(
      "<figure class=\"skipped\" id=\"{}\">\n<h3>{}</h3>\n<p class=\"note\">Chart not shown: "
      "{}</p>\n</figure>\n",
      slug(heading), html_escape(heading), why);
}

std::string plain_setting_name(const std::vector<ScenarioResults>& results, const std::string& key) {
  // A setting has the label it was declared with.
  if (!results.empty()) {
    for (const auto& d : results.front().scenario.declarations) {
      if (d.domain == "setting" && d.name == key && !d.attribute("label").empty())
        return d.attribute("label");
    }
  }
  // Others ("harm_reduction.nsp"): words with a colon between parts, acronyms in capitals.
  static const std::vector<std::string> acronyms = {"mmt", "nsp", "hiv", "art", "prep", "ost", "oat", "hcv"};
  std::string out, word;
  auto flush = [&] {
    if (std::find(acronyms.begin(), acronyms.end(), word) != acronyms.end()) {
      for (char& ch : word) ch = static_cast<char>(ch - 'a' + 'A');
    }
    out += word;
    word.clear();
  };
  for (char ch : key) {
    if (ch == '_' || ch == '.') {
      flush();
      out += ch == '.' ? ": " : " ";
    } else {
      word += ch;
    }
  }
  flush();
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out;
}

std::vector<std::vector<double>> yearly_values(const ScenarioResults& r, const std::string& metric) {
  std::vector<std::vector<double>> rows;
  bool any = false;
  for (const auto& t : r.replicates) {
    const long i = t.find(metric);
    if (i < 0) {
      rows.emplace_back(static_cast<std::size_t>(std::max(0, t.years)), kNaN);
      continue;
    }
    any = true;
    rows.push_back(t.values[static_cast<std::size_t>(i)]);
  }
  return any ? rows : std::vector<std::vector<double>>{};
}

std::string report_charts(const std::vector<ScenarioResults>& results, const RunInfo& info) {
  std::string out = "<section id=\"charts\">\n<h2>Charts</h2>\n";
  const std::string bands =
      " Lines are means over replicates; shaded bands hold the central 95% of replicates.";
  out += occupancy_chart(results, "People detained",
                         "Number of people detained (" +
                             html_escape(listed(labels_of_class(results, {"detention"}))) +
                             " together) at the end of each year." + bands,
                         "People detained (end of year)", "detention");
  out += occupancy_chart(results, "People in treatment and diversion programmes",
                         "Number of people in " +
                             html_escape(listed(labels_of_class(results, {"treatment", "diversion"}))) +
                             " together at the end of each year." + bands,
                         "People in treatment (end of year)", "treatment");
  out += costs_chart(results);
  out += hiv_chart(results);
  const auto curves = curve_names(results);
  if (curves.empty()) {
    out +=
        chart_skipped("Staying in treatment", "the run has no retention curves (<code>retention.*</code>).");
  }
  for (const auto& name : curves) out += retention_chart(results, name);
  out += cost_effectiveness_charts(results, info);
  return out + "</section>\n";
}

}  // namespace pathways
