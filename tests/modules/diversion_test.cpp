// labels: unit statistical
// service.diversion: completion share against its parameter, failures sent to prison, programme length,
// and the capacity lever.
#include <gtest/gtest.h>

#include <boost/math/distributions/gamma.hpp>
#include <cmath>

#include "model/model.hpp"
#include "support/model_run.hpp"
#include "support/tolerances.hpp"
#include "support/stand_in_services.hpp"

namespace pathways {
namespace {

using testing::params_for;
using testing::run_once;
using testing::total;
using testing::value;
using testing::expect_binomial;

const std::vector<std::string> kModules = {"model.settings", "model.population", "process.justice",
                                           "service.prison", "service.diversion"};

ParamValues base(std::size_t n, Setting setting, const std::function<void(ParamValues&)>& edit) {
  return params_for(kModules, [&](ParamValues& p) {
    testing::start_everyone_in(p, n, setting);
    p.set_number("prison.sentence_mean_days", 1e5);
    p.set_number("prison.sentence_sd_days", 10);
    if (edit) edit(p);
  });
}


TEST(Diversion, CompletionShareAndFailuresToPrison) {
  const double n = 20000;
  auto p = base(20000, Setting::Diversion, [](ParamValues& q) { q.set_number("diversion.completion_probability", 0.9); });
  const auto t = run_once(kModules, p, 61, 0, 1);
  // Programmes of 42 +- 8 days all end within the year.
  EXPECT_EQ(value(t, "diversion.exits", 0), n);
  expect_binomial(value(t, "diversion.completions", 0), n, 0.9, "completions");
  EXPECT_EQ(value(t, "diversion.failures", 0) + value(t, "diversion.completions", 0), n);
  EXPECT_EQ(value(t, "prison.admissions", 0), value(t, "diversion.failures", 0));
  // Person-days: completers stay L (mean 42), failures U L (mean 21): E = n (0.9 x 42 + 0.1 x 21) days.
  // Per-person sd < 42 days, so 4 sd of the sum is < 4 x 42 sqrt(n) days.
  EXPECT_NEAR(value(t, "diversion.person_years", 0) * kDaysPerYear, n * (0.9 * 42 + 0.1 * 21), 4 * 42 * std::sqrt(n));
  EXPECT_GT(value(t, "cost.payer_justice_usd", 0), 0.0);
}

TEST(Diversion, ProgrammeLengthFollowsGamma) {
  const double n = 20000;
  auto p = base(20000, Setting::Diversion, [](ParamValues& q) {
    q.set_number("diversion.completion_probability", 1.0);
    q.set_number("diversion.duration_mean_days", 300);
    q.set_number("diversion.duration_sd_days", 100);
  });
  const auto t = run_once(kModules, p, 62, 0, 1);
  const boost::math::gamma_distribution<double> g(9.0, 100.0 / 3.0);
  expect_binomial(value(t, "diversion.completions", 0), n, boost::math::cdf(g, 365.0), "completed by day 365");
  EXPECT_EQ(value(t, "diversion.failures", 0), 0.0);
}

TEST(Diversion, CapacityLeverTurnsPeopleAway) {
  Calendar cal{2025};
  auto p = base(4000, Setting::Community, [&](ParamValues& q) {
    q.set_number("justice.contact_rate_per_year", 1.0);
    q.set_number("justice.route_warning_share", 0.0);
    q.set_number("justice.route_compulsory_centre_share", 0.0);
    q.set_number("justice.route_prison_share", 0.0);
    q.set_number("justice.route_mmt_share", 0.0);
    q.set_number("justice.route_diversion_share", 1.0);
    q.set_number("diversion.completion_probability", 1.0);
    // Open (100 places) in the first year, closed from the second.
    q.set_lever("diversion.capacity", Lever{{0.0, cal.year_start(2026)}, {100.0, 0.0}, Interpolation::Step});
  });
  const auto t = run_once(kModules, p, 63, 0, 2);
  EXPECT_GT(value(t, "diversion.admissions", 0), 100.0);
  EXPECT_LE(value(t, "diversion.occupancy", 0), 100.0);
  EXPECT_GT(value(t, "diversion.turned_away", 0), 0.0);
  EXPECT_EQ(value(t, "diversion.admissions", 1), 0.0);
  EXPECT_EQ(value(t, "diversion.turned_away", 1), value(t, "justice.overflow_to_warning", 1));
  EXPECT_GT(value(t, "diversion.completions", 0), 0.0);
}

}  // namespace
}  // namespace pathways
