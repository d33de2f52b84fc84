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
  int years = 10;      ///< horizon: the run ends on 1 January of start_year + years
  double scale = 1.0;  ///< persons represented by one agent
  std::vector<std::string> modules;  ///< module types, in order (order sets event-kind priority)
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
  /// Tells every module (in order) that something about `a` changed.
  void notify(AgentId a, ChangeFlags what);
  /// Marks `a` dead, cancels all its pending events, and notifies modules with change::kDeath.
  void kill(AgentId a);
  /// The module of the given type in this run, or nullptr.
  Module* module(std::string_view type) const;

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
  std::vector<std::string> types_;
  std::vector<std::unique_ptr<Module>> modules_;
  std::vector<Module*> owners_;  ///< owners_[kind]
  EventKind year_end_kind_ = 0;
  Days now_ = 0.0;
  Days horizon_ = 0.0;
  bool finished_ = false;
};

}  // namespace pathways
