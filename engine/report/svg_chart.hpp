// Small inline-SVG charts for the HTML report: lines with shaded bands, stacked bars and scatter plots.
#pragma once

#include <string>
#include <vector>

namespace pathways::svg {

/// Colour-blind-safe colours (Okabe and Ito, 2008), in the order series take them.
const std::vector<std::string>& palette();

/// How an axis shows its numbers.
struct Axis {
  std::string label;           ///< with the unit, e.g. "People (end of year)"
  bool integer_ticks = false;  ///< years: no thousands separators, whole numbers only
  bool percent = false;        ///< values are shares in [0, 1], ticks read "40%"
  bool from_zero = true;       ///< the range includes zero
  bool usd = false;            ///< values are US$: value labels (bar totals, tooltips) read "US$12.3 million"
  bool has_range = false;      ///< use [min, max] below instead of the data's range
  double min = 0.0, max = 0.0;
  double tick_step = 0.0;  ///< fixed distance between ticks (e.g. 6 months); 0: round numbers
};

/// One line, optionally with a shaded band (lo, hi) around it; NaN points are gaps.
struct Line {
  std::string label;
  std::vector<double> x, y, lo, hi;  ///< lo and hi empty: no band
  int style = 0;                     ///< index into the palette and dash patterns
};

/// A line chart: lines share the axes; x markers are vertical reference lines.
struct LineChart {
  std::string title;    ///< also the accessible <title>
  std::string summary;  ///< accessible description (<desc>)
  Axis x, y;
  std::vector<Line> lines;
  std::vector<double> x_markers;             ///< dotted vertical reference lines (e.g. thresholds)
  std::vector<std::string> x_marker_labels;  ///< one per marker, written at its top
  double plot_height = 260.0;                ///< height of the plotting area; lower for small multiples
};

/// A chart of lines with optional bands, a legend and labelled ticks.
std::string line_chart(const LineChart& c);

/// One stacked segment: its value in each bar.
struct Segment {
  std::string label;
  std::vector<double> values;  ///< one per bar
};

/// A stacked bar chart: one bar per label, the same segments in each.
struct StackedBars {
  std::string title, summary;
  Axis y;
  std::vector<std::string> bars;  ///< bar labels
  std::vector<Segment> segments;  ///< bottom to top
};

/// Vertical bars made of stacked non-negative segments, with totals above each bar.
std::string stacked_bars(const StackedBars& c);

/// A cloud of points with one highlighted point (its mean).
struct PointSet {
  std::string label;
  std::vector<double> x, y;
  int style = 0;
};

/// A scatter chart of point sets, with an optional reference line through the origin.
struct Scatter {
  std::string title, summary;
  Axis x, y;
  std::vector<PointSet> sets;
  /// Dashed line y = slope * x through the origin, with its label; none when the label is empty.
  double ref_slope = 0.0;
  std::string ref_label;
};

/// A scatter plot whose axes cross at zero in its middle (the cost-effectiveness plane), so that
/// all four quadrants show and their labels are always true.
std::string scatter(const Scatter& c);

/// One parameter of a tornado chart: the outcome with the parameter at its low and high values.
struct TornadoBar {
  std::string label;  ///< the parameter (flagged in words when it is an assumption)
  double at_low = 0.0, at_high = 0.0;
  std::string low_text, high_text;  ///< the parameter's low and high values, for the tooltips
};

/// A tornado chart: bars around the base-case outcome, in the order given (widest first).
struct Tornado {
  std::string title, summary;
  Axis x;  ///< the outcome
  double base = 0.0;
  std::vector<TornadoBar> bars;
};

/// Horizontal bars from the base-case outcome to the outcome at each parameter's low and high values.
std::string tornado(const Tornado& c);

/// Round tick positions covering [lo, hi], about `target` of them.
std::vector<double> nice_ticks(double lo, double hi, int target);

}  // namespace pathways::svg
