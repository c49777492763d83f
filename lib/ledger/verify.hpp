// Checking the hash chain: every record re-encoded from its rows and re-hashed, in order.
#pragma once

#include "ledger/ledger.hpp"
#include "util/result.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace slipway::ledger {

/// The first thing found wrong with the chain.
struct ChainProblem {
    std::int64_t record_id = 0; ///< the first record that does not match; 0: not about one
    std::string reason;         ///< a sentence: what does not match and what it suggests
};

/// What verify_chain found.
struct ChainReport {
    std::int64_t records = 0; ///< records in the ledger
    ChainHead head;           ///< the last record, as stored
    std::optional<ChainProblem> problem;
    bool ok() const { return !problem; }
};

/// Verifies the whole chain of `ledger` in one read snapshot: ids start at 1 without gaps;
/// each record's prev_hash is the previous record's hash; each record's hash is the SHA-256
/// of its canonical encoding rebuilt from its rows (so an UPDATE of any column of any table
/// shows); no row of a kind's table belongs to a record of another kind; no records were cut
/// off the end (sqlite's AUTOINCREMENT counter is past the last id). With `anchor` (a head
/// hash kept elsewhere), also requires a record with that hash: this catches a truncated or
/// wholly rewritten chain, which the checks above cannot. `problem` names the lowest record
/// id at fault. Fails only when the database cannot be read.
Result<ChainReport> verify_chain(Ledger& ledger, const std::optional<std::string>& anchor = {});

} // namespace slipway::ledger
