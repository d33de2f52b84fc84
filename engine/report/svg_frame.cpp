// Chart frame for the SVG charts: page geometry, axis scales and ticks, legend and the opening <svg> element.
#include "report/svg_frame.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>

#include "report/text_format.hpp"

namespace pathways::svg::detail {

namespace {

const char* const kFont = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";
// Dash patterns distinguish lines for readers who cannot tell the colours apart (or print in grey).
const std::vector<std::string> kDashes = {"", "7 4", "2 3", "10 3 2 3", "4 2", "1 2"};

int decimals_for(double step) {
  for (int d = 0; d < 6; ++d) {
    const double scaled = step * std::pow(10.0, d);
    if (std::fabs(scaled - std::round(scaled)) < 1e-6 * std::max(1.0, scaled)) return d;
  }
  return 6;
}

}  // namespace

std::string num(double v) {
  return fmt::format("{:.1f}", v);
}

std::string Scale::tick_label(double v) const {
  if (axis->percent) return format_fixed(v * 100.0, std::max(0, decimals - 2)) + "%";
  if (axis->integer_ticks) return fmt::format("{:.0f}", v);
  return format_fixed(v / divisor, decimals);
}

std::string Scale::value_label(double v) const {
  return axis->usd ? format_usd(v) : tick_label(v);
}

std::string Scale::title() const {
  if (divisor == 1.0) return axis->label;
  const std::string word = divisor == 1e9 ? "billions" : "millions";
  // "US$, discounted" reads best as "US$ millions, discounted".
  if (const std::size_t at = axis->label.find("US$"); at != std::string::npos) {
    return axis->label.substr(0, at + 3) + " " + word + axis->label.substr(at + 3);
  }
  return axis->label + " (" + word + ")";
}

Scale make_scale(const Axis& axis, std::vector<double> values, bool expand) {
  Scale s;
  s.axis = &axis;
  std::erase_if(values, [](double v) { return !std::isfinite(v); });
  double lo = values.empty() ? 0.0 : *std::min_element(values.begin(), values.end());
  double hi = values.empty() ? 1.0 : *std::max_element(values.begin(), values.end());
  if (axis.from_zero) {
    lo = std::min(lo, 0.0);
    hi = std::max(hi, 0.0);
  }
  if (axis.has_range) {
    lo = axis.min;
    hi = axis.max;
  }
  if (hi - lo <= 0.0) {
    const double pad = lo == 0.0 ? 1.0 : std::fabs(lo) * 0.1;
    lo -= axis.from_zero && lo >= 0.0 ? 0.0 : pad;
    hi += pad;
  }
  s.ticks = nice_ticks(lo, hi, axis.integer_ticks ? 10 : 5);
  if (axis.tick_step > 0.0) {
    s.ticks.clear();
    for (double t = std::ceil(lo / axis.tick_step) * axis.tick_step; t <= hi + 1e-9; t += axis.tick_step) {
      s.ticks.push_back(t);
    }
  }
  if (axis.integer_ticks && !expand && s.ticks.size() > 1) {
    // Years: label the first year, then every step, rather than the round numbers only.
    const double step = std::max(1.0, std::round(s.ticks[1] - s.ticks[0]));
    s.ticks.clear();
    for (double t = std::ceil(lo); t <= hi + 1e-9; t += step) s.ticks.push_back(t);
  }
  if (expand && !axis.has_range && !s.ticks.empty()) {
    s.lo = std::min(lo, s.ticks.front());
    s.hi = std::max(hi, s.ticks.back());
  } else {
    s.lo = lo;
    s.hi = hi;
    std::erase_if(s.ticks, [&](double t) { return t < lo - 1e-9 * (hi - lo) || t > hi + 1e-9 * (hi - lo); });
  }
  const double biggest = std::max(std::fabs(s.lo), std::fabs(s.hi));
  if (!axis.percent && !axis.integer_ticks) s.divisor = biggest >= 1e9 ? 1e9 : (biggest >= 1e6 ? 1e6 : 1.0);
  const double step = s.ticks.size() > 1 ? s.ticks[1] - s.ticks[0] : 1.0;
  s.decimals = decimals_for(step / s.divisor);
  return s;
}

std::string open_svg(double height, const std::string& title, const std::string& summary) {
  return fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" viewBox=\"0 0 {} {}\" "
      "width=\"{}\" height=\"{}\" font-family=\"{}\" font-size=\"12\">\n<title>{}</title>\n<desc>{}</desc>\n"
      "<rect x=\"0\" y=\"0\" width=\"{}\" height=\"{}\" fill=\"#ffffff\"/>\n",
      num(kWidth), num(height), num(kWidth), num(height), kFont, html_escape(title), html_escape(summary),
      num(kWidth), num(height));
}

std::pair<std::string, double> legend(const std::vector<LegendItem>& items, double top) {
  std::string out;
  double x = kLeft, y = top + 12.0;
  const auto max_chars = static_cast<std::size_t>((kWidth - kRight - kLeft - 40.0) / kCharWidth);
  for (const auto& entry : items) {
    LegendItem item = entry;
    item.label = shorten(item.label, max_chars);
    const double w =
        (item.dash == "box" ? 20.0 : 34.0) + kCharWidth * static_cast<double>(text_length(item.label)) + 18.0;
    if (x + w > kWidth - kRight && x > kLeft) {
      x = kLeft;
      y += 20.0;
    }
    const bool box = item.dash == "box";
    if (box) {
      out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"14\" height=\"12\" fill=\"{}\"/>", num(x),
                         num(y - 10.0), item.colour);
    } else {
      out +=
          fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"2.5\"{}/>",
                      num(x), num(y - 4.0), num(x + 28.0), num(y - 4.0), item.colour,
                      item.dash.empty() ? "" : " stroke-dasharray=\"" + item.dash + "\"");
    }
    const double text_x = x + (box ? 20.0 : 34.0);
    out += fmt::format("<text x=\"{}\" y=\"{}\">{}</text>\n", num(text_x), num(y), html_escape(item.label));
    x = text_x + kCharWidth * static_cast<double>(text_length(item.label)) + 18.0;
  }
  return {out, items.empty() ? 0.0 : y - top + 14.0};
}

std::string axes(const Frame& f) {
  std::string out = "<g class=\"axes\" fill=\"#333333\">\n";
  for (double t : f.ys.ticks) {
    out += fmt::format(
        "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#dddddd\" stroke-width=\"1\"/>"
        "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n",
        num(f.left()), num(f.py(t)), num(f.right()), num(f.py(t)), num(f.left() - 6.0), num(f.py(t) + 4.0),
        f.ys.tick_label(t));
  }
  for (double t : f.xs.ticks) {
    out += fmt::format(
        "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#555555\"/>"
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n",
        num(f.px(t)), num(f.bottom()), num(f.px(t)), num(f.bottom() + 5.0), num(f.px(t)),
        num(f.bottom() + 19.0), f.xs.tick_label(t));
  }
  out += fmt::format(
      "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#555555\"/>"
      "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#555555\"/>\n",
      num(f.left()), num(f.top), num(f.left()), num(f.bottom()), num(f.left()), num(f.bottom()),
      num(f.right()), num(f.bottom()));
  out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-weight=\"600\">{}</text>\n",
                     num((f.left() + f.right()) / 2.0), num(f.bottom() + 40.0), html_escape(f.xs.title()));
  out += fmt::format(
      "<text transform=\"translate(16 {}) rotate(-90)\" text-anchor=\"middle\" "
      "font-weight=\"600\">{}</text>\n",
      num(f.top + f.height / 2.0), html_escape(f.ys.title()));
  return out + "</g>\n";
}

std::size_t text_length(const std::string& s) {
  std::size_t n = 0;
  for (char ch : s) n += (static_cast<unsigned char>(ch) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

std::string shorten(const std::string& s, std::size_t max_chars) {
  if (text_length(s) <= max_chars || max_chars == 0) return s;
  std::size_t kept = 0, at = 0;
  for (; at < s.size(); ++at) {
    if ((static_cast<unsigned char>(s[at]) & 0xC0) != 0x80 && kept++ == max_chars - 1) break;
  }
  return s.substr(0, at) + "\u2026";
}

std::vector<std::string> wrap(const std::string& s, std::size_t max_chars, std::size_t max_lines) {
  std::vector<std::string> lines;
  std::string line;
  std::size_t start = 0;
  while (start <= s.size()) {
    std::size_t end = s.find(' ', start);
    if (end == std::string::npos) end = s.size();
    const std::string word = s.substr(start, end - start);
    start = end + 1;
    if (word.empty()) continue;
    if (!line.empty() && text_length(line) + 1 + text_length(word) > max_chars) {
      if (lines.size() + 1 == max_lines) {
        // The last line: keep what remains and shorten it.
        line.append(" ").append(word);
        if (start < s.size()) line.append(" ").append(s, start, std::string::npos);
        lines.push_back(shorten(line, max_chars));
        return lines;
      }
      lines.push_back(line);
      line.clear();
    }
    if (!line.empty()) line.append(" ");
    line.append(word);
  }
  if (!line.empty()) lines.push_back(shorten(line, max_chars));
  return lines;
}

std::string colour_of(int style) {
  return palette()[static_cast<std::size_t>(style) % palette().size()];
}
std::string dash_of(int style) {
  return kDashes[(static_cast<std::size_t>(style) / palette().size() + static_cast<std::size_t>(style)) %
                 kDashes.size()];
}

}  // namespace pathways::svg::detail
