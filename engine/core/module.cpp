// The module registry, filled by static registration objects in each module's file.
#include "core/module.hpp"

#include <algorithm>
#include <stdexcept>

namespace pathways {

namespace {
std::vector<ModuleInfo>& registry() {
  static std::vector<ModuleInfo> modules;
  return modules;
}
}  // namespace

ModuleRegistration::ModuleRegistration(ModuleInfo info) {
  auto& r = registry();
  for (const auto& m : r) {
    if (m.type == info.type) throw std::logic_error("module registered twice: " + info.type);
    if (m.order == info.order) {
      throw std::logic_error("modules " + m.type + " and " + info.type + " declare the same order " +
                             std::to_string(info.order));
    }
  }
  const auto pos = std::lower_bound(r.begin(), r.end(), info.order,
                                    [](const ModuleInfo& m, int order) { return m.order < order; });
  r.insert(pos, std::move(info));
}

const std::vector<ModuleInfo>& registered_modules() {
  return registry();
}

const ModuleInfo* find_module(std::string_view type) {
  for (const auto& m : registry()) {
    if (m.type == type) return &m;
  }
  return nullptr;
}

std::vector<std::string> in_module_order(std::vector<std::string> types) {
  std::vector<std::pair<int, std::string>> keyed;
  for (auto& t : types) {
    const ModuleInfo* m = find_module(t);
    if (!m) throw std::invalid_argument("unknown module type: " + t);
    keyed.emplace_back(m->order, std::move(t));
  }
  std::sort(keyed.begin(), keyed.end());
  std::vector<std::string> out;
  for (auto& [o, t] : keyed) out.push_back(std::move(t));
  return out;
}

std::vector<Declaration> declarations_of(const std::vector<std::string>& types,
                                         const std::vector<Declaration>& extra) {
  std::vector<Declaration> out;
  for (const auto& t : in_module_order(types)) {
    const ModuleInfo* m = find_module(t);
    out.insert(out.end(), m->declares.begin(), m->declares.end());
  }
  out.insert(out.end(), extra.begin(), extra.end());
  return out;
}

std::vector<ParamSpec> param_specs_of(const std::vector<std::string>& types,
                                      const std::vector<Declaration>& extra) {
  std::vector<ParamSpec> out;
  for (const auto& t : in_module_order(types)) {
    const ModuleInfo* m = find_module(t);
    out.insert(out.end(), m->params.begin(), m->params.end());
  }
  for (const auto& d : extra) {
    const ModuleInfo* m = find_module(d.attribute("service"));
    if (!m || m->declarable != d.domain || !m->params_of_declared) {
      throw std::invalid_argument("no module runs the declared " + d.domain + " '" + d.name + "'");
    }
    const auto specs = m->params_of_declared(d);
    out.insert(out.end(), specs.begin(), specs.end());
  }
  return out;
}

}  // namespace pathways
