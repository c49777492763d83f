// `slipway check`: the gate's manifest verdict, run by a developer in a clone before pushing.
#pragma once

#include "admin/command.hpp"

#include <filesystem>
#include <optional>

namespace slipway::admin {

/// The policy `slipway check` uses when not given --policy: $SLIPWAY_POLICY when set, else
/// `slipway.yaml` or `.slipway/policy.yaml` at the top of the clone `root` (when there is
/// one); nullopt when none exists (the default rules apply).
std::optional<std::filesystem::path>
find_local_policy(const std::optional<std::filesystem::path>& root);

} // namespace slipway::admin
