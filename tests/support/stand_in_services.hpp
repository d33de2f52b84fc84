// Test support: a stand-in MMT service (admits everyone, never discharges) for testing the modules
// that refer people to MMT without running the real MMT module. Module type "test.stand_in_mmt".
#pragma once

#include <memory>

#include "core/simulation.hpp"
#include "model/model.hpp"

namespace pathways::testing {

class StandInMmt final : public Module, public Service {
 public:
  void init(Simulation& sim) override { model_of(sim).register_service(Setting::Mmt, this); }
  void handle(Simulation&, const Event&) override {}
  bool admit(Simulation& sim, AgentId a, Referral) override {
    if (model_of(sim).people.setting_of(a) == Setting::Mmt) return false;
    model_of(sim).move(sim, a, Setting::Mmt, ExitReason::Transferred);
    return true;
  }
};

// Inline: registered once per test program whichever files include this header.
inline const ModuleRegistration stand_in_mmt_registration{ModuleInfo{
    "test.stand_in_mmt", "stand-in MMT service for tests", {},
    [] { return std::unique_ptr<Module>(new StandInMmt()); }}};

/// Parameter edits that start all n people in one setting at the beginning of their stay, with no
/// new initiates and no police contact.
inline void start_everyone_in(ParamValues& p, std::size_t n, Setting setting) {
  p.set_number("population.size", static_cast<double>(n));
  p.set_number("population.initiation_rate_per_year", 0);
  std::vector<double> where(kSettings, 0.0);
  where[static_cast<std::size_t>(setting)] = 1.0;
  p.set_list("population.setting_shares", where);
  p.set_list("population.initial_elapsed_max_days", std::vector<double>(kSettings, 0.0));
  if (p.has("justice.contact_rate_per_year")) p.set_number("justice.contact_rate_per_year", 0);
}

}  // namespace pathways::testing
