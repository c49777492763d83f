// The ledger's tables, their version, and the migrations run when a ledger is opened.
#pragma once

#include "util/result.hpp"
#include "util/sqlite.hpp"

#include <span>
#include <string_view>

namespace slipway::ledger {

/// One step of the schema: applied once, in order, inside the transaction that records it
/// in the `schema_version` table.
struct Migration {
    int version;                  ///< 1, 2, ... without gaps
    std::string_view description; ///< stored with the version, for whoever inspects the file
    std::string_view sql;         ///< one or more statements
};

/// Every migration this build knows, oldest first.
std::span<const Migration> migrations();

/// The version the last of migrations() brings a ledger to.
int latest_schema_version();

/// The version of the ledger in `db`: the highest row of `schema_version`, 0 for a database
/// without that table (a new file).
Result<int> schema_version(util::Database& db);

/// Brings `db` to the last of `steps` (default: migrations()), under BEGIN IMMEDIATE so that
/// concurrent openers migrate exactly once. Fails, changing nothing, when a step fails or
/// when the ledger is newer than the last step (written by a newer Slipway).
Status migrate(util::Database& db, std::span<const Migration> steps = migrations());

} // namespace slipway::ledger
