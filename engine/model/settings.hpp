// Settings as data: where a person can be (community, a detention facility, a treatment service),
// declared by the services that run them or by a scenario, and parameters keyed by setting name.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/module.hpp"
#include "core/params.hpp"

namespace pathways {

/// Index of a setting in this run's catalogue; community is always 0.
using SettingId = std::uint8_t;
inline constexpr SettingId kCommunity = 0;

/// What kind of place a setting is; modules act on classes, never on setting names.
enum class SettingClass : std::uint8_t {
  Community,  ///< at home, no service
  Detention,  ///< closed: away from community, partners and police; use mostly stops on entry
  Diversion,  ///< a programme instead of punishment (court or police diversion, rehabilitation orders)
  Treatment,  ///< voluntary or referred treatment (MMT, outpatient, residential, aftercare)
};
inline constexpr std::array<std::string_view, 4> kSettingClassNames = {"community", "detention", "diversion",
                                                                       "treatment"};

/// The domain of setting declarations (Declaration::domain, ParamSpec::map_domain).
inline constexpr const char* kSettingDomain = "setting";
/// Names that count people over a class of settings in the outputs (detention.person_years,
/// treatment.occupancy): no setting may take them.
inline constexpr std::array<std::string_view, 2> kReservedSettingNames = {"detention", "treatment"};

/// One setting of the run.
struct SettingInfo {
  std::string name;     ///< e.g. "compulsory_centre"; outputs are <name>.occupancy and so on
  std::string label;    ///< e.g. "Compulsory drug detention centre", for reports
  std::string service;  ///< type of the module that runs it
  SettingClass cls = SettingClass::Community;
  bool opioid_agonist = false;  ///< opioid agonist treatment (MMT): its own drug-use and overdose effects
  bool opioid_only = false;     ///< only people whose main substance is opioids are admitted

  bool closed() const { return cls == SettingClass::Detention; }
  /// Episodes here have retention curves (treatment and diversion programmes).
  bool has_episodes() const { return cls == SettingClass::Treatment || cls == SettingClass::Diversion; }
  std::string_view class_name() const { return kSettingClassNames[static_cast<std::size_t>(cls)]; }
};

/// A setting declaration, for a module's ModuleInfo::declares or a scenario.
Declaration setting_declaration(std::string name, SettingClass cls, std::string label, std::string service,
                                bool opioid_agonist = false, bool opioid_only = false);
/// The class named `name`, if any.
std::optional<SettingClass> setting_class_named(std::string_view name);

/// The settings of one run, in a fixed order: community, then those of each module in module order,
/// then those the scenario declares, in the order written. Ids are positions in that order.
class Settings {
 public:
  /// Builds the catalogue from every declaration of the run (other domains are ignored).
  static Settings from(const std::vector<Declaration>& declarations);

  std::size_t size() const { return all_.size(); }
  const SettingInfo& operator[](SettingId s) const { return all_[s]; }
  const std::vector<SettingInfo>& all() const { return all_; }
  std::optional<SettingId> find(std::string_view name) const;
  /// The id of a setting that must exist (a logic error otherwise).
  SettingId id(std::string_view name) const;
  /// Ids of the settings of class `c`, in catalogue order.
  std::vector<SettingId> of_class(SettingClass c) const;

  /// The lever of a Map parameter for each setting: the entry named after the setting, else the
  /// entry named after its class, else the value of keys not written.
  std::vector<Lever> levers(const ParamValue& v) const;
  /// The same, as constants (the value at day 0 of each lever).
  std::vector<double> numbers(const ParamValue& v) const;

 private:
  std::vector<SettingInfo> all_;
};

}  // namespace pathways
