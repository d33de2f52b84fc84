// Small inline-SVG charts for the HTML report: lines with shaded bands, stacked bars and scatter plots.
#include "report/svg_chart.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "report/svg_frame.hpp"
#include "report/text_format.hpp"

namespace pathways::svg {

using namespace detail;

namespace {

/// Runs of consecutive points where every given series is finite.
std::vector<std::pair<std::size_t, std::size_t>> finite_runs(const Line& l, bool band) {
  std::vector<std::pair<std::size_t, std::size_t>> runs;
  std::size_t start = 0;
  bool in_run = false;
  const std::size_t n = std::min(l.x.size(), l.y.size());
  for (std::size_t i = 0; i <= n; ++i) {
    bool ok = i < n && std::isfinite(l.x[i]) && std::isfinite(l.y[i]);
    if (ok && band)
      ok = i < l.lo.size() && i < l.hi.size() && std::isfinite(l.lo[i]) && std::isfinite(l.hi[i]);
    if (ok && !in_run) {
      start = i;
      in_run = true;
    } else if (!ok && in_run) {
      runs.emplace_back(start, i);
      in_run = false;
    }
  }
  return runs;
}
}  // namespace

const std::vector<std::string>& palette() {
  // Yellow is left out of lines: it is unreadable on white.
  static const std::vector<std::string> colours = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                                   "#E69F00", "#56B4E9", "#000000"};
  return colours;
}

std::vector<double> nice_ticks(double lo, double hi, int target) {
  std::vector<double> ticks;
  if (!std::isfinite(lo) || !std::isfinite(hi) || hi <= lo || target < 1) return ticks;
  const double rough = (hi - lo) / target;
  const double magnitude = std::pow(10.0, std::floor(std::log10(rough)));
  double step = magnitude;
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    step = m * magnitude;
    if (step >= rough) break;
  }
  const double first = std::floor(lo / step + 1e-9), last = std::ceil(hi / step - 1e-9);
  for (double k = first; k <= last + 0.5; k += 1.0) {
    const double t = k * step;
    ticks.push_back(std::fabs(t) < step * 1e-9 ? 0.0 : t);
  }
  return ticks;
}

std::string line_chart(const LineChart& c) {
  std::vector<LegendItem> items;
  std::vector<double> xs, ys;
  for (const auto& l : c.lines) {
    items.push_back({l.label, colour_of(l.style), dash_of(l.style)});
    xs.insert(xs.end(), l.x.begin(), l.x.end());
    ys.insert(ys.end(), l.y.begin(), l.y.end());
    ys.insert(ys.end(), l.lo.begin(), l.lo.end());
    ys.insert(ys.end(), l.hi.begin(), l.hi.end());
  }
  xs.insert(xs.end(), c.x_markers.begin(), c.x_markers.end());
  auto [legend_svg, legend_height] = legend(items, 8.0);
  Frame f;
  f.top = 8.0 + legend_height + 10.0;
  f.height = c.plot_height;
  f.xs = make_scale(c.x, xs, false);
  f.ys = make_scale(c.y, ys, true);
  const double height = f.bottom() + kBottom;
  std::string out = open_svg(height, c.title, c.summary) + legend_svg + axes(f);
  double label_end = -1.0, label_y = f.top - 3.0;
  for (std::size_t i = 0; i < c.x_markers.size(); ++i) {
    const double mx = f.px(c.x_markers[i]);
    out += fmt::format(
        "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#777777\" stroke-dasharray=\"2 3\"/>\n",
        num(mx), num(f.top), num(mx), num(f.bottom()));
    if (i < c.x_marker_labels.size()) {
      // Labels of close markers go one line lower instead of overprinting each other.
      label_y = mx + 4.0 < label_end ? label_y + 13.0 : f.top - 3.0;
      out += fmt::format("<text x=\"{}\" y=\"{}\" fill=\"#555555\" font-size=\"11\">{}</text>\n",
                         num(mx + 4.0), num(label_y), html_escape(c.x_marker_labels[i]));
      label_end = mx + 10.0 + 7.2 * static_cast<double>(c.x_marker_labels[i].size());
    }
  }
  // Bands first, so that every line is drawn over every band.
  for (const auto& l : c.lines) {
    if (l.lo.empty() || l.hi.empty()) continue;
    for (auto [a, b] : finite_runs(l, true)) {
      std::string d;
      for (std::size_t i = a; i < b; ++i)
        d += fmt::format("{}{} {} ", i == a ? "M" : "L", num(f.px(l.x[i])), num(f.py(l.hi[i])));
      for (std::size_t i = b; i-- > a;) d += fmt::format("L{} {} ", num(f.px(l.x[i])), num(f.py(l.lo[i])));
      out +=
          fmt::format("<path class=\"band\" d=\"{}Z\" fill=\"{}\" fill-opacity=\"0.18\" stroke=\"none\"/>\n",
                      d, colour_of(l.style));
    }
  }
  for (const auto& l : c.lines) {
    const std::string colour = colour_of(l.style), dash = dash_of(l.style);
    for (auto [a, b] : finite_runs(l, false)) {
      std::string d;
      for (std::size_t i = a; i < b; ++i)
        d += fmt::format("{}{} {} ", i == a ? "M" : "L", num(f.px(l.x[i])), num(f.py(l.y[i])));
      out += fmt::format(
          "<path class=\"line\" d=\"{}\" fill=\"none\" stroke=\"{}\" "
          "stroke-width=\"2.5\"{}><title>{}</title></path>\n",
          d, colour, dash.empty() ? "" : " stroke-dasharray=\"" + dash + "\"", html_escape(l.label));
      // Markers on short series make single years easy to read off.
      if (b - a <= 30) {
        for (std::size_t i = a; i < b; ++i) {
          out += fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"2.5\" fill=\"{}\"/>", num(f.px(l.x[i])),
                             num(f.py(l.y[i])), colour);
        }
        out += "\n";
      }
    }
  }
  return out + "</svg>\n";
}

std::string stacked_bars(const StackedBars& c) {
  // Okabe-Ito with yellow: bars are filled areas, where it reads well; grey is kept for "other".
  static const std::vector<std::string> fills = {"#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9",
                                                 "#CC79A7", "#F0E442", "#000000", "#999999"};
  std::vector<LegendItem> items;
  for (std::size_t s = 0; s < c.segments.size(); ++s) {
    const bool other = s + 1 == c.segments.size() && c.segments[s].label == "Other";
    items.push_back({c.segments[s].label, other ? fills.back() : fills[s % (fills.size() - 1)], "box"});
  }
  std::vector<double> totals(c.bars.size(), 0.0);
  for (const auto& seg : c.segments) {
    for (std::size_t b = 0; b < c.bars.size() && b < seg.values.size(); ++b) {
      if (std::isfinite(seg.values[b]) && seg.values[b] > 0.0) totals[b] += seg.values[b];
    }
  }
  auto [legend_svg, legend_height] = legend(items, 8.0);
  Frame f;
  f.top = 8.0 + legend_height + 24.0;  // room for the totals above the tallest bar
  f.height = 260.0;
  Axis x_axis;
  x_axis.label = "";
  x_axis.has_range = true;
  x_axis.min = 0.0;
  x_axis.max = 1.0;
  f.xs = make_scale(x_axis, {}, false);
  f.xs.ticks.clear();
  f.ys = make_scale(c.y, totals, true);
  std::string out = open_svg(f.bottom() + kBottom, c.title, c.summary) + legend_svg + axes(f);
  const double slot = (f.right() - f.left()) / static_cast<double>(std::max<std::size_t>(1, c.bars.size()));
  const double width = std::min(110.0, slot * 0.6);
  for (std::size_t b = 0; b < c.bars.size(); ++b) {
    const double x = f.left() + slot * (static_cast<double>(b) + 0.5) - width / 2.0;
    double base = 0.0;
    out += "<g class=\"bar\">";
    for (std::size_t s = 0; s < c.segments.size(); ++s) {
      const double v = b < c.segments[s].values.size() ? c.segments[s].values[b] : 0.0;
      if (!std::isfinite(v) || v <= 0.0) continue;
      const double y0 = f.py(base), y1 = f.py(base + v);
      out += fmt::format(
          "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" stroke=\"#ffffff\" "
          "stroke-width=\"0.8\">"
          "<title>{}: {}</title></rect>",
          num(x), num(y1), num(width), num(std::max(0.0, y0 - y1)), items[s].colour,
          html_escape(c.bars[b] + ", " + c.segments[s].label), html_escape(f.ys.value_label(v)));
      base += v;
    }
    const auto max_chars = static_cast<std::size_t>(std::max(6.0, slot / kCharWidth));
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-weight=\"600\">{}</text>",
                       num(x + width / 2.0), num(f.py(base) - 6.0), html_escape(f.ys.value_label(base)));
    const auto lines = wrap(c.bars[b], max_chars, 2);
    for (std::size_t i = 0; i < lines.size(); ++i) {
      out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>", num(x + width / 2.0),
                         num(f.bottom() + 18.0 + 14.0 * static_cast<double>(i)), html_escape(lines[i]));
    }
    out += "</g>\n";
  }
  return out + "</svg>\n";
}

std::string scatter(const Scatter& c) {
  std::vector<LegendItem> items;
  std::vector<double> xs, ys;
  for (const auto& s : c.sets) {
    items.push_back({s.label, colour_of(s.style), "box"});
    for (double v : s.x) xs.insert(xs.end(), {v, -v});
    for (double v : s.y) ys.insert(ys.end(), {v, -v});
  }
  if (!c.ref_label.empty()) items.push_back({c.ref_label, "#555555", "6 4"});
  auto [legend_svg, legend_height] = legend(items, 8.0);
  Frame f;
  f.top = 8.0 + legend_height + 10.0;
  f.height = 320.0;
  f.xs = make_scale(c.x, xs, true);
  f.ys = make_scale(c.y, ys, true);
  std::string out = open_svg(f.bottom() + kBottom, c.title, c.summary) + legend_svg + axes(f);
  // The axes through zero split the plane into its four readings.
  out += fmt::format(
      "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#222222\" stroke-width=\"1.5\"/>"
      "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#222222\" stroke-width=\"1.5\"/>\n",
      num(f.px(0.0)), num(f.top), num(f.px(0.0)), num(f.bottom()), num(f.left()), num(f.py(0.0)),
      num(f.right()), num(f.py(0.0)));
  const std::string quadrant =
      "<text x=\"{}\" y=\"{}\" text-anchor=\"{}\" fill=\"#777777\" font-style=\"italic\">{}</text>\n";
  out += fmt::format(fmt::runtime(quadrant), num(f.right() - 6.0), num(f.top + 16.0), "end",
                     "costs more, more health");
  out += fmt::format(fmt::runtime(quadrant), num(f.left() + 6.0), num(f.top + 16.0), "start",
                     "costs more, less health");
  out += fmt::format(fmt::runtime(quadrant), num(f.right() - 6.0), num(f.bottom() - 8.0), "end",
                     "saves money, more health");
  out += fmt::format(fmt::runtime(quadrant), num(f.left() + 6.0), num(f.bottom() - 8.0), "start",
                     "saves money, less health");
  if (!c.ref_label.empty() && c.ref_slope > 0.0) {
    const double x0 = std::max(f.xs.lo, f.ys.lo / c.ref_slope), x1 = std::min(f.xs.hi, f.ys.hi / c.ref_slope);
    if (x0 < x1) {
      out += fmt::format(
          "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#555555\" stroke-dasharray=\"6 4\"/>\n",
          num(f.px(x0)), num(f.py(c.ref_slope * x0)), num(f.px(x1)), num(f.py(c.ref_slope * x1)));
    }
  }
  for (const auto& s : c.sets) {
    const std::string colour = colour_of(s.style);
    double sx = 0.0, sy = 0.0, n = 0.0;
    for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) {
      if (!std::isfinite(s.x[i]) || !std::isfinite(s.y[i])) continue;
      out += fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"3.5\" fill=\"{}\" fill-opacity=\"0.55\"/>",
                         num(f.px(s.x[i])), num(f.py(s.y[i])), colour);
      sx += s.x[i];
      sy += s.y[i];
      n += 1.0;
    }
    if (n > 0.0) {
      out += fmt::format(
          "\n<circle cx=\"{}\" cy=\"{}\" r=\"7\" fill=\"{}\" stroke=\"#000000\" stroke-width=\"2\"><title>{} "
          "(mean)</title></circle>\n",
          num(f.px(sx / n)), num(f.py(sy / n)), colour, html_escape(s.label));
    }
  }
  return out + "</svg>\n";
}

}  // namespace pathways::svg
