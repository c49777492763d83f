// Tests for util/sqlite: binding and reading values, transactions, locks, open errors.
#include "support/temp_repo.hpp"
#include "util/sqlite.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

using namespace slipway::util;
namespace fs = std::filesystem;

namespace {

std::int64_t count(Database& db, const char* sql) {
    auto stmt = db.prepare(sql);
    REQUIRE(stmt);
    REQUIRE(stmt->step().value());
    return stmt->int64(0);
}

} // namespace

TEST_CASE("a new database is in WAL mode and binds and reads every value type") {
    slipway::test::TempDir dir;
    auto db = Database::open(dir.path() / "t.db", Create::yes);
    REQUIRE(db);
    auto mode = db->prepare("PRAGMA journal_mode");
    REQUIRE(mode);
    REQUIRE(mode->step().value());
    CHECK(mode->text(0) == "wal");

    REQUIRE(db->exec("CREATE TABLE t (i INTEGER, s TEXT, b BLOB, n TEXT)"));
    std::string bytes("\0\x01\xff", 3);
    REQUIRE(db->run("INSERT INTO t VALUES (?, ?, ?, ?)",
                    {std::int64_t{-7}, "héllo", Blob{bytes}, nullptr}));
    CHECK(db->last_insert_rowid() == 1);
    auto row = db->prepare("SELECT i, s, b, n FROM t WHERE i = ?", {std::int64_t{-7}});
    REQUIRE(row);
    REQUIRE(row->step().value());
    CHECK(row->int64(0) == -7);
    CHECK(row->text(1) == "héllo");
    CHECK(row->blob(2) == bytes);
    CHECK(row->is_null(3));
    CHECK(row->text(3).empty());
    CHECK_FALSE(row->step().value());
}

TEST_CASE("first_row: the statement on its first row, none, or the error") {
    slipway::test::TempDir dir;
    auto db = Database::open(dir.path() / "t.db", Create::yes);
    REQUIRE(db);
    REQUIRE(db->exec("CREATE TABLE t (i INTEGER); INSERT INTO t VALUES (1), (2)"));
    auto first = db->first_row("SELECT i FROM t WHERE i >= ? ORDER BY i", {std::int64_t{1}});
    REQUIRE(first);
    REQUIRE(*first);
    CHECK((*first)->int64(0) == 1);
    CHECK((*first)->step().value()); // still the whole query
    CHECK((*first)->int64(0) == 2);
    auto none = db->first_row("SELECT i FROM t WHERE i > 2");
    REQUIRE(none);
    CHECK_FALSE(*none);
    auto bad = db->first_row("SELECT nope FROM t");
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message.find("no such column: nope") != std::string::npos);
}

TEST_CASE("sql errors are values naming the database and what sqlite said") {
    slipway::test::TempDir dir;
    auto db = Database::open(dir.path() / "t.db", Create::yes);
    REQUIRE(db);
    auto bad = db->prepare("SELECT nope FROM nowhere");
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message == "ledger " + (dir.path() / "t.db").string() +
                                     ": preparing `SELECT nope FROM nowhere`: no such table: "
                                     "nowhere");
    REQUIRE(db->exec("CREATE TABLE t (x INTEGER NOT NULL)"));
    auto null = db->run("INSERT INTO t VALUES (?)", {nullptr});
    REQUIRE_FALSE(null);
    CHECK(null.error().message == "ledger " + (dir.path() / "t.db").string() +
                                      ": `INSERT INTO t VALUES (?)`: NOT NULL constraint "
                                      "failed: t.x");
}

TEST_CASE("write_blob fills a zeroblob a piece at a time, and refuses a missing row or a size "
          "that differs") {
    slipway::test::TempDir dir;
    const auto path = (dir.path() / "t.db").string();
    auto db = Database::open(path, Create::yes);
    REQUIRE(db);
    REQUIRE(db->exec("CREATE TABLE t (name TEXT, b BLOB)"));
    // 3 MiB and a bit: more than one piece.
    std::string bytes;
    for (int i = 0; bytes.size() < (3u << 20) + 5; ++i)
        bytes += std::to_string(i) + '\0';
    REQUIRE(db->run("INSERT INTO t VALUES ('big', zeroblob(?))",
                    {static_cast<std::int64_t>(bytes.size())}));
    const auto rowid = db->last_insert_rowid();
    REQUIRE(db->write_blob("t", "b", rowid, bytes));
    auto row = db->first_row("SELECT b FROM t WHERE name = 'big'");
    REQUIRE(row);
    REQUIRE(*row);
    CHECK((*row)->blob(0) == bytes);

    auto shorter = db->write_blob("t", "b", rowid, "abc");
    REQUIRE_FALSE(shorter);
    CHECK(shorter.error().message == "ledger " + path + ": writing t.b of row " +
                                         std::to_string(rowid) + ": it holds " +
                                         std::to_string(bytes.size()) + " bytes, not 3");
    auto missing = db->write_blob("t", "b", rowid + 1, "abc");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().message.starts_with("ledger " + path + ": writing t.b of row " +
                                              std::to_string(rowid + 1) + ": "));
    CHECK(missing.error().message.find("no such rowid") != std::string::npos);
}

TEST_CASE("a transaction rolls back unless committed") {
    slipway::test::TempDir dir;
    auto db = Database::open(dir.path() / "t.db", Create::yes);
    REQUIRE(db);
    REQUIRE(db->exec("CREATE TABLE t (x INTEGER)"));
    {
        auto tx = Transaction::begin_immediate(*db);
        REQUIRE(tx);
        REQUIRE(db->run("INSERT INTO t VALUES (1)"));
    }
    CHECK(count(*db, "SELECT count(*) FROM t") == 0);
    {
        auto tx = Transaction::begin_immediate(*db);
        REQUIRE(tx);
        REQUIRE(db->run("INSERT INTO t VALUES (1)"));
        REQUIRE(tx->commit());
    }
    CHECK(count(*db, "SELECT count(*) FROM t") == 1);
}

TEST_CASE("a transaction begun inside another joins it: the outer one commits or rolls back") {
    slipway::test::TempDir dir;
    auto db = Database::open(dir.path() / "t.db", Create::yes);
    REQUIRE(db);
    REQUIRE(db->exec("CREATE TABLE t (x INTEGER)"));
    {
        auto outer = Transaction::begin_immediate(*db);
        REQUIRE(outer);
        auto inner = Transaction::begin_immediate(*db);
        REQUIRE(inner);
        REQUIRE(db->run("INSERT INTO t VALUES (1)"));
        REQUIRE(inner->commit());
        CHECK(db->in_transaction());
    } // the outer one is dropped: the inner insert goes with it
    CHECK_FALSE(db->in_transaction());
    CHECK(count(*db, "SELECT count(*) FROM t") == 0);
    {
        auto outer = Transaction::begin_immediate(*db);
        REQUIRE(outer);
        {
            auto inner = Transaction::begin_immediate(*db);
            REQUIRE(inner);
            REQUIRE(db->run("INSERT INTO t VALUES (1)"));
        } // dropping the inner one leaves the outer one open
        CHECK(db->in_transaction());
        REQUIRE(outer->commit());
    }
    CHECK(count(*db, "SELECT count(*) FROM t") == 1);
}

TEST_CASE("BEGIN IMMEDIATE waits for another connection's write lock instead of failing") {
    slipway::test::TempDir dir;
    auto first = Database::open(dir.path() / "t.db", Create::yes);
    REQUIRE(first);
    REQUIRE(first->exec("CREATE TABLE t (x INTEGER)"));
    auto second = Database::open(dir.path() / "t.db", Create::no);
    REQUIRE(second);

    auto held = Transaction::begin_immediate(*first);
    REQUIRE(held);
    REQUIRE(first->run("INSERT INTO t VALUES (1)"));
    std::thread release([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        (void)held->commit();
    });
    auto started = std::chrono::steady_clock::now();
    auto waited = Transaction::begin_immediate(*second);
    auto elapsed = std::chrono::steady_clock::now() - started;
    release.join();
    REQUIRE(waited);
    CHECK(elapsed >= std::chrono::milliseconds(200));
    REQUIRE(second->run("INSERT INTO t VALUES (2)"));
    REQUIRE(waited->commit());
    CHECK(count(*second, "SELECT count(*) FROM t") == 2);
}

TEST_CASE("opening fails clearly: missing file without Create, or not a database") {
    slipway::test::TempDir dir;
    auto missing = Database::open(dir.path() / "none.db", Create::no);
    REQUIRE_FALSE(missing);
    CHECK(missing.error().message == "cannot open the ledger " + (dir.path() / "none.db").string() +
                                         ": unable to open database file");

    std::ofstream(dir.path() / "text.db") << "this is not sqlite, just some text that is long "
                                             "enough to have a header of 100 bytes or more, "
                                             "which sqlite reads first.\n";
    auto garbage = Database::open(dir.path() / "text.db", Create::yes);
    REQUIRE_FALSE(garbage);
    CHECK(garbage.error().message == "cannot open the ledger " + (dir.path() / "text.db").string() +
                                         ": file is not a database");
}
