// CSV tables and the atomic output folder.
#include "report/writers.hpp"

#include <fmt/core.h>

#include <cmath>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string_view>

#include "io/files.hpp"

namespace pathways {

std::string format_number(double v) {
  if (!std::isfinite(v)) return "NA";
  if (v == 0.0) return "0";  // also turns -0 into 0
  return fmt::format("{}", v);
}

std::string csv_field(const std::string& text) {
  // Control characters and invalid UTF-8 (from a user's file) never reach an output: \xNN instead.
  const std::string s = printable(text, std::string::npos);
  // A text starting with = + - @ or a tab is read as a formula by spreadsheets (CSV injection): it
  // is quoted and prefixed with an apostrophe, which spreadsheets show as text.
  const bool formula = !s.empty() && std::string_view("=+-@\t\r").find(s.front()) != std::string_view::npos;
  if (!formula && s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = formula ? "\"'" : "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string series_csv(const std::vector<ScenarioResults>& results) {
  std::string out = "scenario,replicate,year,metric,value\n";
  for (const auto& r : results) {
    const std::string name = csv_field(r.scenario.name);
    for (std::size_t rep = 0; rep < r.replicates.size(); ++rep) {
      const SeriesTable& t = r.replicates[rep];
      for (int y = 0; y < t.years; ++y) {
        for (std::size_t m = 0; m < t.metrics.size(); ++m) {
          out += fmt::format("{},{},{},{},{}\n", name, rep, t.start_year + y, t.metrics[m].name,
                             format_number(t.values[m][static_cast<std::size_t>(y)]));
        }
      }
    }
  }
  return out;
}

std::string summary_csv(const std::vector<SummaryRow>& rows) {
  // New columns go last, so scripts reading by position keep working (docs/outputs.md).
  std::string out = "scenario,metric,mean,lo95,hi95,mcse,interval,parameter_share\n";
  for (const auto& r : rows) {
    out +=
        fmt::format("{},{},{},{},{},{},{},{}\n", csv_field(r.scenario), r.metric, format_number(r.value.mean),
                    format_number(r.value.lo95), format_number(r.value.hi95), format_number(r.value.mcse),
                    interval_kind_key(r.value.kind), format_number(r.value.parameter_share));
  }
  return out;
}

std::string retention_csv(const std::vector<ScenarioResults>& results) {
  std::string out = "scenario,episode,day,survival,lo95,hi95\n";
  for (const auto& r : results) {
    if (r.replicates.empty()) continue;
    for (std::size_t c = 0; c < r.replicates.front().curves.size(); ++c) {
      const Curve& first = r.replicates.front().curves[c];
      std::string episode = first.name;
      if (episode.rfind("retention.", 0) == 0) episode = episode.substr(10);
      for (std::size_t i = 0; i < first.x.size(); ++i) {
        std::vector<double> ys;
        for (const auto& t : r.replicates) {
          ys.push_back(c < t.curves.size() && i < t.curves[c].y.size() ? t.curves[c].y[i] : NAN);
        }
        const Interval iv = interval_of(ys, sampling_of(r.scenario));
        out +=
            fmt::format("{},{},{},{},{},{}\n", csv_field(r.scenario.name), episode, format_number(first.x[i]),
                        format_number(iv.mean), format_number(iv.lo95), format_number(iv.hi95));
      }
    }
  }
  return out;
}

std::string comparison_csv(const std::vector<ComparisonRow>& rows) {
  // New columns go last, so scripts reading by position keep working (docs/outputs.md).
  std::string out =
      "scenario,metric,baseline_mean,scenario_mean,diff_mean,diff_lo95,diff_hi95,diff_mcse,interval,"
      "parameter_share\n";
  for (const auto& r : rows) {
    out += fmt::format("{},{},{},{},{},{},{},{},{},{}\n", csv_field(r.scenario), r.metric,
                       format_number(r.baseline_mean), format_number(r.scenario_mean),
                       format_number(r.diff.mean), format_number(r.diff.lo95), format_number(r.diff.hi95),
                       format_number(r.diff.mcse), interval_kind_key(r.diff.kind),
                       format_number(r.diff.parameter_share));
  }
  return out;
}

}  // namespace pathways
