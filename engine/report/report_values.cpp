// Reading results and parameter values for the report's tables.
#include "report/report_values.hpp"

#include <fmt/core.h>

#include <cmath>

#include "core/time.hpp"
#include "report/text_format.hpp"

namespace pathways {

double metric_mean(const ScenarioResults& r, const std::string& metric) {
  return interval_of(replicate_values(r, metric)).mean;
}

Interval paired_difference(const ScenarioResults& base, const ScenarioResults& alt,
                           const std::string& metric) {
  const auto a = replicate_values(base, metric), b = replicate_values(alt, metric);
  std::vector<double> d(std::min(a.size(), b.size()));
  for (std::size_t i = 0; i < d.size(); ++i) d[i] = b[i] - a[i];
  return interval_of(d, sampling_of(base.scenario));
}

bool has_metric(const ScenarioResults& r, const std::string& metric) {
  for (const auto& t : r.replicates) {
    if (t.find(metric) >= 0) return true;
  }
  return false;
}

namespace {

std::string number_text(double v) {
  return format_amount(v);
}

std::string lever_text(const Lever& l, const Calendar& cal) {
  if (l.is_constant()) return number_text(l.values.front());
  std::string out;
  for (std::size_t i = 0; i < l.days.size(); ++i) {
    out += fmt::format("{}{}: {}", i ? "; " : "", cal.year_of(l.days[i]), number_text(l.values[i]));
  }
  return out + (l.interpolation == Interpolation::Linear ? ", linear" : "");
}

}  // namespace

std::string parameter_text(const Scenario& s, const std::string& key) {
  if (!s.params.has(key)) return "";
  const ParamValue& v = s.params.map(key);
  const Calendar cal{s.run.start_year};
  for (const auto& spec : param_specs_of(s.run.modules, s.run.declarations)) {
    if (spec.key != key) continue;
    switch (spec.type) {
      case ParamType::Number:
      case ParamType::Integer:
        return number_text(v.number);
      case ParamType::Bool:
        return v.number != 0.0 ? "true" : "false";
      case ParamType::Lever:
        return lever_text(v.lever, cal);
      case ParamType::Choice:
      case ParamType::Entity:
        return v.choice;
      case ParamType::List: {
        std::string out;
        for (std::size_t i = 0; i < v.list.size(); ++i) out += (i ? ", " : "") + number_text(v.list[i]);
        return "[" + out + "]";
      }
      case ParamType::Map: {
        std::string out;
        for (const auto& [name, lever] : v.map)
          out += (out.empty() ? "" : "; ") + name + ": " + lever_text(lever, cal);
        return out + (out.empty() ? "" : "; ") + "others: " + number_text(v.number);
      }
    }
  }
  return "";
}

}  // namespace pathways
