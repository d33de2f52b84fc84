// The event record and the total order on events that makes every run reproducible.
#pragma once

#include <cstdint>

#include "core/time.hpp"
#include "core/types.hpp"

namespace pathways {

/// One pending event, packed into 16 bytes (a third less queue memory and sort traffic than a plain
/// 24-byte record). `version` is the (agent, kind) slot's version when the event was scheduled (16
/// bits for an agent's slot, 24 for a global one): an event whose version no longer matches its slot
/// has been cancelled (lazy deletion). The scheduler keeps those bits enough: it purges superseded
/// entries whenever a slot's version wraps, before it can come back to one of them.
struct Event {
  static constexpr std::uint32_t kVersionMask = (1u << 24) - 1;
  static constexpr std::uint32_t kMaxKinds = 256;

  constexpr Event() : kind(0), version(0) {}
  constexpr Event(Days t, EventKind k, AgentId a, std::uint32_t v)
      : time(t), kind(k & (kMaxKinds - 1)), version(v & kVersionMask), agent(a) {}

  Days time = 0.0;
  EventKind kind : 8;
  std::uint32_t version : 24;
  AgentId agent = 0;
};
static_assert(sizeof(Event) == 16, "Event must stay a 16-byte record");

/// Strict total order: time, then kind, then agent, then version (as in ROSS). Two distinct live
/// events never compare equal, so the processing order never depends on queue layout or threads.
constexpr bool event_before(const Event& a, const Event& b) {
  if (a.time != b.time) return a.time < b.time;
  if (a.kind != b.kind) return a.kind < b.kind;
  if (a.agent != b.agent) return a.agent < b.agent;
  return a.version < b.version;
}

}  // namespace pathways
