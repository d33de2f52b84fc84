// labels: unit statistical determinism
// process.justice: contact counts against the hazard and the policing lever, routing shares against the
// routing levers, protection of MMT clients, overflow, repeat-detention routing, arrest costs, determinism.
#include <gtest/gtest.h>

#include <cmath>

#include "model/model.hpp"
#include "support/model_run.hpp"
#include "support/stand_in_services.hpp"
#include "support/tolerances.hpp"

namespace pathways {
namespace {

using testing::params_for;
using testing::run_once;
using testing::total;
using testing::value;

// The stays (centres, prison, diversion, outpatient, ...) and a stand-in MMT that admits everyone.
const std::vector<std::string> kAll = {"model.settings", "model.population", "process.justice",
                                       "service.stays", "test.stand_in_mmt"};

const std::array<const char*, 6> kRoutes = {"warning", "compulsory_centre", "prison", "diversion",
                                            "mmt",     "outpatient"};

// Dependent opioid users, not injecting, unregistered, all in `setting`; contact multipliers all 1.
ParamValues base(const std::vector<std::string>& modules, std::size_t n, const std::string& setting,
                 const std::function<void(ParamValues&)>& edit) {
  return params_for(modules, [&](ParamValues& p) {
    p.set_number("population.size", static_cast<double>(n));
    p.set_number("population.initiation_rate_per_year", 0);
    p.set_list("population.substance_shares", {1, 0});
    p.set_list("population.opioid.stage_shares", {0, 0, 0, 1});
    p.set_number("population.opioid.injecting_share", 0);
    if (setting != "community") p.set_map_entry("population.setting_shares", setting, Lever::constant(1.0));
    p.set_list("justice.stage_multipliers", {1, 1, 1, 1});
    p.set_number("justice.registered_multiplier", 1);
    p.set_map_entry("justice.repeat_escalation_share", "compulsory_centre", Lever::constant(0));
    if (p.has("compulsory_centre.capacity")) p.set_number("compulsory_centre.capacity", 1e9);
    if (p.has("outpatient.seeking_rate_per_year")) {
      for (const char* s : {"outpatient", "residential"})
        p.set_list(std::string(s) + ".seeking_rate_per_year", {0, 0});
    }
    if (edit) edit(p);
  });
}

void set_routes(ParamValues& p, const std::array<double, 6>& shares) {
  for (std::size_t r = 0; r < shares.size(); ++r)
    p.set_map_entry("justice.routing", kRoutes[r], Lever::constant(shares[r]));
}

constexpr double kYear0Days = 365.0;

// People there at the start are on the register with the given share (no contact, so no one joins).
TEST(Justice, InitialRegisterShare) {
  auto p = base(kAll, 20000, "community", [](ParamValues& q) {
    q.set_number("justice.contact_rate_per_year", 0);
    q.set_number("justice.initial_registered_share", 0.6);
  });
  const auto t = run_once(kAll, p, 17, 0, 1);
  testing::expect_binomial(value(t, "justice.registered", 0), 20000, 0.6, "registered at the start");
}

TEST(Justice, ContactsFollowHazardAndPolicingLever) {
  const std::vector<std::string> mods = {"model.settings", "model.population", "process.justice"};
  Calendar cal{2025};
  auto p = base(mods, 10000, "community", [&](ParamValues& q) {
    q.set_number("justice.contact_rate_per_year", 0.5);
    set_routes(q, {1, 0, 0, 0, 0, 0});
    q.set_lever(
        "justice.policing_intensity",
        Lever{{0.0, cal.year_start(2026), cal.year_start(2027)}, {1.0, 0.0, 2.0}, Interpolation::Step});
  });
  const auto t = run_once(mods, p, 31, 0, 3);
  // Poisson counts (everyone stays at risk): tolerance 4 sqrt(mean).
  const double m0 = 10000 * 0.5 * kYear0Days / kDaysPerYear;
  EXPECT_NEAR(value(t, "justice.contacts", 0), m0, 4.0 * std::sqrt(m0));
  EXPECT_EQ(value(t, "justice.contacts", 1), 0.0);
  EXPECT_NEAR(value(t, "justice.contacts", 2), 2.0 * m0, 4.0 * std::sqrt(2.0 * m0));
  EXPECT_EQ(total(t, "justice.arrests"), total(t, "justice.routed_warning"));
  EXPECT_DOUBLE_EQ(total(t, "cost.justice.arrest_usd"), 50.0 * total(t, "justice.arrests"));
  // Everyone contacted is registered; P(registered) = 1 - exp(-contacts per person).
  const double p_reg = 1.0 - std::exp(-0.5 * (kYear0Days + 2.0 * 365.0) / kDaysPerYear);
  EXPECT_NEAR(value(t, "justice.registered", 2), 10000 * p_reg, 4.0 * std::sqrt(10000 * p_reg * (1 - p_reg)));
}

TEST(Justice, RoutingSharesMatchLevers) {
  const std::array<double, 6> shares = {0.2, 0.2, 0.15, 0.15, 0.15, 0.15};
  auto p = base(kAll, 20000, "community", [&](ParamValues& q) {
    q.set_number("justice.contact_rate_per_year", 1.0);
    set_routes(q, shares);
  });
  const auto t = run_once(kAll, p, 32, 0, 1);
  const double n = value(t, "justice.arrests", 0);
  ASSERT_GT(n, 1000.0);
  // Multinomial given the number of arrests: 4 sqrt(n p (1 - p)).
  for (std::size_t r = 0; r < shares.size(); ++r) {
    const double got = value(t, std::string("justice.routed_") + kRoutes[r], 0);
    EXPECT_NEAR(got, n * shares[r], 4.0 * std::sqrt(n * shares[r] * (1 - shares[r]))) << kRoutes[r];
  }
  EXPECT_EQ(value(t, "compulsory_centre.admissions", 0), value(t, "justice.routed_compulsory_centre", 0));
  // People already in diversion who are routed there again stay where they are.
  EXPECT_LE(value(t, "diversion.admissions", 0), value(t, "justice.routed_diversion", 0));
  EXPECT_EQ(value(t, "justice.overflow_to_warning", 0), 0.0);
}

TEST(Justice, ZeroCentreRoutingGivesZeroAdmissions) {
  auto p = params_for(kAll, [](ParamValues& q) {
    q.set_number("population.size", 5000);
    q.set_map_entry("justice.routing", "compulsory_centre", Lever::constant(0.0));
    q.set_map_entry("justice.routing", "warning", Lever::constant(0.8));
  });
  const auto t = run_once(kAll, p, 33, 0, 3);
  EXPECT_GT(total(t, "justice.arrests"), 0.0);
  EXPECT_EQ(total(t, "compulsory_centre.admissions"), 0.0);
  EXPECT_EQ(total(t, "justice.routed_compulsory_centre"), 0.0);
}

TEST(Justice, RoutingLeversChangeWithCalendarTime) {
  Calendar cal{2025};
  auto p = base(kAll, 5000, "community", [&](ParamValues& q) {
    q.set_number("justice.contact_rate_per_year", 1.0);
    set_routes(q, {0, 0, 0, 0, 0, 0});
    // Warning only in the first year, then everything to MMT.
    q.set_map_entry("justice.routing", "warning",
                    Lever{{0.0, cal.year_start(2026)}, {1.0, 0.0}, Interpolation::Step});
    q.set_map_entry("justice.routing", "mmt",
                    Lever{{0.0, cal.year_start(2026)}, {0.0, 1.0}, Interpolation::Step});
  });
  const auto t = run_once(kAll, p, 39, 0, 2);
  EXPECT_EQ(value(t, "justice.routed_warning", 0), value(t, "justice.arrests", 0));
  EXPECT_EQ(value(t, "mmt.admissions", 0), 0.0);
  EXPECT_EQ(value(t, "justice.routed_warning", 1), 0.0);
  EXPECT_EQ(value(t, "justice.routed_mmt", 1), value(t, "justice.arrests", 1));
  EXPECT_GT(value(t, "mmt.admissions", 1), 0.0);
}

TEST(Justice, ProtectMmtClientsPreventsArrestsOnMmt) {
  Calendar cal{2025};
  auto p = base(kAll, 5000, "mmt", [&](ParamValues& q) {
    q.set_number("justice.contact_rate_per_year", 1.0);
    set_routes(q, {0, 1, 0, 0, 0, 0});
    q.set_number("compulsory_centre.stay_mean_days", 1000);
    q.set_number("compulsory_centre.stay_sd_days", 30);
    // Off in the first year, on from the second.
    q.set_lever("justice.protect_mmt_clients",
                Lever{{0.0, cal.year_start(2026)}, {0.0, 1.0}, Interpolation::Step});
  });
  const auto t = run_once(kAll, p, 34, 0, 2);
  EXPECT_GT(value(t, "justice.arrests", 0), 1000.0);
  EXPECT_EQ(value(t, "justice.mmt_warnings", 0), 0.0);
  EXPECT_EQ(value(t, "compulsory_centre.admissions", 0), value(t, "justice.arrests", 0));
  // Second year: the remaining clients are only warned and stay; the detained are still inside (stay 1000 +-
  // 30 d).
  EXPECT_EQ(value(t, "justice.arrests", 1), 0.0);
  EXPECT_GT(value(t, "justice.mmt_warnings", 1), 0.0);
  EXPECT_EQ(value(t, "justice.contacts", 1), value(t, "justice.mmt_warnings", 1));
  EXPECT_EQ(value(t, "mmt.occupancy", 1), value(t, "mmt.occupancy", 0));
}

TEST(Justice, MissingOrFullServiceGivesWarning) {
  const std::vector<std::string> mods = {"model.settings", "model.population", "process.justice"};
  auto p = base(mods, 3000, "community", [](ParamValues& q) { set_routes(q, {0, 0, 0, 1, 0, 0}); });
  const auto t = run_once(mods, p, 35, 0, 2);
  EXPECT_GT(total(t, "justice.arrests"), 0.0);
  EXPECT_EQ(total(t, "justice.overflow_to_warning"), total(t, "justice.arrests"));
  EXPECT_EQ(value(t, "community.occupancy", 1), 3000.0);
}

TEST(Justice, RepeatDetaineesAreEscalatedToPrison) {
  auto p = base(kAll, 3000, "community", [](ParamValues& q) {
    set_routes(q, {0, 1, 0, 0, 0, 0});
    q.set_number("justice.repeat_detentions_threshold", 0);
    q.set_map_entry("justice.repeat_escalation_share", "compulsory_centre", Lever::constant(1.0));
  });
  const auto t = run_once(kAll, p, 36, 0, 2);
  EXPECT_GT(total(t, "justice.arrests"), 0.0);
  EXPECT_EQ(total(t, "justice.routed_prison"), total(t, "justice.arrests"));
  EXPECT_EQ(total(t, "compulsory_centre.admissions"), 0.0);
}

TEST(Justice, FullModelIsDeterministic) {
  std::vector<std::string> mods = kAll;
  mods.insert(mods.begin() + 2, "process.drug_use");
  auto p = params_for(mods, [](ParamValues& q) {
    q.set_number("population.size", 4000);
    for (const auto& [s, x] : std::vector<std::pair<const char*, double>>{
             {"compulsory_centre", 0.1}, {"prison", 0.05}, {"diversion", 0.05}, {"mmt", 0.1}}) {
      q.set_map_entry("population.setting_shares", s, Lever::constant(x));
    }
  });
  const auto a = run_once(mods, p, 37, 0, 6, 2025, 5.0);
  const auto b = run_once(mods, p, 37, 0, 6, 2025, 5.0);
  EXPECT_TRUE(testing::identical(a, b));
  EXPECT_EQ(a.events, b.events);
  EXPECT_GT(total(a, "justice.arrests"), 0.0);
  EXPECT_GT(total(a, "compulsory_centre.exits"), 0.0);
  const auto c = run_once(mods, p, 38, 0, 6, 2025, 5.0);
  EXPECT_NE(total(a, "justice.arrests"), total(c, "justice.arrests"));
}

}  // namespace
}  // namespace pathways
