// A per-agent exponential clock that keeps its pending draw while its hazard is unchanged.
#pragma once

#include <cfloat>
#include <string>
#include <string_view>
#include <vector>

#include "core/lever.hpp"
#include "core/simulation.hpp"

namespace pathways {

/// The clock of one event kind for every agent, with a hazard that is constant between changes of
/// the agent's state (times an optional calendar-time lever), possibly up to a breakpoint where
/// it changes by itself (a post-release window ending, say).
///
/// Modules call set() whenever something the hazard depends on may have changed. When the hazard
/// is the same as the pending draw's, set() does nothing: by memorylessness the pending time is
/// still an exact draw from the right law, so redrawing would only cost a random draw, a queue
/// entry and a superseded entry left in the queue. In the full model this removed about half the
/// scheduling work. A draw at or beyond the horizon is kept out of the queue but remembered, so it
/// is not redrawn either while the hazard stays the same.
///
/// Per agent the clock keeps one float beside its version slot in the scheduler: > 0, the rate of a pending
/// draw in the queue; < 0, minus the rate of a draw beyond the horizon; 0, no draw (no hazard, or the
/// breakpoint is pending, or the event fired). Rates are compared in float precision, so a change of less
/// than one part in ten million keeps the old draw.
class HazardClock {
 public:
  /// Registers the event kind (handled by `owner`, with a rate beside each agent's version slot)
  /// and the stream its times are drawn from.
  void init(Simulation& sim, std::string_view kind, Module* owner, StreamHandle stream) {
    kind_ = sim.register_kind(kind, owner, KindScope::PerAgentClock);
    stream_ = stream;
  }

  /// Sets the hazard of `a` to `rate_per_day` (times `lever`, if given) until `next_break`, when
  /// the module must be called again (handle() sees fired_at_break()). The lever must not depend
  /// on the agent's state, or set() must be preceded by cancel() when it changes.
  void set(Simulation& sim, AgentId a, double rate_per_day, Days next_break = kNever,
           const Lever* lever = nullptr) {
    const float stored = sim.sched.clock_rate(kind_, a);
    const float r = rate_per_day > 0.0 ? std::max(static_cast<float>(rate_per_day), FLT_MIN) : 0.0f;
    if (r > 0.0f && next_break == kNever && (stored == -r || (stored == r && sim.sched.pending(kind_, a))))
      return;
    const Days now = sim.now();
    Days t = kNever;
    if (r > 0.0f) {
      Draws d = sim.rng.agent_draws(stream_, a);
      const double e = d.exponential();
      t = lever ? next_event_time(*lever, now, rate_per_day, e) : now + e / rate_per_day;
    }
    const bool at_break = next_break <= t;
    if (at_break) t = next_break;
    if (t < sim.horizon()) {
      sim.sched.schedule(kind_, a, t);
      sim.sched.set_clock_rate(kind_, a, at_break ? 0.0f : r);
    } else {
      sim.sched.cancel(kind_, a);
      sim.sched.set_clock_rate(kind_, a, at_break ? 0.0f : -r);
    }
  }

  /// Stops the clock of `a`.
  void cancel(Simulation& sim, AgentId a) {
    sim.sched.cancel(kind_, a);
    sim.sched.set_clock_rate(kind_, a, 0.0f);
  }

  /// In handle(): true when the event that fired is the breakpoint rather than the hazard.
  bool fired_at_break(const Simulation& sim, AgentId a) const {
    return sim.sched.clock_rate(kind_, a) == 0.0f;
  }

  EventKind kind() const { return kind_; }
  StreamHandle stream() const { return stream_; }

 private:
  EventKind kind_ = 0;
  StreamHandle stream_;
};

}  // namespace pathways
