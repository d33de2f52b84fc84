// What can change about a person in the policy model, as the flags of Simulation::notify.
#pragma once

#include "core/module.hpp"

namespace pathways::change {

inline constexpr ChangeFlags kSetting =
    1u << (kFirstModelBit + 0);  ///< moved between settings (centre, MMT, ...)
inline constexpr ChangeFlags kStage = 1u << (kFirstModelBit + 1);    ///< drug-use stage or injecting changed
inline constexpr ChangeFlags kJustice = 1u << (kFirstModelBit + 2);  ///< registration, arrest record
inline constexpr ChangeFlags kHiv = 1u << (kFirstModelBit + 3);      ///< HIV state or cascade position

}  // namespace pathways::change
