// Binding of the standard population columns by name.
#include "model/people.hpp"

#include <limits>

namespace pathways {

People People::bind(Population& pop) {
  const Days never = -std::numeric_limits<Days>::infinity();
  People p{};
  p.sex = &pop.column<std::uint8_t>("person.sex", 0);
  p.birth_day = &pop.column<Days>("person.birth_day", 0.0);
  p.region = &pop.column<std::uint8_t>("person.region", 0);
  p.substance = &pop.column<std::uint8_t>("person.substance", kOpioid);
  p.stage = &pop.column<std::uint8_t>("person.stage", static_cast<std::uint8_t>(Stage::Episodic));
  p.injecting = &pop.column<std::uint8_t>("person.injecting", 0);
  p.setting = &pop.column<std::uint8_t>("person.setting", kCommunity);
  p.last_setting = &pop.column<std::uint8_t>("person.last_setting", kCommunity);
  p.setting_entry_day = &pop.column<Days>("person.setting_entry_day", 0.0);
  p.last_release_day = &pop.column<Days>("person.last_release_day", never);
  p.last_treatment_exit_day = &pop.column<Days>("person.last_treatment_exit_day", never);
  p.registered = &pop.column<std::uint8_t>("person.registered", 0);
  p.detentions = &pop.column<std::uint16_t>("person.detentions", 0);
  p.arrests = &pop.column<std::uint16_t>("person.arrests", 0);
  p.mmt_episodes = &pop.column<std::uint16_t>("person.mmt_episodes", 0);
  p.death_cause = &pop.column<std::uint8_t>("person.death_cause", 0);
  p.entry_day = &pop.column<Days>("person.entry_day", 0.0);
  p.prior_stage =
      &pop.column<std::uint8_t>("person.prior_stage", static_cast<std::uint8_t>(Stage::Dependent));
  return p;
}

}  // namespace pathways
