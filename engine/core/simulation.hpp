// One replicate: the population, scheduler, random streams, outputs and modules, and the event loop.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/module.hpp"
#include "core/outputs.hpp"
#include "core/params.hpp"
#include "core/population.hpp"
#include "core/rng.hpp"
#include "core/scheduler.hpp"
#include "core/time.hpp"

namespace pathways {

struct RunConfig {
  std::uint64_t seed = 1;
  std::uint64_t replicate = 0;
  int start_year = 2025;
  int years = 10;                    ///< horizon: the run ends on 1 January of start_year + years
  double scale = 1.0;                ///< persons represented by one agent
  std::vector<std::string> modules;  ///< module types (run in their declared order, whatever the order here)
  std::vector<Declaration> declarations;  ///< entities declared by the scenario (e.g. extra settings)
};

class Simulation {
 public:
  Simulation(RunConfig config, const ParamValues& params);
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;

  /// Runs to the horizon and returns the outputs in persons.
  SeriesTable run();

  // --- services for modules ---------------------------------------------------------------
  /// Registers an event kind handled by `owner`: per agent, or global (scheduled for kGlobalAgent
  /// only, and then without per-agent memory).
  EventKind register_kind(std::string_view name, Module* owner, KindScope scope = KindScope::PerAgent);
  /// Creates n agents: `fill` (if given) sets their attributes first, then every module's
  /// on_agents_added runs for them. Returns the first id.
  AgentId add_agents(std::size_t n, const std::function<void(AgentId first, std::size_t n)>& fill = {});
  /// A hint that about n agents will exist in all: the population records, version slots and stream
  /// counters get room for them now, so that agents added during the run move nothing. Without it a
  /// growing national population is copied whenever it outgrows its arrays, and at that moment holds
  /// the old and the new copy (at 10^7 agents, gigabytes). No effect on results, and never an
  /// error: room the system refuses now is simply not reserved.
  void reserve_agents(std::size_t n);
  /// Tells the modules subscribed to any of `what` (in module order) that something about `a`
  /// changed. A notification raised while one is being delivered is queued and delivered after
  /// it, so no module is ever re-entered and every module sees every change once, in FIFO order.
  void notify(AgentId a, ChangeFlags what);
  /// Marks `a` dead, cancels all its pending events, and notifies modules with change::kDeath.
  void kill(AgentId a);
  /// The module of the given type in this run, or nullptr.
  Module* module(std::string_view type) const;
  /// The module types of this run, in module order.
  const std::vector<std::string>& module_types() const { return types_; }
  /// Every entity declared in this run: by its modules, then by the scenario.
  const std::vector<Declaration>& declarations() const { return declarations_; }

  Days now() const { return now_; }
  Days horizon() const { return horizon_; }
  int current_year() const { return config_.start_year + out.current_year_index(); }
  const RunConfig& config() const { return config_; }
  const ParamValues& params() const { return params_; }

  Calendar calendar;
  Population pop;
  Scheduler sched;
  RandomStreams rng;
  Outputs out;

 private:
  void year_end();

  RunConfig config_;
  const ParamValues& params_;
  struct Change {
    AgentId agent;
    ChangeFlags what;
  };
  std::vector<std::string> types_;
  std::vector<Declaration> declarations_;
  std::vector<std::unique_ptr<Module>> modules_;
  std::vector<ChangeFlags> subscribes_;  ///< per module
  std::vector<Change> pending_;          ///< changes queued during a delivery
  bool delivering_ = false;
  std::vector<Module*> owners_;  ///< owners_[kind]
  EventKind year_end_kind_ = 0;
  Days now_ = 0.0;
  Days horizon_ = 0.0;
  bool finished_ = false;
};

}  // namespace pathways
