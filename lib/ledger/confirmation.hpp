// post-receive's first duty: confirming in the ledger that a push's refs moved.
#pragma once

#include "ledger/ledger.hpp"
#include "ledger/records.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace slipway::ledger {

/// Appends the RefSync that confirms `landed` (the updates post-receive was told about),
/// linked to the accepted push record they came from (0 when none matches, e.g. a push made
/// while the hooks were not installed). Returns that push record's id.
Result<std::int64_t> confirm_landed(Ledger& ledger, const std::vector<RefChange>& landed);

} // namespace slipway::ledger
