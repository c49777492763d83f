// The ledger store: opening `<repo>.git/slipway/ledger.db`, appending chained records, reading
// them.
#pragma once

#include "ledger/records.hpp"
#include "util/result.hpp"
#include "util/sqlite.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace slipway::ledger {

/// The last record of the chain: what `slipway audit head` prints, to be kept elsewhere.
struct ChainHead {
    std::int64_t id = 0;             ///< 0 for an empty ledger
    std::string hash = genesis_hash; ///< 64 zeros for an empty ledger
    std::int64_t time_ms = 0;
};

/// Whether reading a record decompresses its deploy output (show) or leaves it empty (log).
enum class Output { include, omit };

/// An open ledger. Move-only; one per process (or per thread: connections are not shared).
class Ledger {
public:
    /// Opens the ledger at `path` and migrates its schema to the latest version. With
    /// util::Create::yes (the hooks) the file and its directory are created when missing; with
    /// util::Create::no (admin commands) a missing file is an error saying nothing was recorded.
    /// Every failure names `path` and the cause: an unwritable directory, a file that is not
    /// a database, a schema newer than this build.
    static Result<Ledger> open(const std::filesystem::path& path,
                               util::Create create = util::Create::yes);

    /// Appends `body` as the next record of the chain, at `time_ms` (0: now), and returns its
    /// id. A time before the last record's (the clock was set back) is raised to it:
    /// record times never decrease; clock_behind_ms() then says by how much. Runs under BEGIN
    /// IMMEDIATE: concurrent writers (other processes) wait for each other, so the chain stays
    /// linear. Fails, writing nothing, when the database cannot be written, or when `body` refers
    /// to a record that is not of the right kind (a deploy_end whose deploy_id is no deploy start,
    /// or whose deploy already ended; a push_id that is no push).
    Result<std::int64_t> append(const RecordBody& body, std::int64_t time_ms = 0);

    /// Record `id`, nullopt when there is none. With Output::omit target outputs are left
    /// empty (and the record cannot be re-hashed). Fails when the record's rows are
    /// inconsistent (a missing row of its kind, an unknown enum text, corrupt compressed
    /// output), naming the record.
    Result<std::optional<Record>> read(std::int64_t id, Output output = Output::include);

    /// The last record of the chain (ChainHead{} when empty).
    Result<ChainHead> head();

    /// sqlite's `PRAGMA quick_check` of the whole file (every page, every index; no hashes):
    /// nullopt when it is sound, else what sqlite found, in one line. Cost grows with the
    /// file (see docs/benchmarks.md), so the hooks run it every integrity_interval records.
    Result<std::optional<std::string>> check_integrity();
    static constexpr std::int64_t integrity_interval = 64;
    /// True when the gate should run check_integrity() before this push: once per
    /// integrity_interval records (the records added since the previous push's gate looked
    /// hold a multiple of it), and for a ledger that has no push yet.
    Result<bool> integrity_due();

    /// How far the clock was behind the chain at the last append() (0: it was not), so a
    /// hook can warn that the server's clock went back.
    std::int64_t clock_behind_ms() const { return m_clock_behind_ms; }

    /// The connection, for the query functions of this layer.
    util::Database& database() { return m_db; }
    const std::filesystem::path& path() const { return m_db.path(); }

private:
    explicit Ledger(util::Database db)
        : m_db(std::move(db)) {}
    Status insert_body(std::int64_t id, const RecordBody& body);
    Status check_references(const RecordBody& body);

    util::Database m_db;
    std::int64_t m_clock_behind_ms = 0;
};

} // namespace slipway::ledger
