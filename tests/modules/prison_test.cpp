// labels: unit statistical
// service.prison: sentence lengths against the gamma CDF, soft capacity (over-capacity person-days exact),
// MMT referral at release, and the justice-sector cost.
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


const std::vector<std::string> kModules = {"model.settings", "model.population", "service.prison",
                                           "test.stand_in_mmt"};

ParamValues base(std::size_t n, const std::function<void(ParamValues&)>& edit) {
  return params_for(kModules, [&](ParamValues& p) {
    testing::start_everyone_in(p, n, Setting::Prison);
    p.set_number("prison.mmt_referral_at_release", 0);
    if (edit) edit(p);
  });
}


TEST(Prison, SentencesFollowGammaAndCostJustice) {
  const double n = 20000, mean = 500, sd = 250;
  auto p = base(20000, [&](ParamValues& q) {
    q.set_number("prison.sentence_mean_days", mean);
    q.set_number("prison.sentence_sd_days", sd);
  });
  const auto t = run_once(kModules, p, 51, 0, 2);
  const boost::math::gamma_distribution<double> g((mean / sd) * (mean / sd), sd * sd / mean);
  expect_binomial(value(t, "prison.exits", 0), n, boost::math::cdf(g, 365.0), "released in year 0");
  expect_binomial(total(t, "prison.exits"), n, boost::math::cdf(g, 730.0), "released by the end of year 1");
  const double day_cost = 845.0 / kDaysPerYear;
  EXPECT_NEAR(total(t, "cost.payer_justice_usd"), total(t, "prison.person_years") * kDaysPerYear * day_cost,
              1e-6 * n * 730 * day_cost);
}

TEST(Prison, OverCapacityPersonDaysAreExact) {
  Calendar cal{2025};
  // 1,000 people, sentences far beyond the horizon (mean 1e5 d, sd 10 d): occupancy stays 1,000.
  auto p = base(1000, [&](ParamValues& q) {
    q.set_number("prison.sentence_mean_days", 1e5);
    q.set_number("prison.sentence_sd_days", 10);
    q.set_lever("prison.capacity", Lever{{0.0, cal.year_start(2026) + 100.0}, {600.0, 900.0}, Interpolation::Step});
  });
  const auto t = run_once(kModules, p, 52, 0, 2, 2025, 1.0);
  EXPECT_NEAR(value(t, "prison.over_capacity", 0), 400.0 * 365.0, 1e-6);
  EXPECT_NEAR(value(t, "prison.over_capacity", 1), 400.0 * 100.0 + 100.0 * 265.0, 1e-6);
  EXPECT_EQ(value(t, "prison.occupancy", 1), 1000.0);
  // With scale 2 the same agents stand for 2,000 persons against the same capacity in persons.
  const auto u = run_once(kModules, p, 52, 0, 1, 2025, 2.0);
  EXPECT_NEAR(value(u, "prison.over_capacity", 0), (2000.0 - 600.0) * 365.0, 1e-6);
}

TEST(Prison, MmtReferralAtReleaseMatchesProbability) {
  const double n = 10000;
  auto p = base(10000, [](ParamValues& q) {
    q.set_number("prison.sentence_mean_days", 100);
    q.set_number("prison.sentence_sd_days", 10);
    q.set_number("prison.mmt_referral_at_release", 0.25);
  });
  const auto t = run_once(kModules, p, 53, 0, 1);
  EXPECT_EQ(value(t, "prison.exits", 0), n);
  expect_binomial(value(t, "mmt.admissions", 0), n, 0.25, "referred to MMT");
}

}  // namespace
}  // namespace pathways
