// Harm-reduction levers (needle-syringe programmes, naloxone, peer outreach) readable by other modules.
#pragma once

#include "core/lever.hpp"
#include "core/simulation.hpp"

namespace pathways {

inline constexpr const char* kHarmReductionType = "process.harm_reduction";

/// The harm-reduction levers of a run. All are calendar-time levers (values in their units).
struct HarmReduction {
  Lever nsp_coverage;         ///< share (0..1) of people who inject reached by needle-syringe programmes
  Lever naloxone_coverage;    ///< share (0..1) of opioid overdoses where naloxone is at hand
  Lever outreach_multiplier;  ///< multiplier (>= 0) on voluntary treatment seeking from peer outreach
};

/// The levers of the "process.harm_reduction" module of this run, or nullptr when the module is not
/// in the run. Modules that use it come after it in module order, so its levers are read by then;
/// bind the pointer at init, not per event.
const HarmReduction* harm_reduction_of(Simulation& sim);

}  // namespace pathways
