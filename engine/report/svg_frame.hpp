// Chart frame for the SVG charts: page geometry, axis scales and ticks, legend and the opening <svg> element.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "report/svg_chart.hpp"

namespace pathways::svg::detail {

/// Chart width and margins in SVG units; the page scales the whole chart to its column.
inline constexpr double kWidth = 760.0;
inline constexpr double kLeft = 84.0, kRight = 24.0, kBottom = 52.0;
inline constexpr double kCharWidth = 6.6;  // rough width of one character at 12px, for layout only

/// A coordinate with one decimal: enough for the screen, and the same text on every platform.
std::string num(double v);

/// The part of the data range an axis shows, with its ticks and how they are labelled.
struct Scale {
  double lo = 0.0, hi = 1.0;
  double divisor = 1.0;  ///< ticks in millions or billions
  int decimals = 0;
  std::vector<double> ticks;
  const Axis* axis = nullptr;

  std::string tick_label(double v) const;
  /// A value on its own, e.g. a bar total: money in full words, since no axis title is next to it.
  std::string value_label(double v) const;
  /// The axis label with the tick unit ("US$ millions, discounted").
  std::string title() const;
};

/// `expand`: widen the range to the outer ticks (value axes); otherwise keep the data range and
/// only the ticks inside it (time axes).
Scale make_scale(const Axis& axis, std::vector<double> values, bool expand);

/// Pixel geometry of the plotting area.
struct Frame {
  double top = 0.0, height = 0.0;
  Scale xs, ys;
  double left() const { return kLeft; }
  double right() const { return kWidth - kRight; }
  double bottom() const { return top + height; }
  double px(double x) const { return kLeft + (x - xs.lo) / (xs.hi - xs.lo) * (right() - kLeft); }
  double py(double y) const { return bottom() - (y - ys.lo) / (ys.hi - ys.lo) * height; }
};

/// The opening <svg> element with its accessible <title> and <desc>, and a white background.
std::string open_svg(double height, const std::string& title, const std::string& summary);

/// One legend entry: a line sample (with its dash) or a filled box, and its label.
struct LegendItem {
  std::string label;
  std::string colour;
  std::string dash;  ///< line sample with this dash; "box" for a filled square
};

/// Legend items laid out left to right, wrapping; returns the SVG and the height used.
std::pair<std::string, double> legend(const std::vector<LegendItem>& items, double top);

/// Characters (UTF-8 code points, not bytes) in `s`.
std::size_t text_length(const std::string& s);

/// `s` cut to at most `max_chars` characters, ending in an ellipsis when cut; never splits a
/// multi-byte character (scenario names may be in Vietnamese, Khmer, Thai...).
std::string shorten(const std::string& s, std::size_t max_chars);

/// `s` broken at spaces into at most `max_lines` lines of at most `max_chars` characters; the
/// last line is shortened if the text does not fit.
std::vector<std::string> wrap(const std::string& s, std::size_t max_chars, std::size_t max_lines);

/// Grid lines, tick labels and axis titles.
std::string axes(const Frame& f);

/// The colour and dash pattern of series `style`.
std::string colour_of(int style);
std::string dash_of(int style);

}  // namespace pathways::svg::detail
