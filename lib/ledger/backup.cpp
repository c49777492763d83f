// Ledger backups: VACUUM INTO for a consistent copy, two extra tables for the refs and the
// time, and a restore that swaps files by rename.
#include "ledger/backup.hpp"

#include "ledger/verify.hpp"

#include <system_error>

namespace slipway::ledger {

namespace fs = std::filesystem;

namespace {

// The backup's own tables. A restored ledger drops them: they describe the copy, not the
// chain, and the hash chain does not cover them.
constexpr std::string_view backup_tables =
    "CREATE TABLE slipway_backup (taken_ms INTEGER NOT NULL);"
    "CREATE TABLE slipway_backup_refs (name TEXT PRIMARY KEY, target TEXT NOT NULL);";

// Removes a half-written file (and the WAL and shared memory files sqlite keeps beside it).
void remove_database_files(const fs::path& file) {
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
        fs::remove(file.string() + suffix, ec);
}

// Copies `db` as of one read snapshot into `to`, which must not exist.
Status vacuum_into(util::Database& db, const fs::path& to) {
    std::error_code ec;
    if (fs::exists(to, ec))
        return fail(to.string() + " already exists: choose a new file name");
    if (auto copied = db.run("VACUUM INTO ?", {std::string_view(to.string())}); !copied) {
        remove_database_files(to);
        return fail("cannot write " + to.string(), copied.error());
    }
    return {};
}

Status write_backup_tables(util::Database& db, const RefSnapshot& refs, std::int64_t taken_ms) {
    SLIPWAY_TRY_LET(tx, util::Transaction::begin_immediate(db));
    SLIPWAY_TRY(db.exec(backup_tables));
    SLIPWAY_TRY(db.run("INSERT INTO slipway_backup (taken_ms) VALUES (?)", {taken_ms}));
    for (const auto& [name, target] : refs)
        SLIPWAY_TRY(db.run("INSERT INTO slipway_backup_refs (name, target) VALUES (?, ?)",
                           {std::string_view(name), std::string_view(target)}));
    return tx->commit();
}

Result<BackupInfo> read_backup_tables(util::Database& db, const fs::path& file) {
    BackupInfo info;
    auto taken = db.first_row("SELECT taken_ms FROM slipway_backup");
    if (!taken)
        return fail(file.string() + " is not a backup written by `slipway audit backup`");
    if (!*taken)
        return fail(file.string() + " is a damaged backup: it does not say when it was taken");
    info.taken_ms = (*taken)->int64(0);
    SLIPWAY_TRY_LET(refs, db.prepare("SELECT name, target FROM slipway_backup_refs"));
    SLIPWAY_TRY(refs->for_each([&]() -> Status {
        info.refs[refs->text(0)] = refs->text(1);
        return {};
    }));
    return info;
}

// Renames `from` (and its WAL) to `to` when it exists; the shared-memory file is only an
// index of the WAL and goes.
Result<bool> move_database_aside(const fs::path& from, const fs::path& to) {
    std::error_code ec;
    if (!fs::exists(from, ec))
        return false;
    fs::rename(from, to, ec);
    if (ec)
        return fail("cannot move the ledger " + from.string() + " aside: " + ec.message());
    if (fs::exists(from.string() + "-wal", ec)) {
        fs::rename(from.string() + "-wal", to.string() + "-wal", ec);
        if (ec)
            return fail("cannot move the ledger's WAL " + from.string() +
                        "-wal aside: " + ec.message());
    }
    fs::remove(from.string() + "-shm", ec);
    return true;
}

} // namespace

Result<BackupInfo> write_backup(Ledger& ledger, const RefSnapshot& refs, const fs::path& file,
                                std::int64_t taken_ms) {
    SLIPWAY_TRY(vacuum_into(ledger.database(), file));
    auto written = [&]() -> Result<BackupInfo> {
        SLIPWAY_TRY_LET(copy, util::Database::open(file, util::Create::no));
        SLIPWAY_TRY(write_backup_tables(*copy, refs, taken_ms));
        return read_backup(file);
    }();
    if (!written)
        remove_database_files(file);
    return written;
}

Result<BackupInfo> read_backup(const fs::path& file) {
    std::error_code ec;
    if (!fs::is_regular_file(file, ec))
        return fail("no backup at " + file.string());
    SLIPWAY_TRY_LET(copy, Ledger::open(file, util::Create::no));
    SLIPWAY_TRY_LET(info, read_backup_tables(copy->database(), file));
    SLIPWAY_TRY_LET(report, verify_chain(*copy));
    if (!report->ok())
        return fail(file.string() + " does not verify, so it cannot be restored: record #" +
                    std::to_string(report->problem->record_id) + ": " + report->problem->reason);
    info->records = report->records;
    info->head = report->head;
    return info;
}

Result<std::optional<fs::path>> restore_backup(const fs::path& file, const fs::path& ledger_path,
                                               std::int64_t now_ms) {
    const fs::path staged = ledger_path.string() + ".restoring";
    remove_database_files(staged);
    {
        SLIPWAY_TRY_LET(backup, util::Database::open(file, util::Create::no));
        SLIPWAY_TRY(vacuum_into(*backup, staged));
    }
    auto prepared = [&]() -> Status {
        SLIPWAY_TRY_LET(db, util::Database::open(staged, util::Create::no));
        return db->exec("DROP TABLE slipway_backup; DROP TABLE slipway_backup_refs;");
    }(); // closing the connection checkpoints the WAL into the file and syncs it
    if (!prepared) {
        remove_database_files(staged);
        return std::unexpected(prepared.error());
    }
    const fs::path kept = ledger_path.string() + ".replaced-" + std::to_string(now_ms);
    SLIPWAY_TRY_LET(moved, move_database_aside(ledger_path, kept));
    std::error_code ec;
    fs::rename(staged, ledger_path, ec);
    if (ec)
        return fail("cannot put the restored ledger in place at " + ledger_path.string() + ": " +
                    ec.message() + (*moved ? "; the old ledger is at " + kept.string() : ""));
    if (*moved)
        return std::optional<fs::path>(kept);
    return std::optional<fs::path>();
}

} // namespace slipway::ledger
