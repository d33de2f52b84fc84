// The module interface (one process of the model) and the registry that maps a type name to it.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/event.hpp"
#include "core/params.hpp"

namespace pathways {

class Simulation;

/// Bit flags describing what changed about an agent, passed to Module::on_agent_changed so that
/// modules redraw only the hazards that depend on it.
using ChangeFlags = std::uint32_t;
namespace change {
inline constexpr ChangeFlags kSetting = 1u << 0;    ///< moved between settings (centre, MMT, ...)
inline constexpr ChangeFlags kStage = 1u << 1;      ///< drug-use stage or injecting changed
inline constexpr ChangeFlags kJustice = 1u << 2;    ///< registration, arrest record
inline constexpr ChangeFlags kHiv = 1u << 3;        ///< HIV state or cascade position
inline constexpr ChangeFlags kDeath = 1u << 4;      ///< died (all pending events already cancelled)
inline constexpr ChangeFlags kEntered = 1u << 5;    ///< newly created agent
}  // namespace change

/// A process of the model. Lifecycle: init (register columns, event kinds, streams, metrics; read
/// parameters) for every module in order; then start (create agents, schedule global events);
/// then the event loop calls handle() for the kinds the module registered, and record_year() at
/// each year end; finish() after the horizon.
class Module {
 public:
  virtual ~Module() = default;
  virtual void init(Simulation& sim) = 0;
  virtual void start(Simulation&) {}
  virtual void handle(Simulation& sim, const Event& ev) = 0;
  /// Agents [first, first + count) were just created: set their columns, schedule their events.
  virtual void on_agents_added(Simulation&, AgentId /*first*/, std::size_t /*count*/) {}
  /// Something about `agent` changed (flags say what); the module redraws what depends on it.
  virtual void on_agent_changed(Simulation&, AgentId, ChangeFlags) {}
  /// Called at the end of each simulated year (index from 0), before that year's outputs close.
  virtual void record_year(Simulation&, int /*year_index*/) {}
  virtual void finish(Simulation&) {}
};

struct ModuleInfo {
  std::string type;         ///< registry key, e.g. "pathway.mmt"
  std::string description;  ///< one line for `pathways describe`
  std::vector<ParamSpec> params;
  std::function<std::unique_ptr<Module>()> create;
};

/// Every registered module, sorted by type.
const std::vector<ModuleInfo>& registered_modules();
/// The module registered under `type`, or nullptr.
const ModuleInfo* find_module(std::string_view type);
/// Parameter specs of the given modules, in order.
std::vector<ParamSpec> param_specs_of(const std::vector<std::string>& types);

/// Registration object: `static const ModuleRegistration reg{ModuleInfo{...}};` in the module's
/// own .cpp file is all it takes to plug a module in.
struct ModuleRegistration {
  explicit ModuleRegistration(ModuleInfo info);
};

}  // namespace pathways
