// Test support for the HIV modules: a cohort module whose people (and HIV state, and partnerships) a test
// sets.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <memory>
#include <string>

#include "model/model.hpp"
#include "modules/hiv_network.hpp"
#include "support/model_run.hpp"
#include "support/stand_in_services.hpp"
#include "support/tolerances.hpp"

namespace pathways::hiv_testing {

/// What the cohort module builds: n agents set by `fill` (after defaults: community, dependent opioid
/// user, age 30, not injecting), then `after` runs right after they were added (network already built).
struct Cohort {
  std::size_t n = 0;
  std::function<void(Simulation&, Model&, AgentId)> fill;
  std::function<void(Simulation&)> after;
  std::function<void(Simulation&)> at_day;  ///< called at day `probe_day` (if >= 0)
  double probe_day = -1.0;
};
inline Cohort g_cohort;

class CohortModule final : public Module {
 public:
  void init(Simulation& sim) override { kind_ = sim.register_kind("test.hiv_probe", this); }
  void start(Simulation& sim) override {
    Model& m = model_of(sim);
    sim.add_agents(g_cohort.n, [&](AgentId first, std::size_t n) {
      for (AgentId a = first; a < first + n; ++a) {
        (*m.people.stage)[a] = static_cast<std::uint8_t>(Stage::Dependent);
        (*m.people.substance)[a] = kOpioid;
        (*m.people.injecting)[a] = 0;
        (*m.people.birth_day)[a] = -30 * kDaysPerYear;
        m.place_initial(a, kCommunity, 0.0);
        if (g_cohort.fill) g_cohort.fill(sim, m, a);
      }
    });
    if (g_cohort.after) g_cohort.after(sim);
    if (g_cohort.probe_day >= 0) sim.sched.schedule(kind_, kGlobalAgent, g_cohort.probe_day);
  }
  void handle(Simulation& sim, const Event&) override {
    if (g_cohort.at_day) g_cohort.at_day(sim);
  }

 private:
  EventKind kind_ = 0;
};
inline const ModuleRegistration cohort_registration{ModuleInfo{
    .type = "test.hiv_cohort",
    .description = "HIV test cohort",
    .create = [] { return std::unique_ptr<Module>(new CohortModule()); },
    .order = 9003,
}};

inline Column<std::uint8_t>& hiv_stage(Simulation& sim) {
  return sim.pop.column<std::uint8_t>(kHivStageColumn, 0);
}
inline Column<std::uint8_t>& hiv_care_bits(Simulation& sim) {
  return sim.pop.column<std::uint8_t>(kHivCareColumn, 0);
}
inline PartnerNetwork network(Simulation& sim) {
  PartnerSlots none;
  none.fill(kNoPartner);
  return PartnerNetwork{&sim.pop.column<PartnerSlots>("hiv.partners", none)};
}

using testing::expect_binomial;
using testing::expect_poisson;

/// Days from the start to the end of year index k (calendar years from 2025).
inline double year_end_day(int k) {
  return Calendar{2025}.year_start(2025 + k + 1);
}

/// No partnerships form or end unless a test says so.
inline void static_network(ParamValues& p) {
  p.set_list("hiv.injecting_degree_shares", {1, 0, 0, 0, 0});
  p.set_list("hiv.sexual_degree_shares", {1, 0, 0});
  p.set_list("hiv.external_degree_shares", {1, 0, 0});
  for (const char* k : {"hiv.injecting_dissolution_rate_per_year", "hiv.sexual_dissolution_rate_per_year",
                        "hiv.external_dissolution_rate_per_year", "hiv.injecting_formation_rate_per_year",
                        "hiv.sexual_formation_rate_per_year", "hiv.external_formation_rate_per_year"}) {
    p.set_number(k, 0.0);
  }
}

}  // namespace pathways::hiv_testing
