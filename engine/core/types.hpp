// Basic identifiers shared by the whole engine.
#pragma once

#include <cstdint>
#include <limits>

namespace pathways {

/// Agent identifier: the agent's index in every population column; stable for the whole run.
using AgentId = std::uint32_t;
/// Marks events and draws that belong to the population rather than to one agent.
inline constexpr AgentId kGlobalAgent = std::numeric_limits<AgentId>::max();

/// Identifier of a registered event kind; lower kinds come first among simultaneous events.
using EventKind = std::uint32_t;

}  // namespace pathways
