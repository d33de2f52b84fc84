// The people of the policy model: attribute codes and the standard population columns.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/population.hpp"
#include "core/time.hpp"
#include "model/settings.hpp"

namespace pathways {

/// Position on the drug-use spectrum. Remission: not currently using.
enum class Stage : std::uint8_t { Remission, Episodic, Harmful, Dependent };
inline constexpr std::size_t kStages = 4;
inline constexpr std::array<std::string_view, kStages> kStageNames = {"remission", "episodic", "harmful",
                                                                      "dependent"};

/// Main substance. Add a name here (and its defaults in the modules' substance tables) for more.
inline constexpr std::size_t kSubstances = 2;
inline constexpr std::array<std::string_view, kSubstances> kSubstanceNames = {"opioid", "methamphetamine"};
inline constexpr std::uint8_t kOpioid = 0;
inline constexpr std::uint8_t kMethamphetamine = 1;

/// DrugRelated: the other deaths drug use brings beyond overdose and HIV (injury, suicide, liver
/// disease, infections).
enum class DeathCause : std::uint8_t { None, Background, Overdose, Hiv, DrugRelated };
inline constexpr std::array<std::string_view, 5> kDeathCauseNames = {"none", "background", "overdose", "hiv",
                                                                     "drug_related_other"};

/// Why a person left a setting; decides how the episode counts in retention curves.
enum class ExitReason : std::uint8_t {
  Completed,    ///< finished the programme or the stay (censored in retention: success)
  Dropout,      ///< left voluntarily or was discharged for non-adherence (retention event)
  Arrested,     ///< taken by police or court (retention event)
  Failed,       ///< diversion failure back to the court route (retention event)
  Transferred,  ///< moved to another treatment setting (censored)
  Released,     ///< end of detention or sentence
  Died,         ///< censored in retention
};
inline constexpr std::size_t kExitReasons = 7;
/// Names in metrics (`<setting>.exits_<name>`): an arrest out of a service is "detained".
inline constexpr std::array<std::string_view, kExitReasons> kExitReasonNames = {
    "completed", "dropout", "detained", "failed", "transferred", "released", "died"};

inline constexpr std::uint8_t kPriorInjectingBit = 0x80;
inline constexpr std::uint8_t kPriorStageMask = 0x03;

/// The standard columns, bound once per module at initialisation. Every module that needs one
/// of these reads it through this struct, so the names are written in exactly one place.
struct People {
  Column<std::uint8_t>* sex;        ///< 0 male, 1 female
  Column<Days>* birth_day;          ///< simulation day of birth (negative: before start)
  Column<std::uint8_t>* region;     ///< region index
  Column<std::uint8_t>* substance;  ///< index into kSubstanceNames
  Column<std::uint8_t>* stage;      ///< Stage
  Column<std::uint8_t>* injecting;  ///< 1 if currently injecting
  Column<std::uint8_t>* setting;    ///< SettingId
  Column<std::uint8_t>*
      last_setting;                 ///< SettingId of the setting left at the last move (community: none yet)
  Column<Days>* setting_entry_day;  ///< when the current setting was entered
  Column<Days>* last_release_day;   ///< last release from detention (-inf: never)
  Column<Days>* last_treatment_exit_day;  ///< last exit from a treatment setting (-inf: never)
  Column<std::uint8_t>* registered;       ///< registered with police as a drug user
  Column<std::uint16_t>* detentions;      ///< admissions to detention settings so far
  Column<std::uint16_t>* arrests;         ///< police contacts that led to an arrest
  Column<std::uint16_t>* mmt_episodes;    ///< MMT episodes started
  Column<std::uint8_t>* death_cause;      ///< DeathCause
  Column<Days>* entry_day;                ///< day the person entered the modelled population
  /// The stage a remission began from (low bits, kPriorStageMask) and whether the person injected
  /// then (kPriorInjectingBit): what a relapse returns to. Written by the drug-use process.
  Column<std::uint8_t>* prior_stage;

  static People bind(Population& pop);

  Stage stage_of(AgentId a) const { return static_cast<Stage>((*stage)[a]); }
  SettingId setting_of(AgentId a) const { return (*setting)[a]; }
  double age_years(AgentId a, Days now) const { return (now - (*birth_day)[a]) / kDaysPerYear; }
  bool using_drugs(AgentId a) const { return (*stage)[a] != static_cast<std::uint8_t>(Stage::Remission); }
  /// The stage of use now, or for someone in remission (detained people are) the one it began from.
  Stage stage_of_use(AgentId a) const {
    if (using_drugs(a)) return stage_of(a);
    const auto back = static_cast<Stage>((*prior_stage)[a] & kPriorStageMask);
    return back == Stage::Remission ? Stage::Dependent : back;
  }
};

}  // namespace pathways
