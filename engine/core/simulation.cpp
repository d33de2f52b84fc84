// The event loop: pop the next event in total order, dispatch it to its module, close years.
#include "core/simulation.hpp"

#include <new>
#include <stdexcept>

namespace pathways {

namespace {
// Each event starts by reading its agent's scheduler row, record and stream counters; at national
// scale those are cache misses that the handler would meet one after another. Asking for the
// agent of the event four places ahead lets them load while the events before it run (full model
// at 10^6 agents: 0.83 -> 0.99 M events/s; 2 and 8 places ahead were slower). Only a hint: it
// changes no result.
constexpr std::size_t kPrefetchAhead = 4;
}  // namespace

Simulation::Simulation(RunConfig config, const ParamValues& params)
    : calendar{config.start_year},
      rng(config.seed, config.replicate),
      out(config.start_year, config.years),
      config_(std::move(config)),
      params_(params) {
  if (config_.years <= 0) throw std::invalid_argument("simulation horizon must be at least one year");
  horizon_ = calendar.year_start(config_.start_year + config_.years);
  // Year ends are registered first: at a year boundary they precede every other event kind, so
  // an event at exactly 1 January counts in the new year.
  year_end_kind_ = register_kind("core.year_end", nullptr, KindScope::Global);
  for (const auto& type : in_module_order(config_.modules)) {
    const ModuleInfo* info = find_module(type);
    modules_.push_back(info->create());
    subscribes_.push_back(info->subscribes);
    types_.push_back(type);
  }
  declarations_ = declarations_of(types_, config_.declarations);
  for (auto& m : modules_) m->init(*this);
}

EventKind Simulation::register_kind(std::string_view name, Module* owner, KindScope scope) {
  const EventKind k = sched.register_kind(name, scope);
  if (k >= owners_.size()) owners_.resize(k + 1, nullptr);
  owners_[k] = owner;
  return k;
}

void Simulation::reserve_agents(std::size_t n) {
  try {
    pop.reserve(n);
    sched.reserve(n);
    rng.reserve(n);
  } catch (const std::bad_alloc&) {
    // Only a hint: when the system will not promise that much room now (a scenario whose entrants
    // could never fit, say), the arrays grow as agents arrive, as they did without the hint.
  } catch (const std::length_error&) {  // more than a vector can hold: the same
  }
}

AgentId Simulation::add_agents(std::size_t n, const std::function<void(AgentId, std::size_t)>& fill) {
  const AgentId first = pop.append(n);
  sched.resize(pop.size());
  rng.resize(pop.size());
  if (fill) fill(first, n);
  for (auto& m : modules_) m->on_agents_added(*this, first, n);
  return first;
}

void Simulation::notify(AgentId a, ChangeFlags what) {
  pending_.push_back(Change{a, what});
  if (delivering_) return;
  delivering_ = true;
  // Index, not iterator: deliveries may queue more changes.
  for (std::size_t i = 0; i < pending_.size(); ++i) {
    const Change c = pending_[i];
    for (std::size_t m = 0; m < modules_.size(); ++m) {
      if (subscribes_[m] & c.what) modules_[m]->on_agent_changed(*this, c.agent, c.what);
    }
  }
  pending_.clear();
  delivering_ = false;
}

void Simulation::kill(AgentId a) {
  if (!pop.alive(a)) return;
  pop.mark_dead(a);
  sched.cancel_all(a);
  notify(a, change::kDeath);
}

Module* Simulation::module(std::string_view type) const {
  for (std::size_t i = 0; i < types_.size(); ++i) {
    if (types_[i] == type) return modules_[i].get();
  }
  return nullptr;
}

void Simulation::year_end() {
  const int index = out.current_year_index();
  for (auto& m : modules_) m->record_year(*this, index);
  out.advance_year();
  if (out.current_year_index() >= config_.years) {
    finished_ = true;
  } else {
    sched.schedule(year_end_kind_, kGlobalAgent, calendar.year_start(current_year() + 1));
  }
}

SeriesTable Simulation::run() {
  for (auto& m : modules_) m->start(*this);
  sched.schedule(year_end_kind_, kGlobalAgent, calendar.year_start(config_.start_year + 1));
  Event ev;
  while (!finished_ && sched.next(ev, horizon_)) {
    now_ = ev.time;
    if (const Event* later = sched.queue().ahead(kPrefetchAhead); later && later->agent != kGlobalAgent) {
      sched.prefetch(later->agent);
      pop.prefetch(later->agent);
      rng.prefetch(later->agent);
    }
    if (ev.kind == year_end_kind_) {
      year_end();
      continue;
    }
    Module* owner = owners_[ev.kind];
    if (!owner) throw std::logic_error("event kind without a handler: " + sched.kind_name(ev.kind));
    owner->handle(*this, ev);
  }
  if (!finished_) throw std::logic_error("event loop ended before the horizon");
  now_ = horizon_;
  for (auto& m : modules_) m->finish(*this);
  return out.table(config_.scale, sched.processed());
}

}  // namespace pathways
