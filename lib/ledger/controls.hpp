// Reading change-control decisions: whether an environment is frozen, a commit quarantined,
// and which break-glass pushes no admin acknowledged yet.
#pragma once

#include "ledger/ledger.hpp"
#include "ledger/queries.hpp"
#include "util/result.hpp"

#include <optional>
#include <string_view>
#include <vector>

namespace slipway::ledger {

/// The rule id of the finding that marks a push as a use of break-glass (check/break_glass).
inline constexpr std::string_view break_glass_rule = "break-glass";

/// The freeze in force on `environment` (at `at_ms`, when given: as the ledger stood then):
/// its last freeze or thaw record when that is a freeze; nullopt when it was never frozen or
/// was thawed since.
Result<std::optional<ControlEntry>> find_freeze(Ledger& ledger, std::string_view environment,
                                                std::optional<std::int64_t> at_ms = {});

/// The operator quarantine in force on `commit` (a full id): its last quarantine or
/// unquarantine record when that is a quarantine; nullopt otherwise.
Result<std::optional<ControlEntry>> find_quarantine(Ledger& ledger, std::string_view commit);

/// Accepted pushes that used break-glass (a `break-glass` warning among their findings) and
/// that no acknowledge record names, oldest first; with `environment`, only those with a ref
/// update for it. Deploy outputs are not loaded.
Result<std::vector<PushEntry>>
unacknowledged_break_glass(Ledger& ledger, std::optional<std::string_view> environment = {});

} // namespace slipway::ledger
