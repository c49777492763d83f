// RAII wrappers over sqlite3: one connection, prepared statements, transactions (the ledger
// and the manifest caches store through them).
#include "util/sqlite.hpp"
#include "util/sharing.hpp"

#include <sqlite3.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <thread>
#include <utility>

namespace slipway::util {

namespace detail {

void CloseConnection::operator()(sqlite3* db) const {
    if (db)
        sqlite3_close_v2(db);
}

void FinalizeStatement::operator()(sqlite3_stmt* stmt) const {
    if (stmt)
        sqlite3_finalize(stmt);
}

void CloseBlob::operator()(sqlite3_blob* blob) const {
    if (blob)
        sqlite3_blob_close(blob);
}

} // namespace detail

namespace {

// sqlite's message for the last failure on `db`, with a hint for the cases admins meet.
std::string describe(sqlite3* db, int rc) {
    std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    int primary = rc & 0xFF;
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
        message += " (another process held the ledger's lock for more than " +
                   std::to_string(busy_timeout.count() / 1000) + "s)";
    return message;
}

} // namespace

Result<bool> Statement::step() {
    int rc = sqlite3_step(m_stmt.get());
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    return fail(m_context + ": " + describe(m_db, rc));
}

Status Statement::run() {
    return for_each([] { return Status{}; });
}

Status Statement::for_each(const std::function<Status()>& on_row) {
    while (true) {
        SLIPWAY_TRY_LET(row, step());
        if (!*row)
            return {};
        SLIPWAY_TRY(on_row());
    }
}

std::int64_t Statement::int64(int index) const {
    return sqlite3_column_int64(m_stmt.get(), index);
}

std::string Statement::text(int index) const {
    auto* p = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt.get(), index));
    int n = sqlite3_column_bytes(m_stmt.get(), index);
    return p ? std::string(p, static_cast<std::size_t>(n)) : std::string();
}

std::string Statement::blob(int index) const {
    auto* p = static_cast<const char*>(sqlite3_column_blob(m_stmt.get(), index));
    int n = sqlite3_column_bytes(m_stmt.get(), index);
    return p ? std::string(p, static_cast<std::size_t>(n)) : std::string();
}

bool Statement::is_null(int index) const {
    return sqlite3_column_type(m_stmt.get(), index) == SQLITE_NULL;
}

Result<Database> Database::open(const std::filesystem::path& path, Create create,
                                Durability durability) {
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
    if (create == Create::yes)
        flags |= SQLITE_OPEN_CREATE;
    std::error_code ec;
    const bool existed = std::filesystem::exists(path, ec);
    sqlite3* raw = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
    ConnectionPtr handle(raw); // sqlite hands out a handle even when opening fails
    if (rc != SQLITE_OK)
        return fail("cannot open the ledger " + path.string() + ": " + describe(raw, rc));
    // sqlite makes a new file 0644 less the umask, whatever the umask allows; in a repository
    // shared with a group (util::adopt_sharing) the group must write it too. Its -wal and -shm
    // files take the database's mode.
    if (!existed && create == Create::yes)
        ::chmod(path.c_str(), static_cast<mode_t>(util::new_file_mode()));
    sqlite3_extended_result_codes(raw, 1);
    sqlite3_busy_timeout(raw, static_cast<int>(busy_timeout.count()));
    if (durability == Durability::cache)
        sqlite3_db_config(raw, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);

    if (create == Create::yes && sqlite3_db_readonly(raw, "main") == 1)
        return fail("cannot open the ledger " + path.string() +
                    " for writing: the file is read-only for this user");

    Database db(std::move(handle), path);
    // journal_mode answers with the mode in effect; anything but "wal" means the file
    // system cannot do WAL (no shared memory), and concurrent pushes would fail. This is
    // also the first read of the file, where "file is not a database" shows up. While
    // another process creates the file or switches it to WAL, sqlite answers BUSY here
    // without calling the busy handler: retry until busy_timeout.
    auto deadline = std::chrono::steady_clock::now() + busy_timeout;
    std::chrono::milliseconds pause(2);
    std::string mode_name;
    while (true) {
        auto mode = db.prepare("PRAGMA journal_mode=WAL");
        Result<bool> row = mode ? mode->step() : std::unexpected(mode.error());
        if (row) {
            mode_name = *row ? mode->text(0) : std::string("unknown");
            break;
        }
        int code = sqlite3_extended_errcode(raw);
        bool busy = (code & 0xFF) == SQLITE_BUSY || (code & 0xFF) == SQLITE_LOCKED;
        if (!busy || std::chrono::steady_clock::now() >= deadline)
            return fail("cannot open the ledger " + path.string() + ": " + describe(raw, code));
        std::this_thread::sleep_for(pause);
        pause = std::min(pause * 2, std::chrono::milliseconds(100));
    }
    if (mode_name != "wal")
        return fail("cannot open the ledger " + path.string() +
                    ": the file system does not support sqlite's WAL mode (journal mode is " +
                    mode_name + ")");
    if (auto ok = db.exec(durability == Durability::cache
                              ? "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                              : "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
        !ok)
        return std::unexpected(ok.error());
    return db;
}

std::unexpected<Error> Database::error(std::string_view what) const {
    return fail("ledger " + m_path.string() + ": " + std::string(what) + ": " +
                describe(m_db.get(), sqlite3_extended_errcode(m_db.get())));
}

Result<std::optional<Statement>> Database::first_row(std::string_view sql,
                                                     std::initializer_list<SqlValue> params) {
    SLIPWAY_TRY_LET(stmt, prepare(sql, params));
    SLIPWAY_TRY_LET(row, stmt->step());
    if (!*row)
        return std::optional<Statement>();
    return std::optional<Statement>(std::move(*stmt));
}

namespace {

// Binds `params` to `raw`'s parameters in order: 0, or the 1-based index of the one that
// failed.
int bind_all(sqlite3_stmt* raw, std::initializer_list<SqlValue> params) {
    int index = 1;
    for (const auto& value : params) {
        int bound = SQLITE_OK;
        if (std::holds_alternative<std::nullptr_t>(value)) {
            bound = sqlite3_bind_null(raw, index);
        } else if (auto* i = std::get_if<std::int64_t>(&value)) {
            bound = sqlite3_bind_int64(raw, index, *i);
        } else if (auto* s = std::get_if<std::string_view>(&value)) {
            bound = sqlite3_bind_text64(raw, index, s->data(), s->size(), SQLITE_TRANSIENT,
                                        SQLITE_UTF8);
        } else {
            const auto& b = std::get<Blob>(value).bytes;
            bound = sqlite3_bind_blob64(raw, index, b.data(), b.size(), SQLITE_TRANSIENT);
        }
        if (bound != SQLITE_OK)
            return index;
        ++index;
    }
    return 0;
}

int on_trace(unsigned type, void* context, void* statement, void* text) {
    const char* sql = static_cast<const char*>(text);
    if (type != SQLITE_TRACE_STMT || !sql || std::string_view(sql).starts_with("--"))
        return 0; // "-- TRIGGER name": a trigger's statements, part of the one observed
    char* expanded = sqlite3_expanded_sql(static_cast<sqlite3_stmt*>(statement));
    (*static_cast<std::function<void(const std::string&)>*>(context))(expanded ? expanded : sql);
    sqlite3_free(expanded);
    return 0;
}

} // namespace

void Database::observe_statements(std::function<void(const std::string& sql)> observer) {
    if (!observer) {
        sqlite3_trace_v2(m_db.get(), 0, nullptr, nullptr);
        m_observer.reset();
        return;
    }
    m_observer = std::make_unique<std::function<void(const std::string&)>>(std::move(observer));
    sqlite3_trace_v2(m_db.get(), SQLITE_TRACE_STMT, on_trace, m_observer.get());
}

Result<Statement> Database::prepare(std::string_view sql, std::initializer_list<SqlValue> params) {
    sqlite3_stmt* raw = nullptr;
    int rc =
        sqlite3_prepare_v2(m_db.get(), sql.data(), static_cast<int>(sql.size()), &raw, nullptr);
    StatementPtr stmt(raw);
    if (rc != SQLITE_OK)
        return error("preparing `" + std::string(sql.substr(0, 60)) + "`");
    if (int failed = bind_all(raw, params))
        return error("binding parameter " + std::to_string(failed));
    return Statement(std::move(stmt), m_db.get(),
                     "ledger " + m_path.string() + ": `" + std::string(sql.substr(0, 60)) + "`");
}

Status Statement::rebind(std::initializer_list<SqlValue> params) {
    sqlite3_reset(m_stmt.get()); // its code repeats the last step's, reported there already
    sqlite3_clear_bindings(m_stmt.get());
    if (int failed = bind_all(m_stmt.get(), params))
        return fail(m_context + ": binding parameter " + std::to_string(failed) + ": " +
                    describe(m_db, sqlite3_extended_errcode(m_db)));
    return {};
}

Status Database::run(std::string_view sql, std::initializer_list<SqlValue> params) {
    SLIPWAY_TRY_LET(stmt, prepare(sql, params));
    return stmt->run();
}

Status Database::exec(std::string_view sql) {
    std::string text(sql);
    char* message = nullptr;
    int rc = sqlite3_exec(m_db.get(), text.c_str(), nullptr, nullptr, &message);
    std::string what = message ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    if (rc != SQLITE_OK)
        return fail("ledger " + m_path.string() + ": " + what +
                    ((rc & 0xFF) == SQLITE_BUSY || (rc & 0xFF) == SQLITE_LOCKED
                         ? " (another process held the ledger's lock for more than " +
                               std::to_string(busy_timeout.count() / 1000) + "s)"
                         : std::string()));
    return {};
}

std::int64_t Database::last_insert_rowid() const {
    return sqlite3_last_insert_rowid(m_db.get());
}

bool Database::in_transaction() const {
    return sqlite3_get_autocommit(m_db.get()) == 0;
}

Status Database::write_blob(std::string_view table, std::string_view column, std::int64_t rowid,
                            std::string_view bytes) {
    const std::string what = "writing " + std::string(table) + "." + std::string(column) +
                             " of row " + std::to_string(rowid);
    sqlite3_blob* raw = nullptr;
    int rc = sqlite3_blob_open(m_db.get(), "main", std::string(table).c_str(),
                               std::string(column).c_str(), rowid, 1, &raw);
    std::unique_ptr<sqlite3_blob, detail::CloseBlob> blob(raw);
    if (rc != SQLITE_OK)
        return error(what);
    if (static_cast<std::uint64_t>(sqlite3_blob_bytes(raw)) != bytes.size())
        return fail("ledger " + m_path.string() + ": " + what + ": it holds " +
                    std::to_string(sqlite3_blob_bytes(raw)) + " bytes, not " +
                    std::to_string(bytes.size()));
    // A piece at a time, so that no buffer of the whole value is made on the way.
    constexpr std::size_t piece = 1 << 20;
    for (std::size_t offset = 0; offset < bytes.size(); offset += piece) {
        const std::size_t n = std::min(piece, bytes.size() - offset);
        if (sqlite3_blob_write(raw, bytes.data() + offset, static_cast<int>(n),
                               static_cast<int>(offset)) != SQLITE_OK)
            return error(what);
    }
    if (sqlite3_blob_close(blob.release()) != SQLITE_OK)
        return error(what);
    return {};
}

Result<Transaction> Transaction::begin_immediate(Database& db) {
    if (db.in_transaction())
        return Transaction(nullptr); // joined: the open transaction commits or rolls back
    SLIPWAY_TRY(db.exec("BEGIN IMMEDIATE"));
    return Transaction(&db);
}

Result<Transaction> Transaction::begin_read(Database& db) {
    SLIPWAY_TRY(db.exec("BEGIN DEFERRED"));
    return Transaction(&db);
}

Transaction::Transaction(Transaction&& other) noexcept
    : m_db(other.m_db) {
    other.m_db = nullptr;
}

Transaction::~Transaction() {
    if (m_db)
        (void)m_db->exec("ROLLBACK");
}

Status Transaction::commit() {
    Database* db = std::exchange(m_db, nullptr);
    if (!db)
        return {}; // joined an outer transaction, which commits
    auto ok = db->exec("COMMIT");
    if (!ok)
        (void)db->exec("ROLLBACK");
    return ok;
}

} // namespace slipway::util
