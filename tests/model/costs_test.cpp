// labels: unit oracle
// Costs of settings: funded places are paid whether used or not (a plan that funds N empty places pays
// N place-years of the fixed share), places in use pay the rest, opening and closing places cost once
// per place at steps and along ramps, and payers add up to the perspectives.
#include <gtest/gtest.h>

#include <cmath>

#include "model/model.hpp"
#include "support/model_run.hpp"
#include "support/stand_in_services.hpp"

namespace pathways {
namespace {

using testing::params_for;
using testing::run_once;
using testing::total;
using testing::value;

const std::vector<std::string> kModules = {"model.settings", "model.population", "service.stays"};

ParamValues empty_places(const std::function<void(ParamValues&)>& edit) {
  return params_for(kModules, [&](ParamValues& p) {
    p.set_number("population.size", 0);
    p.set_number("population.initiation_rate_per_year", 0);
    p.set_number("outpatient.cost_usd_per_day", 2.0);
    p.set_number("outpatient.fixed_cost_share", 0.7);
    p.set_number("costs.discount_rate", 0.0);
    if (edit) edit(p);
  });
}

TEST(Costs, FundedEmptyPlacesPayTheFixedShare) {
  const auto t = run_once(kModules, empty_places([](ParamValues& p) {
                            p.set_lever("outpatient.capacity", Lever::constant(1000));
                          }),
                          1, 0, 2);
  // Nobody is in outpatient care, yet 1,000 places are funded for 365 + 365 days (2025, 2026).
  EXPECT_NEAR(total(t, "cost.outpatient_usd"), 0.7 * 2.0 * 1000 * (365 + 365), 1e-6);
  EXPECT_NEAR(value(t, "outpatient.funded_place_years", 0), 1000 * 365 / kDaysPerYear, 1e-9);
  EXPECT_EQ(value(t, "outpatient.utilisation", 0), 0.0);
  // Not binding (1e9 places, the default): nothing is funded and nothing is paid.
  const auto u = run_once(kModules, empty_places({}), 1, 0, 1);
  EXPECT_EQ(total(u, "cost.outpatient_usd"), 0.0);
  EXPECT_TRUE(std::isnan(value(u, "outpatient.utilisation", 0)));
}

TEST(Costs, OpeningAndClosingPlacesCostOncePerPlace) {
  const Calendar cal{2025};
  const Days y26 = cal.year_start(2026), y27 = cal.year_start(2027), y29 = cal.year_start(2029);
  const auto t =
      run_once(kModules, empty_places([&](ParamValues& p) {
                 p.set_number("outpatient.opening_cost_usd_per_place", 10.0);
                 p.set_number("outpatient.closing_cost_usd_per_place", 20.0);
                 // 1,000 places, 1,500 from 2026 (a step), then a ramp down to 500 from 2027 to 2029.
                 p.set_lever("outpatient.capacity",
                             Lever{{0.0, y26, y27, y29}, {1000, 1500, 1500, 500}, Interpolation::Linear});
               }),
               1, 0, 5);
  // The linear lever ramps 1,000 -> 1,500 over 2025 (500 opened), then 1,500 -> 500 over 2027-2028.
  EXPECT_NEAR(value(t, "cost.outpatient.capacity_changes_usd", 0), 500 * 10.0, 1e-6);
  EXPECT_NEAR(value(t, "cost.outpatient.capacity_changes_usd", 1), 0.0, 1e-9);
  const double per_day = 1000.0 / (y29 - y27);
  EXPECT_NEAR(value(t, "cost.outpatient.capacity_changes_usd", 2),
              20.0 * per_day * (cal.year_start(2028) - y27), 1e-6);
  EXPECT_NEAR(total(t, "cost.outpatient.capacity_changes_usd"), 500 * 10.0 + 1000 * 20.0, 1e-6);
}

TEST(Costs, PerspectivesAddUpThePayers) {
  const auto t = run_once(kModules, empty_places([](ParamValues& p) {
                            p.set_lever("outpatient.capacity", Lever::constant(1000));
                            p.set_lever("compulsory_centre.capacity", Lever::constant(500));
                          }),
                          1, 0, 1);
  EXPECT_NEAR(value(t, "cost.perspective_health_usd", 0), value(t, "cost.payer_health_usd", 0), 1e-9);
  EXPECT_NEAR(value(t, "cost.perspective_government_usd", 0),
              value(t, "cost.payer_health_usd", 0) + value(t, "cost.payer_social_usd", 0), 1e-9);
  EXPECT_GT(value(t, "cost.payer_social_usd", 0), 0.0);  // the centres' funded places
}

}  // namespace
}  // namespace pathways
