// labels: unit statistical
// service.compulsory_centre: stay lengths against the gamma CDF, capacity never exceeded, closing centres with
// the capacity lever, MMT referral at release and MMT continuity inside, cost per person-day.
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
                                           "service.compulsory_centre", "test.stand_in_mmt"};

ParamValues base(std::size_t n, Setting setting, const std::function<void(ParamValues&)>& edit) {
  return params_for(kModules, [&](ParamValues& p) {
    testing::start_everyone_in(p, n, setting);
    p.set_number("compulsory_centre.capacity", 1e9);
    p.set_number("compulsory_centre.mmt_referral_at_release", 0);
    if (edit) edit(p);
  });
}


TEST(CompulsoryCentre, StayLengthsFollowGamma) {
  const double n = 20000, mean = 400, sd = 100;
  auto p = base(20000, Setting::CompulsoryCentre, [&](ParamValues& q) {
    q.set_number("compulsory_centre.stay_mean_days", mean);
    q.set_number("compulsory_centre.stay_sd_days", sd);
  });
  const auto t = run_once(kModules, p, 41, 0, 2);
  const boost::math::gamma_distribution<double> g((mean / sd) * (mean / sd), sd * sd / mean);
  // Entered on day 0: released by the end of year 0 (day 365) with probability F(365).
  expect_binomial(value(t, "compulsory_centre.exits", 0), n, boost::math::cdf(g, 365.0), "released in year 0");
  expect_binomial(value(t, "compulsory_centre.exits", 0) + value(t, "compulsory_centre.exits", 1), n,
                  boost::math::cdf(g, 730.0), "released by the end of year 1");
  // Person-years inside equal the mean stay truncated at the horizon; cost = person-days x cost per day.
  const double day_cost = 845.0 / kDaysPerYear;
  EXPECT_NEAR(total(t, "cost.compulsory_centre_usd"),
              total(t, "compulsory_centre.person_years") * kDaysPerYear * day_cost, 1e-6 * n * day_cost * 730);
  EXPECT_GT(total(t, "cost.payer_social_usd"), 0.0);
}

TEST(CompulsoryCentre, CapacityIsNeverExceededAndClosingEmptiesCentres) {
  Calendar cal{2025};
  auto p = base(5000, Setting::Community, [&](ParamValues& q) {
    q.set_number("justice.contact_rate_per_year", 2.0);
    q.set_number("justice.route_warning_share", 0.0);
    q.set_number("justice.route_compulsory_centre_share", 1.0);
    q.set_number("justice.route_prison_share", 0.0);
    q.set_number("justice.route_mmt_share", 0.0);
    q.set_number("justice.repeat_prison_share", 0.0);
    q.set_number("compulsory_centre.stay_mean_days", 200);
    q.set_number("compulsory_centre.stay_sd_days", 20);
    // 1,000 places for two years, then closed (0) from 2027.
    q.set_lever("compulsory_centre.capacity", Lever{{0.0, cal.year_start(2027)}, {1000.0, 0.0}, Interpolation::Step});
  });
  const auto t = run_once(kModules, p, 42, 0, 4);
  for (int y = 0; y < 2; ++y) {
    EXPECT_LE(value(t, "compulsory_centre.occupancy", y), 1000.0);
    EXPECT_GT(value(t, "compulsory_centre.turned_away", y), 0.0);
  }
  EXPECT_EQ(value(t, "compulsory_centre.capacity", 1), 1000.0);
  EXPECT_EQ(value(t, "compulsory_centre.capacity", 2), 0.0);
  // Closed from 2027: no admissions; stays of 200 +- 20 days (P(> 365 d) < 1e-12) have all ended by 2028.
  EXPECT_EQ(value(t, "compulsory_centre.admissions", 2), 0.0);
  EXPECT_EQ(value(t, "compulsory_centre.admissions", 3), 0.0);
  EXPECT_EQ(value(t, "compulsory_centre.occupancy", 3), 0.0);
  EXPECT_GT(value(t, "justice.overflow_to_warning", 3), 0.0);
}

TEST(CompulsoryCentre, MmtReferralAtReleaseMatchesProbability) {
  const double n = 10000;
  auto p = base(10000, Setting::CompulsoryCentre, [](ParamValues& q) {
    q.set_number("compulsory_centre.stay_mean_days", 100);
    q.set_number("compulsory_centre.stay_sd_days", 10);
    q.set_number("compulsory_centre.mmt_referral_at_release", 0.3);
  });
  const auto t = run_once(kModules, p, 43, 0, 1);
  EXPECT_EQ(value(t, "compulsory_centre.exits", 0), n);
  expect_binomial(value(t, "mmt.admissions", 0), n, 0.3, "referred to MMT");
  EXPECT_EQ(value(t, "compulsory_centre.mmt_linked", 0), value(t, "mmt.admissions", 0));
}

TEST(CompulsoryCentre, MmtInsideReturnsClientsToMmt) {
  // MMT clients are all arrested and detained (stay ~100 d); with MMT inside they all return to MMT.
  for (double inside : {1.0, 0.0}) {
    auto p = base(3000, Setting::Mmt, [&](ParamValues& q) {
      q.set_number("justice.contact_rate_per_year", 5.0);
      q.set_number("justice.route_warning_share", 0.0);
      q.set_number("justice.route_compulsory_centre_share", 1.0);
      q.set_number("justice.route_prison_share", 0.0);
      q.set_number("justice.route_mmt_share", 0.0);
      q.set_number("justice.repeat_prison_share", 0.0);
      q.set_number("compulsory_centre.stay_mean_days", 100);
      q.set_number("compulsory_centre.stay_sd_days", 10);
      q.set_number("compulsory_centre.mmt_inside", inside);
    });
    const auto t = run_once(kModules, p, 44, 0, 1);
    // Releases of people admitted from MMT: every one goes back when MMT continues inside, none otherwise
    // (the referral probability is 0). Later detentions come from the community, not from MMT.
    const double back = value(t, "mmt.admissions", 0);
    if (inside > 0) {
      EXPECT_GT(back, 0.0);
      EXPECT_EQ(back, value(t, "compulsory_centre.mmt_linked", 0));
    } else {
      EXPECT_EQ(back, 0.0);
    }
  }
}

}  // namespace
}  // namespace pathways
