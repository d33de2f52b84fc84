// The event record and the total order on events that makes every run reproducible.
#pragma once

#include <cstdint>

#include "core/time.hpp"
#include "core/types.hpp"

namespace pathways {

/// One pending event. `version` is the (agent, kind) slot's version when the event was scheduled:
/// an event whose version no longer matches its slot has been cancelled (lazy deletion).
struct Event {
  Days time = 0.0;
  EventKind kind = 0;
  AgentId agent = 0;
  std::uint32_t version = 0;
};

/// Strict total order: time, then kind, then agent, then version (as in ROSS). Two distinct live
/// events never compare equal, so the processing order never depends on queue layout or threads.
constexpr bool event_before(const Event& a, const Event& b) {
  if (a.time != b.time) return a.time < b.time;
  if (a.kind != b.kind) return a.kind < b.kind;
  if (a.agent != b.agent) return a.agent < b.agent;
  return a.version < b.version;
}

}  // namespace pathways
