// Refs versus ledger: finding ref values the ledger did not record or never saw confirmed.
#pragma once

#include "ledger/ledger.hpp"
#include "util/result.hpp"
#include "util/state_paths.hpp"

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace slipway::ledger {

enum class DisagreementKind {
    /// The ref holds a value no record explains: changed outside the hooks (or by hand).
    unrecorded,
    /// The ref holds the value of an accepted push that post-receive never confirmed: the
    /// process died between the ref update and its ledger write.
    unconfirmed,
};

/// One ref whose value the ledger does not account for.
struct RefDisagreement {
    DisagreementKind kind = DisagreementKind::unrecorded;
    std::string ref;
    std::string repository_value; ///< what the ref holds now; empty when absent
    std::string ledger_value;     ///< the last confirmed value; empty when absent or never seen
    /// unconfirmed: the push; unrecorded: the record that set ledger_value (0: none).
    std::int64_t record_id = 0;
    std::string message; ///< one sentence for the pusher or admin
};

struct DisagreementOptions {
    /// Refs under these prefixes are not checked. Slipway's own refs move during deploys,
    /// and deploy_end records them only after they moved.
    std::vector<std::string> ignored_prefixes = {std::string(util::reserved_ref_prefix)};
    /// An accepted push younger than this is still in flight (its post-receive may not have
    /// written yet) and is not reported.
    std::chrono::milliseconds settle_time = std::chrono::minutes(5);
    std::int64_t now_ms = 0; ///< 0: the current time
};

/// Compares `current_refs` (ref name → object id, as the repository holds them now) with
/// what the ledger last confirmed for each ref (ref_sync records and deploy ends; a
/// baseline RefSync written at install covers the refs that existed before). A ref that
/// differs is `unconfirmed` when an accepted, unconfirmed push older than settle_time set
/// it to exactly this value, else `unrecorded`. Accepted pushes that never landed (the ref
/// still holds its confirmed value) are not reported. Sorted by ref.
///
/// Read `current_refs` BEFORE calling: pushes are recorded before their refs move, so a ref
/// read first is always explained by the ledger read after it.
Result<std::vector<RefDisagreement>>
find_disagreements(Ledger& ledger, const std::map<std::string, std::string>& current_refs,
                   const DisagreementOptions& options = {});

} // namespace slipway::ledger
