// The headline outcomes and their formatting.
#include "report/headline_metrics.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

#include "report/economics.hpp"
#include "report/text_format.hpp"

namespace pathways {

std::vector<HeadlineOutcome> headline_outcomes(const EconomicsOptions& econ) {
  const std::string persp(kPerspectiveNames[static_cast<std::size_t>(econ.perspective)]);
  const std::string horizon = econ.lifetime ? "lifetime" : "policy period";
  return {
      {"Cost, " + persp + " perspective (" + horizon + ", discounted)",
       {econ.cost_metric()},
       Unit::Usd,
       true,
       "Cost to the " +
           std::string(econ.perspective == Perspective::Societal ? "society" : persp + " budget"),
       "higher",
       "lower"},
      {"Quality-adjusted life years (" + horizon + ", discounted)",
       {econ.qaly_metric()},
       Unit::Count,
       true,
       "Healthy life (QALYs, " + horizon + ", discounted)",
       "more QALYs",
       "fewer QALYs"},
      {"Disability-adjusted life years (" + horizon + ", discounted)",
       {econ.daly_metric()},
       Unit::Count,
       false,
       "",
       "",
       ""},
      {"Overdose deaths", {"overdose.deaths"}, Unit::Count, true, "Overdose deaths", "more", "fewer"},
      {"Deaths from all causes",
       {"population.deaths"},
       Unit::Count,
       true,
       "Deaths from all causes",
       "more",
       "fewer"},
      {"New HIV infections", {"hiv.infections"}, Unit::Count, true, "New HIV infections", "more", "fewer"},
      {"Person-years detained",
       {"detention.person_years"},
       Unit::Count,
       true,
       "Time spent detained",
       "more person-years",
       "fewer person-years"},
      {"Detentions (admissions to detention)", {"detention.admissions"}, Unit::Count, false, "", "", ""},
      {"Deaths in detention", {"detention.deaths"}, Unit::Count, false, "", "", ""},
      {"Deaths within 4 weeks of release from detention",
       {"detention.deaths_within_4w_of_release"},
       Unit::Count,
       false,
       "",
       "",
       ""},
      {"HIV infections acquired in detention", {"detention.hiv_infections"}, Unit::Count, false, "", "", ""},
      {"Arrests", {"justice.arrests"}, Unit::Count, false, "", "", ""},
      {"Person-years in treatment and diversion", {"treatment.person_years"}, Unit::Count, false, "", "", ""},
      {"Person-years on MMT", {"mmt.person_years"}, Unit::Count, false, "", "", ""},
      {"MMT clients still in treatment after 12 months",
       {"mmt.retention_12m"},
       Unit::Share,
       true,
       "Share of MMT clients still in treatment after 12 months",
       "higher",
       "lower"},
      {"Mean wait for MMT (days)", {"mmt.mean_wait_days"}, Unit::DayCount, false, "", "", ""},
      {"People waiting for MMT at the end of the horizon", {"mmt.waitlist"}, Unit::Count, false, "", "", ""},
      {"Relapses", {"drug_use.relapses"}, Unit::Count, false, "", "", ""},
  };
}

std::string format_value(double v, Unit u) {
  switch (u) {
    case Unit::Usd:
      return format_usd(v);
    case Unit::Share:
      return format_percent(v);
    case Unit::DayCount:
      return format_fixed(v, 0);
    case Unit::Count:
      return format_amount(v);
  }
  return "";
}

std::string format_difference(double v, Unit u) {
  if (u == Unit::Share) return std::isfinite(v) ? with_sign(v, format_fixed(v * 100.0, 1)) + " pp" : "n/a";
  return with_sign(v, format_value(v, u));
}

std::string headline_json(const EconomicsOptions& econ) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& o : headline_outcomes(econ)) {
    const char* unit = o.kind == Unit::Usd        ? "usd"
                       : o.kind == Unit::Share    ? "share"
                       : o.kind == Unit::DayCount ? "days"
                                                  : "count";
    out.push_back({{"label", o.label}, {"metrics", o.metrics}, {"unit", unit}});
  }
  return out.dump();
}

}  // namespace pathways
