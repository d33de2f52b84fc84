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
  const auto pos = std::lower_bound(r.begin(), r.end(), info.type,
                                    [](const ModuleInfo& m, const std::string& t) { return m.type < t; });
  if (pos != r.end() && pos->type == info.type) throw std::logic_error("module registered twice: " + info.type);
  r.insert(pos, std::move(info));
}

const std::vector<ModuleInfo>& registered_modules() { return registry(); }

const ModuleInfo* find_module(std::string_view type) {
  for (const auto& m : registry()) {
    if (m.type == type) return &m;
  }
  return nullptr;
}

std::vector<ParamSpec> param_specs_of(const std::vector<std::string>& types) {
  std::vector<ParamSpec> out;
  for (const auto& t : types) {
    const ModuleInfo* m = find_module(t);
    if (!m) throw std::invalid_argument("unknown module type: " + t);
    out.insert(out.end(), m->params.begin(), m->params.end());
  }
  return out;
}

}  // namespace pathways
