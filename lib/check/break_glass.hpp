// Break-glass: `git push -o slipway.break-glass="INC-123: why"` by a member of the policy's
// `break_glass:` overrides the change-control rules for one push, recorded as such.
#pragma once

#include "policy/policy.hpp"
#include "report/finding.hpp"

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace slipway::check {

/// The push option that asks for break-glass; its value is the reason.
inline constexpr std::string_view break_glass_option = "slipway.break-glass";

/// The rules break-glass overrides. Only change control: never `identity`, `push-cert`
/// (signatures), `reserved-ref`, manifest validity or any other rule. `approvals` joins this
/// list when it exists.
inline constexpr std::array<std::string_view, 1> overridable_rules = {"freeze"};

/// Applies a break-glass request among `push_options` to `findings` (the ref rules' findings
/// of the push):
/// - none asked: nothing changes;
/// - asked without a reason, or by a pusher who is not an authenticated member of
///   `policy.break_glass`: one `break-glass` error, and nothing is overridden;
/// - asked by a member: each error of an overridable rule becomes a warning saying it was
///   overridden, and one loud `break-glass` warning says so (the ledger's mark of a use, shown
///   by `slipway status` and `log` until an admin acknowledges it); when nothing needed
///   overriding, a `break-glass-unused` warning instead, not counted as a use.
void apply_break_glass(const policy::Policy& policy, const policy::Pusher& pusher,
                       const std::vector<std::string>& push_options, Findings& findings);

} // namespace slipway::check
