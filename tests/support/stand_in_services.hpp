// Test support: a stand-in MMT service (admits everyone, never discharges) for testing the modules
// that refer people to MMT without running the real MMT module (module type "test.stand_in_mmt"),
// and a module that admits every person to one setting at the start ("test.admit_everyone"), so a
// test can follow a cohort from the first day of its stay.
#pragma once

#include <memory>
#include <string>

#include "core/simulation.hpp"
#include "model/model.hpp"

namespace pathways::testing {

class StandInMmt final : public Module, public Service {
 public:
  void init(Simulation& sim) override {
    here_ = model_of(sim).settings.id("mmt");
    model_of(sim).register_service(here_, this);
  }
  void handle(Simulation&, const Event&) override {}
  bool admit(Simulation& sim, AgentId a, Referral) override {
    if (model_of(sim).people.setting_of(a) == here_) return false;
    model_of(sim).move(sim, a, here_, ExitReason::Transferred);
    return true;
  }

 private:
  SettingId here_ = 0;
};

// Inline: registered once per test program whichever files include this header.
inline const ModuleRegistration stand_in_mmt_registration{ModuleInfo{
    .type = "test.stand_in_mmt",
    .description = "stand-in MMT service for tests",
    .create = [] { return std::unique_ptr<Module>(new StandInMmt()); },
    .order = 9011,
    .needs = {kModelHub},
    .declares = {setting_declaration("mmt", SettingClass::Treatment, "MMT (stand-in)", "test.stand_in_mmt",
                                     true, true)},
}};

/// Runs settings where people simply stay (no admissions, no exits of their own): two closed
/// ("test_detention", "test_detention_2") and one treatment ("test_treatment"), for testing modules
/// that act on the class of a person's setting without the stay service's own events.
class Holding final : public Module {
 public:
  void init(Simulation&) override {}
  void handle(Simulation&, const Event&) override {}
};

inline const ModuleRegistration holding_registration{ModuleInfo{
    .type = "test.holding",
    .description = "settings where people stay put",
    .create = [] { return std::unique_ptr<Module>(new Holding()); },
    .order = 9013,
    .needs = {kModelHub},
    .declares =
        {setting_declaration("test_detention", SettingClass::Detention, "Test detention", "test.holding"),
         setting_declaration("test_detention_2", SettingClass::Detention, "Test detention 2", "test.holding"),
         setting_declaration("test_treatment", SettingClass::Treatment, "Test treatment", "test.holding")},
}};

/// Admits everyone in the community to the setting named by test.admit_everyone.setting at the start
/// (a transfer: the stay starts on day 0), after the population is built.
class AdmitEveryone final : public Module {
 public:
  void init(Simulation& sim) override { name_ = sim.params().entity("test.admit_everyone.setting"); }
  void start(Simulation& sim) override {
    Model& m = model_of(sim);
    if (name_ == "community") return;
    const SettingId s = m.settings.id(name_);
    for (AgentId a = 0; a < sim.pop.size(); ++a) {
      if (sim.pop.alive(a) && m.people.setting_of(a) == kCommunity) m.admit(sim, a, s, Referral::Transfer);
    }
  }
  void handle(Simulation&, const Event&) override {}

 private:
  std::string name_;
};

inline const ModuleRegistration admit_everyone_registration{ModuleInfo{
    .type = "test.admit_everyone",
    .description = "admits everyone to one setting at the start",
    .params = {entity_param("test.admit_everyone.setting", kSettingDomain, "community", {"community"}, "test",
                            "The setting everyone is admitted to on day 0.")},
    .create = [] { return std::unique_ptr<Module>(new AdmitEveryone()); },
    .order = 9012,
    .needs = {kModelHub},
}};

/// Parameter edits for n people, all in `setting` from the first day of their stay (with the module
/// "test.admit_everyone" in the run), with no new initiates and no police contact.
inline void start_everyone_in(ParamValues& p, std::size_t n, const std::string& setting) {
  p.set_number("population.size", static_cast<double>(n));
  p.set_number("population.initiation_rate_per_year", 0);
  p.set_choice("test.admit_everyone.setting", setting);
  if (p.has("justice.contact_rate_per_year")) p.set_number("justice.contact_rate_per_year", 0);
}

}  // namespace pathways::testing
