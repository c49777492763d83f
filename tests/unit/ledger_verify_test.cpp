// Tests for ledger/verify: an intact chain passes; any edit made with the sqlite3 CLI is caught.
#include "ledger/verify.hpp"
#include "support/temp_repo.hpp"

#include "ledger/canonical.hpp"
#include "ledger/compression.hpp"
#include "ledger/schema.hpp"
#include "util/process.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>

using namespace slipway::ledger;
namespace fs = std::filesystem;

namespace {

const std::string c1(40, '1');
const std::string c2(40, '2');
const std::string c3(40, '3');
const std::string zero(40, '0');

const std::string content_changed =
    "its content does not match its hash: it was changed after it was written";

// #1 rejected push, #2 accepted push, #3 its confirmation, #4 deploy start, #5 deploy end,
// #6 accepted push. Closed when this returns, so the file is complete without its WAL.
void write_fixture(const fs::path& path) {
    auto ledger = Ledger::open(path);
    REQUIRE(ledger);
    PushRecord rejected{.pusher = "alice",
                        .identity_source = "GL_USERNAME",
                        .protocol = "ssh",
                        .remote_address = "10.0.0.5",
                        .push_options = {"ci.skip"},
                        .ref_updates = {{"refs/heads/master", c1, c3, "preprod"}},
                        .verdict = Verdict::rejected,
                        .reason = "",
                        .findings = {{.ref = "refs/heads/master",
                                      .path = "svc/d.yaml",
                                      .line = 21,
                                      .column = 18,
                                      .severity = slipway::Severity::error,
                                      .message = "image is not pinned",
                                      .rule = "image-pinned"},
                                     {.ref = "refs/heads/master",
                                      .path = "svc/s.yaml",
                                      .line = 3,
                                      .column = 1,
                                      .severity = slipway::Severity::error,
                                      .message = "unknown field",
                                      .rule = "schema"}}};
    REQUIRE(ledger->append(rejected, 1000) == 1);
    PushRecord accepted{.pusher = "bob",
                        .identity_source = "REMOTE_USER",
                        .protocol = "http",
                        .remote_address = "10.0.0.6",
                        .ref_updates = {{"refs/heads/master", c1, c2, "preprod"}},
                        .verdict = Verdict::accepted};
    REQUIRE(ledger->append(accepted, 2000) == 2);
    REQUIRE(ledger->append(RefSync{.push_id = 2,
                                   .source = "post-receive",
                                   .ref_updates = {{"refs/heads/master", c1, c2, "preprod"}}},
                           3000) == 3);
    REQUIRE(ledger->append(DeployStart{.environment = "preprod",
                                       .ref = "refs/heads/master",
                                       .tag = "",
                                       .commit = c2,
                                       .pusher = "bob",
                                       .push_id = 2,
                                       .log = "/srv/deploy.git/slipway/logs/preprod/x.log"},
                           4000) == 4);
    REQUIRE(ledger->append(
                DeployEnd{.deploy_id = 4,
                          .outcome = Outcome::failure,
                          .message = "terraform failed",
                          .targets = {{"infra", "terraform", Outcome::failure, 1, 800, "Error\n"},
                                      {"k8s", "kubernetes", Outcome::skipped, -1, 0, ""}},
                          .pruned = {"Deployment shop/old"},
                          .ref_updates = {{"refs/slipway/deployed/preprod", zero, c2, "preprod"}}},
                5000) == 5);
    REQUIRE(ledger->append(PushRecord{.pusher = "carol",
                                      .ref_updates = {{"refs/heads/master", c2, c3, "preprod"}},
                                      .verdict = Verdict::accepted,
                                      .reason = "ok"},
                           6000) == 6);
}

// Runs `sql` on the file at `path` with the sqlite3 command-line shell, as an intruder would.
void tamper(const fs::path& path, const std::string& sql) {
    auto r = slipway::util::run_capture({.argv = {"sqlite3", path.string(), sql}});
    REQUIRE(r);
    INFO(r->err);
    REQUIRE(r->exit.ok());
}

ChainReport verify(const fs::path& path, const std::optional<std::string>& anchor = {}) {
    auto ledger = Ledger::open(path);
    REQUIRE(ledger);
    auto report = verify_chain(*ledger, anchor);
    REQUIRE(report);
    return *report;
}

std::string hex(std::string_view bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (unsigned char b : bytes) {
        out += digits[b >> 4];
        out += digits[b & 0xF];
    }
    return out;
}

// Re-hashes records `from`.. to the end, as an intruder who knows the algorithm would.
void rechain(const fs::path& path, std::int64_t from) {
    auto ledger = Ledger::open(path);
    REQUIRE(ledger);
    std::string prev = from == 1 ? genesis_hash : ledger->read(from - 1).value()->meta.hash;
    for (std::int64_t id = from; id <= ledger->head().value().id; ++id) {
        auto record = ledger->read(id).value();
        REQUIRE(record);
        record->meta.prev_hash = prev;
        prev = record_hash(record->meta, record->body).value();
        REQUIRE(ledger->database().run("UPDATE records SET prev_hash = ?, hash = ? WHERE id = ?",
                                       {record->meta.prev_hash, prev, id}));
    }
}

} // namespace

TEST_CASE("an empty ledger and an intact chain verify") {
    slipway::test::TempDir dir;
    {
        auto ledger = Ledger::open(dir.path() / "empty.db");
        REQUIRE(ledger);
        auto report = verify_chain(*ledger);
        REQUIRE(report);
        CHECK(report->ok());
        CHECK(report->records == 0);
        CHECK(report->head.hash == genesis_hash);
    }
    write_fixture(dir.path() / "l.db");
    auto report = verify(dir.path() / "l.db");
    CHECK(report.ok());
    CHECK(report.records == 6);
    CHECK(report.head.id == 6);
    CHECK(report.head.hash.size() == 64);
    CHECK(verify(dir.path() / "l.db", report.head.hash).ok());
}

TEST_CASE("an edit of any field, made with the sqlite3 shell, names the first bad record") {
    slipway::test::TempDir dir;
    const fs::path original = dir.path() / "original.db";
    write_fixture(original);
    std::string forged_output = hex(compress("all good\n").value());

    struct Case {
        std::string sql;
        std::int64_t record;
        std::string reason;
    };
    const std::vector<Case> cases = {
        {"UPDATE pushes SET pusher = 'mallory' WHERE record_id = 1", 1, content_changed},
        {"UPDATE pushes SET verdict = 'accepted' WHERE record_id = 1", 1, content_changed},
        {"UPDATE pushes SET identity_source = 'GL_USER' WHERE record_id = 2", 2, content_changed},
        {"UPDATE pushes SET protocol = 'ssh' WHERE record_id = 2", 2, content_changed},
        {"UPDATE pushes SET remote_address = '1.2.3.4' WHERE record_id = 1", 1, content_changed},
        {"UPDATE pushes SET reason = '' WHERE record_id = 6", 6, content_changed},
        {"UPDATE push_options SET value = 'deploy.force' WHERE record_id = 1", 1, content_changed},
        {"INSERT INTO push_options VALUES (1, 7, 'extra')", 1, content_changed},
        {"UPDATE findings SET message = 'fine' WHERE record_id = 1 AND position = 1", 1,
         content_changed},
        {"UPDATE findings SET line = 22 WHERE position = 0", 1, content_changed},
        {"UPDATE findings SET col = 1 WHERE position = 0", 1, content_changed},
        {"UPDATE findings SET severity = 'warning' WHERE position = 0", 1, content_changed},
        {"UPDATE findings SET rule = 'other' WHERE position = 0", 1, content_changed},
        {"UPDATE findings SET path = 'x.yaml' WHERE position = 0", 1, content_changed},
        {"UPDATE findings SET ref = 'refs/heads/x' WHERE position = 0", 1, content_changed},
        {"UPDATE findings SET position = 9 WHERE position = 0; UPDATE findings SET position = 0 "
         "WHERE position = 1; UPDATE findings SET position = 1 WHERE position = 9",
         1, content_changed},
        {"DELETE FROM findings WHERE position = 1", 1, content_changed},
        {"UPDATE ref_updates SET new_id = '" + c3 + "' WHERE record_id = 2", 2, content_changed},
        {"UPDATE ref_updates SET old_id = '" + c3 + "' WHERE record_id = 3", 3, content_changed},
        {"UPDATE ref_updates SET ref = 'refs/heads/x' WHERE record_id = 5", 5, content_changed},
        {"UPDATE ref_updates SET environment = 'prod' WHERE record_id = 6", 6, content_changed},
        {"UPDATE ref_syncs SET source = 'baseline'", 3, content_changed},
        {"UPDATE ref_syncs SET push_id = 6", 3, content_changed},
        {"UPDATE records SET time_ms = time_ms - 3600000 WHERE id = 4", 4, content_changed},
        {"UPDATE deploys SET commit_id = '" + c3 + "'", 4, content_changed},
        {"UPDATE deploys SET environment = 'prod'", 4, content_changed},
        {"UPDATE deploys SET ref = 'refs/tags/v1'", 4, content_changed},
        {"UPDATE deploys SET tag = 'v1'", 4, content_changed},
        {"UPDATE deploys SET pusher = 'carol'", 4, content_changed},
        {"UPDATE deploys SET push_id = 6", 4, content_changed},
        {"UPDATE deploys SET log = ''", 4, content_changed},
        {"UPDATE deploy_ends SET outcome = 'unknown'", 5, content_changed},
        {"UPDATE deploy_ends SET outcome = 'success'", 5, content_changed},
        {"UPDATE deploy_ends SET message = 'fine'", 5, content_changed},
        {"UPDATE targets SET exit_code = 0 WHERE position = 0", 5, content_changed},
        {"UPDATE targets SET outcome = 'success' WHERE position = 0", 5, content_changed},
        {"UPDATE targets SET duration_ms = 1 WHERE position = 0", 5, content_changed},
        {"UPDATE targets SET name = 'infra2' WHERE position = 0", 5, content_changed},
        {"UPDATE targets SET kind = 'command' WHERE position = 0", 5, content_changed},
        {"UPDATE targets SET output = X'" + forged_output + "' WHERE position = 0", 5,
         content_changed},
        {"UPDATE targets SET output = X'00' WHERE position = 0", 5,
         "output of target \"infra\": compressed output is truncated"},
        {"UPDATE pruned SET object = 'Deployment shop/other'", 5, content_changed},
        {"UPDATE records SET hash = '" + std::string(64, 'f') + "' WHERE id = 3", 3,
         content_changed},
        {"UPDATE records SET prev_hash = '" + genesis_hash + "' WHERE id = 2", 2,
         "its prev_hash is not the hash of record #1: one of the two was rewritten"},
        {"UPDATE records SET kind = 'ref_sync' WHERE id = 4", 4,
         "it is a ref_sync record but has no row in ref_syncs"},
        {"UPDATE pushes SET verdict = 'maybe' WHERE record_id = 2", 2,
         "it has an unknown verdict \"maybe\""},
        {"UPDATE records SET format = 5 WHERE id = 5", 5,
         "it uses canonical format 5, which this Slipway does not know; upgrade Slipway"},
        {"UPDATE records SET format = 2 WHERE id = 5", 5, content_changed},
        {"UPDATE records SET format = 1 WHERE id = 4", 4, content_changed},
        {"DELETE FROM ref_updates WHERE record_id = 3; DELETE FROM ref_syncs WHERE record_id = 3;"
         " DELETE FROM records WHERE id = 3",
         4, "record #3 is missing before it (deleted)"},
        {"DELETE FROM ref_updates WHERE record_id = 6; DELETE FROM pushes WHERE record_id = 6;"
         " DELETE FROM records WHERE id = 6",
         6, "record #6 is missing after the last record (deleted from the end of the chain)"},
        {"INSERT INTO findings VALUES (4, 0, '', '', 0, 0, 'error', 'forged', 'x')", 4,
         "table findings has rows for record #4, which is not a push record: rows were added "
         "after it was written"},
        {"INSERT INTO pruned VALUES (77, 0, 'x')", 77,
         "table pruned has rows for record #77, which is not a deploy end record: rows were "
         "added after it was written"},
    };
    int n = 0;
    for (const auto& c : cases) {
        INFO(c.sql);
        fs::path copy = dir.path() / ("case" + std::to_string(n++) + ".db");
        fs::copy_file(original, copy);
        tamper(copy, c.sql);
        auto report = verify(copy);
        REQUIRE_FALSE(report.ok());
        CHECK(report.problem->record_id == c.record);
        CHECK(report.problem->reason == c.reason);
    }
}

TEST_CASE("control records are in the chain: every field of them is covered") {
    slipway::test::TempDir dir;
    const fs::path original = dir.path() / "original.db";
    write_fixture(original);
    {
        auto ledger = Ledger::open(original);
        REQUIRE(ledger);
        REQUIRE(ledger->append(ControlRecord{.action = ControlAction::freeze,
                                             .actor = "carol",
                                             .environment = "prod",
                                             .reason = "INC-9: payments down"},
                               7000) == 7);
        REQUIRE(ledger->append(ControlRecord{.action = ControlAction::quarantine,
                                             .actor = "carol",
                                             .commit = c2,
                                             .reason = "leaks"},
                               8000) == 8);
        REQUIRE(ledger->append(ControlRecord{.action = ControlAction::acknowledge,
                                             .actor = "root",
                                             .reason = "reviewed",
                                             .subject_id = 6},
                               9000) == 9);
        // An acknowledgment names a push.
        auto bad = ledger->append(
            ControlRecord{.action = ControlAction::acknowledge, .actor = "root", .subject_id = 4});
        REQUIRE_FALSE(bad);
        CHECK(bad.error().message == "cannot record control: subject_id 4 is not a push record");
    }
    CHECK(verify(original).ok());
    CHECK(verify(original).records == 9);
    const std::vector<std::pair<std::string, std::int64_t>> cases = {
        {"UPDATE controls SET action = 'thaw' WHERE record_id = 7", 7},
        {"UPDATE controls SET actor = 'mallory' WHERE record_id = 7", 7},
        {"UPDATE controls SET environment = 'preprod' WHERE record_id = 7", 7},
        {"UPDATE controls SET reason = 'routine' WHERE record_id = 7", 7},
        {"UPDATE controls SET commit_id = '" + c3 + "' WHERE record_id = 8", 8},
        {"UPDATE controls SET subject_id = 2 WHERE record_id = 9", 9},
        {"UPDATE records SET format = 2 WHERE id = 8", 8},
    };
    int n = 0;
    for (const auto& [sql, record] : cases) {
        INFO(sql);
        fs::path copy = dir.path() / ("case" + std::to_string(n++) + ".db");
        fs::copy_file(original, copy);
        tamper(copy, sql);
        auto report = verify(copy);
        REQUIRE_FALSE(report.ok());
        CHECK(report.problem->record_id == record);
        CHECK(report.problem->reason == content_changed);
    }
    fs::path stray = dir.path() / "stray.db";
    fs::copy_file(original, stray);
    tamper(stray, "INSERT INTO controls VALUES (4, 'thaw', 'x', 'prod', '', '', 0)");
    auto report = verify(stray);
    REQUIRE_FALSE(report.ok());
    CHECK(report.problem->reason == "table controls has rows for record #4, which is not a "
                                    "control record: rows were added after it was written");
}

TEST_CASE("a record re-hashed after an edit breaks the link from the next one") {
    slipway::test::TempDir dir;
    fs::path path = dir.path() / "l.db";
    write_fixture(path);
    tamper(path, "UPDATE pushes SET pusher = 'mallory' WHERE record_id = 2");
    {
        auto ledger = Ledger::open(path);
        REQUIRE(ledger);
        auto record = ledger->read(2).value();
        REQUIRE(record);
        REQUIRE(ledger->database().run("UPDATE records SET hash = ? WHERE id = 2",
                                       {record_hash(record->meta, record->body).value()}));
    }
    auto report = verify(path);
    REQUIRE_FALSE(report.ok());
    CHECK(report.problem->record_id == 3);
    CHECK(report.problem->reason ==
          "its prev_hash is not the hash of record #2: one of the two was rewritten");
}

TEST_CASE("only a head kept elsewhere catches a rewritten or truncated chain") {
    slipway::test::TempDir dir;
    fs::path path = dir.path() / "l.db";
    write_fixture(path);
    std::string kept = verify(path).head.hash;

    SECTION("every record from #2 on edited and re-hashed") {
        tamper(path, "UPDATE pushes SET pusher = 'mallory' WHERE record_id = 2");
        rechain(path, 2);
    }
    SECTION("the last record deleted and the id counter wound back") {
        tamper(path, "DELETE FROM ref_updates WHERE record_id = 6; DELETE FROM pushes WHERE "
                     "record_id = 6; DELETE FROM records WHERE id = 6; UPDATE sqlite_sequence "
                     "SET seq = 5 WHERE name = 'records'");
    }
    CHECK(verify(path).ok());
    auto report = verify(path, kept);
    REQUIRE_FALSE(report.ok());
    CHECK(report.problem->record_id == 0);
    CHECK(report.problem->reason == "no record has the head hash " + kept +
                                        " kept earlier: records were removed from the end or "
                                        "the whole chain was rewritten");
}

TEST_CASE("a ledger of schema 4 with format 2 records migrates and keeps verifying") {
    slipway::test::TempDir dir;
    const fs::path path = dir.path() / "l.db";
    {
        // As the previous release wrote it: schema version 4, a baseline in format 2.
        auto db = slipway::util::Database::open(path, slipway::util::Create::yes);
        REQUIRE(db);
        REQUIRE(migrate(*db, migrations().subspan(0, 4)));
        RefSync sync{
            .push_id = 0, .source = "baseline", .ref_updates = {{"refs/heads/master", "", c1, ""}}};
        RecordMeta meta{.id = 1, .time_ms = 1000, .format = 2, .prev_hash = genesis_hash};
        const auto hash = record_hash(meta, sync).value();
        REQUIRE(db->run("INSERT INTO records (kind, time_ms, format, prev_hash, hash) VALUES "
                        "('ref_sync', 1000, 2, ?, ?)",
                        {genesis_hash, hash}));
        REQUIRE(db->run("INSERT INTO ref_syncs VALUES (1, 0, 'baseline')"));
        REQUIRE(
            db->run("INSERT INTO ref_updates VALUES (1, 0, 'refs/heads/master', '', ?, '')", {c1}));
    }
    auto ledger = Ledger::open(path);
    REQUIRE(ledger);
    CHECK(schema_version(ledger->database()).value() == latest_schema_version());
    CHECK(verify_chain(*ledger).value().ok());
    REQUIRE(ledger->append(ControlRecord{.action = ControlAction::freeze,
                                         .actor = "carol",
                                         .environment = "prod",
                                         .reason = "INC-9"}) == 2);
    CHECK(ledger->read(1).value()->meta.format == 2);
    CHECK(ledger->read(2).value()->meta.format == canonical_format);
    auto report = verify_chain(*ledger).value();
    CHECK(report.ok());
    CHECK(report.records == 2);
}
