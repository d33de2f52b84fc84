// The tornado chart of a one-way sensitivity analysis: a horizontal bar per parameter from the
// base-case value to the outcome at the parameter's low and high values, widest swing on top.
#include <fmt/core.h>

#include <algorithm>
#include <cmath>

#include "report/svg_chart.hpp"
#include "report/svg_frame.hpp"
#include "report/text_format.hpp"

namespace pathways::svg {

using namespace detail;

std::string tornado(const Tornado& c) {
  constexpr double kLabelWidth = 330.0, kRowHeight = 26.0;
  const std::string low_colour = "#0072B2", high_colour = "#D55E00";
  auto [legend_svg, legend_height] = legend({{"parameter at its low value", low_colour, "box"},
                                             {"parameter at its high value", high_colour, "box"}},
                                            8.0);
  std::vector<double> values = {c.base};
  for (const auto& b : c.bars) values.insert(values.end(), {b.at_low, b.at_high});
  Axis axis = c.x;
  axis.from_zero = false;
  const Scale xs = make_scale(axis, values, true);
  const double top = 8.0 + legend_height + 10.0;
  const double left = kLabelWidth, right = kWidth - kRight - 24.0;  // room for the last tick label
  const double bottom = top + kRowHeight * static_cast<double>(std::max<std::size_t>(1, c.bars.size()));
  const auto px = [&](double v) { return left + (v - xs.lo) / (xs.hi - xs.lo) * (right - left); };
  std::string out = open_svg(bottom + kBottom, c.title, c.summary) + legend_svg;
  out += "<g class=\"axes\" fill=\"#333333\">\n";
  for (double t : xs.ticks) {
    out += fmt::format(
        "<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"#dddddd\"/>"
        "<text x=\"{0}\" y=\"{3}\" text-anchor=\"middle\">{4}</text>\n",
        num(px(t)), num(top), num(bottom), num(bottom + 19.0), xs.tick_label(t));
  }
  out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-weight=\"600\">{}</text>\n",
                     num((left + right) / 2.0), num(bottom + 40.0), html_escape(xs.title()));
  out += "</g>\n";
  for (std::size_t i = 0; i < c.bars.size(); ++i) {
    const TornadoBar& b = c.bars[i];
    const double y = top + kRowHeight * static_cast<double>(i);
    const auto max_chars = static_cast<std::size_t>(kLabelWidth / kCharWidth) - 2;
    out +=
        fmt::format("<g class=\"bar\"><text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>", num(left - 8.0),
                    num(y + kRowHeight / 2.0 + 4.0), html_escape(shorten(b.label, max_chars)));
    struct End {
      double value;
      const std::string& colour;
      const char* which;
      const std::string& text;
    };
    for (const End& e :
         {End{b.at_low, low_colour, "low", b.low_text}, End{b.at_high, high_colour, "high", b.high_text}}) {
      if (!std::isfinite(e.value)) continue;
      const double x0 = std::min(px(c.base), px(e.value)), x1 = std::max(px(c.base), px(e.value));
      out += fmt::format(
          "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{} at its {} value ({}): "
          "{}</title></rect>",
          num(x0), num(y + 4.0), num(std::max(1.0, x1 - x0)), num(kRowHeight - 8.0), e.colour,
          html_escape(b.label), e.which, html_escape(e.text), html_escape(xs.value_label(e.value)));
    }
    out += "</g>\n";
  }
  out += fmt::format(
      "<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"#000000\" stroke-width=\"1.5\"/>\n",
      num(px(c.base)), num(top - 4.0), num(bottom + 4.0));
  return out + "</svg>\n";
}

}  // namespace pathways::svg
