// The module interface (one process of the model) and the registry that maps a type name to it.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/event.hpp"
#include "core/params.hpp"

namespace pathways {

class Simulation;

/// Bit flags describing what changed about an agent, passed to Module::on_agent_changed so that
/// modules redraw only the hazards that depend on it. The core defines only death; the model
/// above it defines what its changes mean (model/changes.hpp) from kFirstModelBit on.
using ChangeFlags = std::uint32_t;
namespace change {
inline constexpr ChangeFlags kDeath = 1u << 0;  ///< died (all pending events already cancelled)
inline constexpr unsigned kFirstModelBit = 1;
inline constexpr ChangeFlags kAll = ~ChangeFlags{0};
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

/// Something named that a module or a scenario declares for the layers above the core to interpret
/// (a setting of the policy model, say). The core only carries it: domain, name and attributes.
struct Declaration {
  std::string domain;                             ///< e.g. "setting"
  std::string name;                               ///< e.g. "compulsory_centre"
  std::map<std::string, std::string> attributes;  ///< e.g. class: detention, label: ...
  /// The attribute `key`, or "" when absent.
  std::string attribute(const std::string& key) const {
    const auto it = attributes.find(key);
    return it == attributes.end() ? std::string() : it->second;
  }
};

/// A rule across parameters (or between parameters and declared entities), checked when a scenario
/// is loaded, so that `validate` and `run` accept exactly the same files.
struct ParamRule {
  std::vector<std::string>
      keys;              ///< parameters involved; a problem is reported where the scenario sets the last
  std::string expected;  ///< what must hold, in words
  /// "" when the rule holds; otherwise what was found instead.
  std::function<std::string(const ParamValues&, const std::vector<Declaration>&)> check;
};

struct ModuleInfo {
  std::string type{};         ///< registry key, e.g. "service.mmt"
  std::string description{};  ///< one line for `pathways describe`
  std::vector<ParamSpec> params{};
  std::function<std::unique_ptr<Module>()> create{};
  /// Position among the modules of a run, whatever order a scenario lists them in: modules are
  /// initialised, notified and asked to record their year in this order, and their event kinds
  /// are numbered in it, so it decides which of two simultaneous events comes first. Unique.
  int order = 0;
  std::vector<std::string> needs{};     ///< capabilities that must be in the run (checked when loading)
  std::vector<std::string> uses{};      ///< capabilities used when present
  std::vector<std::string> provides{};  ///< capabilities offered (the type itself is always one)
  ChangeFlags subscribes = 0;           ///< the changes on_agent_changed is called for
  std::vector<Declaration> declares{};  ///< entities the module always provides (settings it runs)
  /// A domain of which scenarios may declare more entities run by this module ("" for none), and
  /// the parameters of one such entity (their keys start with the entity's name).
  std::string declarable{};
  std::function<std::vector<ParamSpec>(const Declaration&)> params_of_declared{};
  std::vector<ParamRule> rules{};  ///< checked at load time with the resolved values
};

/// Every registered module, sorted by order.
const std::vector<ModuleInfo>& registered_modules();
/// The module registered under `type`, or nullptr.
const ModuleInfo* find_module(std::string_view type);
/// `types` sorted by their declared order (unknown types throw std::invalid_argument).
std::vector<std::string> in_module_order(std::vector<std::string> types);
/// Every entity the given modules declare themselves, then `extra` (declared by a scenario), in
/// module order.
std::vector<Declaration> declarations_of(const std::vector<std::string>& types,
                                         const std::vector<Declaration>& extra = {});
/// Parameter specs of the given modules, in module order, then those of the entities in `extra`
/// (each from the module that runs its domain, named by its "service" attribute).
std::vector<ParamSpec> param_specs_of(const std::vector<std::string>& types,
                                      const std::vector<Declaration>& extra = {});

/// Registration object: `static const ModuleRegistration reg{ModuleInfo{...}};` in the module's
/// own .cpp file is all it takes to plug a module in.
struct ModuleRegistration {
  explicit ModuleRegistration(ModuleInfo info);
};

}  // namespace pathways
