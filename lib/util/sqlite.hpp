// RAII wrappers over sqlite3: one connection, prepared statements, transactions (the ledger
// and the manifest caches store through them).
#pragma once

#include "util/result.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

struct sqlite3;
struct sqlite3_stmt;
struct sqlite3_blob;

namespace slipway::util {

namespace detail {
struct CloseConnection {
    void operator()(sqlite3* db) const;
};
struct FinalizeStatement {
    void operator()(sqlite3_stmt* stmt) const;
};
struct CloseBlob {
    void operator()(sqlite3_blob* blob) const;
};
} // namespace detail

/// The only owners of sqlite handles in the project.
using ConnectionPtr = std::unique_ptr<sqlite3, detail::CloseConnection>;
using StatementPtr = std::unique_ptr<sqlite3_stmt, detail::FinalizeStatement>;

/// Bytes bound as a BLOB (a plain string_view binds as TEXT).
struct Blob {
    std::string_view bytes;
};

/// A value bound to a `?` parameter. The viewed bytes are copied by sqlite while binding.
using SqlValue = std::variant<std::nullptr_t, std::int64_t, std::string_view, Blob>;

/// Whether opening may create the database file.
enum class Create { yes, no };

/// What a database must survive. `full`: a power cut loses nothing a commit returned for (an
/// audit record must outlive the push it answered). `cache`: a power cut may lose the last
/// commits but never corrupts the file (WAL, synchronous=NORMAL), and closing does not
/// checkpoint (sqlite checkpoints when the WAL grows), so an open-write-close costs no fsync.
enum class Durability { full, cache };

/// How long a connection waits for another process's lock before failing: long enough for
/// any sane burst of concurrent pushes, short enough that a wedged writer is reported.
inline constexpr std::chrono::milliseconds busy_timeout = std::chrono::seconds(30);

/// A prepared statement with its parameters bound. Move-only.
class Statement {
public:
    /// Advances to the next row: true when a row is ready, false when the statement is done.
    /// A failure carries sqlite's message and the database path.
    Result<bool> step();
    /// Steps until done, ignoring rows.
    Status run();
    /// Steps through every row, calling `on_row` with the statement positioned on it; stops
    /// at the first failure, of sqlite or of `on_row`, and returns it.
    Status for_each(const std::function<Status()>& on_row);
    /// Rewinds the statement and binds `params` afresh, to run it again without preparing it
    /// again (a query asked once per file of a push).
    Status rebind(std::initializer_list<SqlValue> params);

    /// Column `index` (0-based) of the current row; NULL reads as 0 or "".
    std::int64_t int64(int index) const;
    std::string text(int index) const;
    std::string blob(int index) const;
    bool is_null(int index) const;

private:
    friend class Database;
    Statement(StatementPtr stmt, sqlite3* db, std::string context)
        : m_stmt(std::move(stmt))
        , m_db(db)
        , m_context(std::move(context)) {}

    StatementPtr m_stmt;
    sqlite3* m_db; ///< not owned: the connection that prepared this statement
    std::string m_context;
};

/// One sqlite connection, in WAL mode with busy_timeout, foreign keys on and, unless opened as
/// a cache, synchronous=FULL (an audit record must survive a power cut once its push was
/// answered). Move-only.
class Database {
public:
    /// Opens (with Create::yes, creating) the database file at `path`, as durable as
    /// `durability` says. Does not create directories. Fails with a message naming `path` and
    /// what sqlite said.
    static Result<Database> open(const std::filesystem::path& path, Create create,
                                 Durability durability = Durability::full);

    /// Prepares `sql` and binds `params` to its `?` (or `?N`) parameters in order.
    Result<Statement> prepare(std::string_view sql, std::initializer_list<SqlValue> params = {});
    /// Prepares `sql` with `params` and steps to its first row: the statement positioned on
    /// it (its columns readable), or nullopt when the query returns no row.
    Result<std::optional<Statement>> first_row(std::string_view sql,
                                               std::initializer_list<SqlValue> params = {});
    /// Prepares and runs `sql` (one statement) to completion.
    Status run(std::string_view sql, std::initializer_list<SqlValue> params = {});
    /// Executes `sql`, which may hold several statements and no parameters.
    Status exec(std::string_view sql);
    /// The rowid of the last row inserted through this connection.
    std::int64_t last_insert_rowid() const;
    /// True while a transaction is open on this connection (BEGIN without COMMIT yet).
    bool in_transaction() const;
    /// Writes `bytes` into the BLOB in `column` of row `rowid` of `table`, which must already
    /// hold a blob of exactly that size (`INSERT ... zeroblob(?)`), a piece at a time: sqlite
    /// holds no copy of the whole value, as binding it would (twice: the parameter and the
    /// record). Fails with sqlite's message when the row or column is missing or the size
    /// differs.
    Status write_blob(std::string_view table, std::string_view column, std::int64_t rowid,
                      std::string_view bytes);

    const std::filesystem::path& path() const { return m_path; }

    /// From now on, calls `observer` with the text of every statement this connection starts
    /// (its parameters written in as values), not those triggers run; an empty function
    /// stops. For tests that look at what a function asks sqlite (query plans).
    void observe_statements(std::function<void(const std::string& sql)> observer);

private:
    Database(ConnectionPtr db, std::filesystem::path path)
        : m_db(std::move(db))
        , m_path(std::move(path)) {}
    std::unexpected<Error> error(std::string_view what) const;

    ConnectionPtr m_db;
    std::filesystem::path m_path;
    /// Where sqlite's trace callback finds the observer: stays put when the Database moves.
    std::unique_ptr<std::function<void(const std::string&)>> m_observer;
};

/// A transaction that rolls back when destroyed without commit(). Move-only.
class Transaction {
public:
    /// BEGIN IMMEDIATE: takes the write lock now (waiting up to busy_timeout), so concurrent
    /// writers serialize here instead of failing later on a lock upgrade. Inside a write
    /// transaction already open on `db` it joins that one: commit() then does nothing and the
    /// outer transaction decides (sqlite has no nested BEGIN), so several appends and the
    /// reads that decide them can run as one.
    static Result<Transaction> begin_immediate(Database& db);
    /// BEGIN DEFERRED: a consistent read snapshot (WAL) for several queries.
    static Result<Transaction> begin_read(Database& db);

    Transaction(Transaction&& other) noexcept;
    Transaction& operator=(Transaction&&) = delete;
    Transaction(const Transaction&) = delete;
    ~Transaction();

    /// Commits; afterwards the destructor does nothing.
    Status commit();

private:
    explicit Transaction(Database* db)
        : m_db(db) {}
    Database* m_db; ///< not owned; null once committed, rolled back or moved from, or joined
};

} // namespace slipway::util
