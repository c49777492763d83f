// Tests for ledger/schema: first creation, idempotence, upgrades, and refusals.
#include "ledger/schema.hpp"
#include "support/temp_repo.hpp"

#include <catch2/catch.hpp>

#include <array>
#include <cstdlib>
#include <filesystem>

using namespace slipway::ledger;
using slipway::util::Create;
using slipway::util::Database;
namespace fs = std::filesystem;

namespace {

std::int64_t count(Database& db, const std::string& sql) {
    auto stmt = db.prepare(sql);
    REQUIRE(stmt);
    REQUIRE(stmt->step().value());
    return stmt->int64(0);
}

// What a release after this one might add: version 7 on top of the shipped steps.
std::vector<Migration> with_v7() {
    std::vector<Migration> steps(migrations().begin(), migrations().end());
    steps.push_back({7, "targets record image digests",
                     "ALTER TABLE targets ADD COLUMN digests TEXT NOT NULL DEFAULT '';"});
    return steps;
}

} // namespace

TEST_CASE("a new file is migrated to the latest version, once") {
    slipway::test::TempDir dir;
    auto db = Database::open(dir.path() / "l.db", Create::yes);
    REQUIRE(db);
    CHECK(schema_version(*db).value() == 0);
    REQUIRE(migrate(*db));
    CHECK(schema_version(*db).value() == latest_schema_version());
    CHECK(latest_schema_version() == 6);
    REQUIRE(migrate(*db));
    CHECK(count(*db, "SELECT count(*) FROM schema_version") == 6);
    for (auto table : {"records", "pushes", "push_options", "ref_updates", "findings", "deploys",
                       "deploy_ends", "targets", "pruned", "ref_syncs", "ref_heads", "open_pushes",
                       "push_certificates", "controls", "push_signatures"})
        CHECK(count(*db, std::string("SELECT count(*) FROM sqlite_master WHERE name = '") + table +
                             "'") == 1);
}

TEST_CASE("a ledger at an older version is upgraded in place, keeping its rows") {
    slipway::test::TempDir dir;
    auto db = Database::open(dir.path() / "l.db", Create::yes);
    REQUIRE(db);
    REQUIRE(migrate(*db)); // as written by this release: version 6
    REQUIRE(db->run("INSERT INTO records (kind, time_ms, format, prev_hash, hash) VALUES "
                    "('deploy_end', 1, 1, 'p', 'h')"));
    REQUIRE(db->run("INSERT INTO targets (record_id, position, name, kind, outcome, exit_code, "
                    "duration_ms, output) VALUES (1, 0, 'k8s', 'kubernetes', 'success', 0, 5, "
                    "x'00')"));

    auto steps = with_v7();
    REQUIRE(migrate(*db, steps));
    CHECK(schema_version(*db).value() == 7);
    CHECK(count(*db, "SELECT count(*) FROM targets WHERE digests = '' AND name = 'k8s'") == 1);
    CHECK(count(*db, "SELECT count(*) FROM schema_version") == 7);
}

TEST_CASE("a ledger newer than this build is refused, not touched") {
    slipway::test::TempDir dir;
    auto db = Database::open(dir.path() / "l.db", Create::yes);
    REQUIRE(db);
    auto steps = with_v7();
    REQUIRE(migrate(*db, steps));
    auto r = migrate(*db);
    REQUIRE_FALSE(r);
    CHECK(r.error().message == "the ledger " + (dir.path() / "l.db").string() +
                                   " has schema version 7, newer than this Slipway "
                                   "understands (6); upgrade Slipway");
    CHECK(schema_version(*db).value() == 7);
}

TEST_CASE("a failing step rolls the whole migration back") {
    slipway::test::TempDir dir;
    auto db = Database::open(dir.path() / "l.db", Create::yes);
    REQUIRE(db);
    std::vector<Migration> steps(migrations().begin(), migrations().end());
    steps.push_back({6, "broken", "CREATE TABLE records (x INTEGER);"});
    auto r = migrate(*db, steps);
    REQUIRE_FALSE(r);
    CHECK(r.error().message == "migrating the ledger to schema version 6: ledger " +
                                   (dir.path() / "l.db").string() +
                                   ": table records already exists");
    CHECK(schema_version(*db).value() == 0); // not even version 1 stayed
}

TEST_CASE("version 2 builds the ref heads and open pushes of a version 1 ledger, then keeps them") {
    slipway::test::TempDir dir;
    auto db = Database::open(dir.path() / "l.db", Create::yes);
    REQUIRE(db);
    REQUIRE(migrate(*db, migrations().subspan(0, 1)));
    REQUIRE(schema_version(*db).value() == 1);
    // Push #1 (accepted) confirmed by #2; push #3 accepted and never confirmed.
    for (auto kind : {"push", "ref_sync", "push"})
        REQUIRE(db->run(std::string("INSERT INTO records (kind, time_ms, format, prev_hash, hash) "
                                    "VALUES ('") +
                        kind + "', 1, 1, 'p', NULL)"));
    REQUIRE(db->run("INSERT INTO pushes VALUES (1, 'a', 'os-user', '', '', 'accepted', ''), "
                    "(3, 'a', 'os-user', '', '', 'accepted', '')"));
    REQUIRE(db->run("INSERT INTO ref_syncs VALUES (2, 1, 'post-receive')"));
    REQUIRE(
        db->run("INSERT INTO ref_updates VALUES (1, 0, 'refs/heads/m', '0', 'a1', ''), "
                "(2, 0, 'refs/heads/m', '0', 'a1', ''), (3, 0, 'refs/heads/m', 'a1', 'b2', '')"));
    REQUIRE(migrate(*db));
    CHECK(count(*db, "SELECT count(*) FROM ref_heads WHERE ref = 'refs/heads/m' AND value = 'a1' "
                     "AND record_id = 2") == 1);
    CHECK(count(*db, "SELECT count(*) FROM open_pushes WHERE push_id = 3") == 1);
    CHECK(count(*db, "SELECT count(*) FROM open_pushes") == 1);

    // From now on the triggers keep them: a confirmation of #3 moves the head, closes the push.
    REQUIRE(db->run("INSERT INTO records (kind, time_ms, format, prev_hash, hash) VALUES "
                    "('ref_sync', 2, 1, 'p', NULL)"));
    REQUIRE(db->run("INSERT INTO ref_syncs VALUES (4, 3, 'post-receive')"));
    REQUIRE(db->run("INSERT INTO ref_updates VALUES (4, 0, 'refs/heads/m', 'a1', 'b2', '')"));
    CHECK(count(*db, "SELECT count(*) FROM ref_heads WHERE value = 'b2' AND record_id = 4") == 1);
    CHECK(count(*db, "SELECT count(*) FROM open_pushes") == 0);
}

TEST_CASE("version 3 gives every deploy recorded before it an empty log") {
    slipway::test::TempDir dir;
    auto db = Database::open(dir.path() / "l.db", Create::yes);
    REQUIRE(db);
    REQUIRE(migrate(*db, migrations().subspan(0, 2)));
    REQUIRE(db->run("INSERT INTO records (kind, time_ms, format, prev_hash, hash) VALUES "
                    "('deploy_start', 1, 1, 'p', NULL)"));
    REQUIRE(db->run("INSERT INTO deploys VALUES (1, 'preprod', 'refs/heads/m', '', 'c', 'a', 0)"));
    REQUIRE(migrate(*db, migrations().subspan(0, 3)));
    CHECK(schema_version(*db).value() == 3);
    CHECK(count(*db, "SELECT count(*) FROM deploys WHERE record_id = 1 AND log = ''") == 1);
}
