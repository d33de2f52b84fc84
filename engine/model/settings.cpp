// The catalogue of settings of a run, built from declarations, and per-setting parameter lookups.
#include "model/settings.hpp"

#include <stdexcept>

namespace pathways {

Declaration setting_declaration(std::string name, SettingClass cls, std::string label, std::string service,
                                bool opioid_agonist, bool opioid_only) {
  Declaration d;
  d.domain = kSettingDomain;
  d.name = std::move(name);
  d.attributes["class"] = std::string(kSettingClassNames[static_cast<std::size_t>(cls)]);
  d.attributes["label"] = std::move(label);
  d.attributes["service"] = std::move(service);
  if (opioid_agonist) d.attributes["treats"] = "opioid_agonist";
  if (opioid_only) d.attributes["substances"] = "opioid";
  return d;
}

std::optional<SettingClass> setting_class_named(std::string_view name) {
  for (std::size_t i = 0; i < kSettingClassNames.size(); ++i) {
    if (kSettingClassNames[i] == name) return static_cast<SettingClass>(i);
  }
  return std::nullopt;
}

Settings Settings::from(const std::vector<Declaration>& declarations) {
  Settings out;
  for (const auto& d : declarations) {
    if (d.domain != kSettingDomain) continue;
    const auto cls = setting_class_named(d.attribute("class"));
    if (!cls) throw std::logic_error("setting '" + d.name + "' has no valid class");
    if (out.find(d.name)) throw std::logic_error("setting '" + d.name + "' declared twice");
    SettingInfo s;
    s.name = d.name;
    s.label = d.attribute("label");
    s.service = d.attribute("service");
    s.cls = *cls;
    s.opioid_agonist = d.attribute("treats") == "opioid_agonist";
    s.opioid_only = d.attribute("substances") == "opioid";
    out.all_.push_back(std::move(s));
  }
  if (out.all_.empty() || out.all_.front().name != "community") {
    throw std::logic_error("the first setting must be community (declared by model.settings)");
  }
  if (out.all_.size() > 255) throw std::logic_error("more than 255 settings");
  return out;
}

std::optional<SettingId> Settings::find(std::string_view name) const {
  for (std::size_t i = 0; i < all_.size(); ++i) {
    if (all_[i].name == name) return static_cast<SettingId>(i);
  }
  return std::nullopt;
}

SettingId Settings::id(std::string_view name) const {
  const auto s = find(name);
  if (!s) throw std::logic_error("no setting '" + std::string(name) + "' in this run");
  return *s;
}

std::vector<SettingId> Settings::of_class(SettingClass c) const {
  std::vector<SettingId> out;
  for (std::size_t i = 0; i < all_.size(); ++i) {
    if (all_[i].cls == c) out.push_back(static_cast<SettingId>(i));
  }
  return out;
}

std::vector<Lever> Settings::levers(const ParamValue& v) const {
  std::vector<Lever> out;
  for (const auto& s : all_) {
    auto it = v.map.find(s.name);
    if (it == v.map.end()) it = v.map.find(std::string(s.class_name()));
    out.push_back(it != v.map.end() ? it->second : Lever::constant(v.number));
  }
  return out;
}

std::vector<double> Settings::numbers(const ParamValue& v) const {
  std::vector<double> out;
  for (const auto& l : levers(v)) out.push_back(l.at(0.0));
  return out;
}

}  // namespace pathways
