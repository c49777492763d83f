// Accepted pushes that never landed: closing them, so they do not read "accepted" for ever.
#pragma once

#include "ledger/disagreement.hpp"
#include "ledger/ledger.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace slipway::ledger {

/// Records as not landed (RefSync "not-landed", no ref updates) every accepted, unconfirmed
/// push older than `options.settle_time` none of whose refs moved: each of its refs, in
/// `current_refs` (read before calling, as for find_disagreements), holds the ledger's last
/// confirmed value, and that value is not the push's or was confirmed after it. git refused
/// those updates after the gate (another push won the race for the ref, a later hook said
/// no), and post-receive, which git runs only for refs that moved, never spoke. A push whose
/// refs hold a value the ledger cannot explain stays open: find_disagreements reports it.
/// Returns the push ids recorded, oldest first.
Result<std::vector<std::int64_t>>
record_unlanded(Ledger& ledger, const std::map<std::string, std::string>& current_refs,
                const DisagreementOptions& options = {});

} // namespace slipway::ledger
