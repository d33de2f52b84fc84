// The headline outcomes: which metrics a reader sees first, their words and units. One definition,
// used by the command line's table, the report and the manifest (which notebooks read).
#pragma once

#include <string>
#include <vector>

namespace pathways {

enum class Unit { Usd, Count, Share, DayCount };

/// One headline outcome: its plain-words label, the metrics summed to make it, its unit, and how
/// the report's in-brief list words a change in it.
struct HeadlineOutcome {
  std::string label;
  std::vector<std::string> metrics;
  Unit kind = Unit::Count;
  bool in_brief = false;
  std::string brief_label, more, less;
};

struct EconomicsOptions;

/// The headline outcomes, in the order a policy reader asks about them; cost, QALYs and DALYs under
/// the perspective and horizon of `econ`.
std::vector<HeadlineOutcome> headline_outcomes(const EconomicsOptions& econ);

/// A value in its unit for reading: US$ with millions, counts with separators, shares as
/// percentages, days rounded.
std::string format_value(double v, Unit u);

/// A difference in its unit, signed; differences of shares in percentage points ("+2.5 pp").
std::string format_difference(double v, Unit u);

/// The headline as JSON (label, metrics, unit), for the manifest.
std::string headline_json(const EconomicsOptions& econ);

}  // namespace pathways
