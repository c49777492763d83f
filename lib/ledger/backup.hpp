// Ledger backups: a consistent copy of the ledger with the refs it matches, written by `slipway
// audit backup` and brought back by `slipway audit restore`.
#pragma once

#include "ledger/ledger.hpp"
#include "util/result.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace slipway::ledger {

/// A repository's refs: full name → object id in hex.
using RefSnapshot = std::map<std::string, std::string>;

/// What a backup file holds besides the records.
struct BackupInfo {
    std::int64_t records = 0;  ///< records in the backup
    ChainHead head;            ///< its last record
    std::int64_t taken_ms = 0; ///< when it was taken
    RefSnapshot refs;          ///< the repository's refs, read just before the records
};

/// Writes backup `file`, which must not exist yet: every record of `ledger` as of one read
/// snapshot (sqlite's VACUUM INTO, which a concurrent push neither blocks nor tears), and
/// `refs` with `taken_ms`. Read `refs` before calling this: a push that lands in between is
/// then in the copy as a push the refs do not show yet (normal: post-receive had not
/// confirmed it), never the other way round (a ref moved that no record explains). Fails,
/// removing what it wrote, when `file` exists, cannot be written, or `ledger` cannot be read.
Result<BackupInfo> write_backup(Ledger& ledger, const RefSnapshot& refs,
                                const std::filesystem::path& file, std::int64_t taken_ms);

/// Reads backup `file` and verifies its hash chain. Fails when it is not a Slipway ledger
/// backup, or its chain does not verify (naming the first bad record).
Result<BackupInfo> read_backup(const std::filesystem::path& file);

/// Puts the records of backup `file` (already read by read_backup()) in place of the ledger at
/// `ledger_path`, through a copy beside it renamed over it, so a crash leaves the old ledger
/// or the new one, never half of each. The ledger it replaces, with its WAL, is kept as
/// `<ledger>.replaced-<now_ms>` (returned; nullopt when there was none). Run it while nobody
/// pushes: a hook that has the old ledger open would write into the kept copy.
Result<std::optional<std::filesystem::path>>
restore_backup(const std::filesystem::path& file, const std::filesystem::path& ledger_path,
               std::int64_t now_ms);

} // namespace slipway::ledger
