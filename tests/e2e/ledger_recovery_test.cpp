// E2E: the recovery steps of docs/ledger.md ("Recovery"), typed as the page says, on a real
// ledger with a page overwritten: restore from a backup then ack; salvage with sqlite3 when
// there is no backup; start a new chain when the salvage does not verify.
#include "support/sandbox.hpp"

#include <catch2/catch.hpp>

using slipway::e2e::quote;
using slipway::e2e::Run;
using slipway::e2e::Sandbox;
using Lines = std::vector<std::string>;

namespace {

const std::string state = "server.git/slipway";

const std::string damaged_hint =
    "hint: every push is refused until an admin restores the ledger from a backup (`slipway "
    "audit restore <repo> FILE`) or, without one, salvages it with sqlite3 (`.recover`, or "
    "`.dump`); see docs/ledger.md, \"Recovery\"";

// Overwrites the first page of `name` (a table or an index of the ledger) with garbage, as a
// disk error would, while no hook has the file open. The same garbage every time (0xEE is no
// b-tree page type), so sqlite names the page the same way every time.
void damage(const Sandbox& sb, const std::string& name) {
    sb.ok("page=$(sqlite3 ledger.db \"SELECT rootpage FROM sqlite_master WHERE name = '" + name +
              "'\") && head -c 4096 /dev/zero | tr '\\0' '\\356' | dd of=ledger.db bs=4096 "
              "seek=$((page - 1)) "
              "conv=notrunc 2>/dev/null",
          {}, state);
}

Run push(const Sandbox& sb, const std::string& message) {
    return sb.sh("git commit -q --allow-empty -m " + message + " && git push origin master", {},
                 "work");
}

// The push is refused, says the ledger is damaged, and how to recover.
void check_refused_as_damaged(const Sandbox& sb, const Run& refused) {
    INFO(refused.output);
    CHECK(refused.exit_code != 0);
    const auto lines = refused.remote();
    REQUIRE(lines.size() == 3);
    CHECK(lines[0] == "slipway: push rejected — the server could not check it");
    CHECK(lines[1].find("; the ledger " + (sb.root() / state / "ledger.db").string() +
                        " is damaged: Page ") != std::string::npos);
    CHECK(lines[1].ends_with(" [ledger]"));
    CHECK(lines[2] == damaged_hint);
    sb.ok("git reset -q --hard HEAD~1", {}, "work");
}

// The documented salvage: the damaged file moved aside, then sqlite3's `.recover`, or, where
// the sqlite3 shell cannot (Debian 12's lacks the sqlite_dbpage table `.recover` reads
// through), `.dump`. Returns true when `.recover` did it.
bool salvage(const Sandbox& sb) {
    sb.ok("mv ledger.db ledger.db.damaged", {}, state);
    sb.ok("if [ -f ledger.db-wal ]; then mv ledger.db-wal ledger.db.damaged-wal; fi; "
          "rm -f ledger.db-shm",
          {}, state);
    const bool can_recover =
        sb.sh("sqlite3 :memory: 'SELECT count(*) FROM sqlite_dbpage'").exit_code == 0;
    auto recovered = sb.sh("sqlite3 ledger.db.damaged .recover | sqlite3 ledger.db", {}, state);
    if (can_recover) {
        CHECK(recovered.exit_code == 0);
        return true;
    }
    CHECK(recovered.output == "sql error: SQL logic error (1)\n");
    sb.ok("rm -f ledger.db; sqlite3 ledger.db.damaged .dump | sqlite3 ledger.db", {}, state);
    return false;
}

} // namespace

TEST_CASE("recovery from a backup: restore, review the refs it lists, ack, push again") {
    Sandbox sb;
    sb.seeded();
    REQUIRE(push(sb, "one").exit_code == 0);
    sb.ok("slipway audit backup server.git backup.db");
    const auto before = sb.ok("git rev-parse --short=12 HEAD", {}, "work");
    REQUIRE(push(sb, "after-the-backup").exit_code == 0);
    const auto after = sb.ok("git rev-parse --short=12 HEAD", {}, "work");

    damage(sb, "ref_updates_by_ref");
    check_refused_as_damaged(sb, push(sb, "refused"));

    auto restored = sb.sh("slipway audit restore server.git backup.db");
    INFO(restored.output);
    CHECK(restored.exit_code == 0);
    CHECK(restored.has("since the backup: 1 ref moved, and the restored ledger does not record "
                       "how:\n  refs/heads/master: " +
                       before.substr(0, 12) + " -> " + after.substr(0, 12) + "\n"));
    CHECK(sb.ok("ls " + state + " | grep -c '^ledger.db.replaced-'") == "1\n");

    auto acked = sb.sh("slipway audit ack server.git");
    INFO(acked.output);
    CHECK(acked.exit_code == 0);
    CHECK(acked.output.starts_with("acknowledged refs/heads/master: "));
    CHECK(acked.has("\nrecorded as #"));
    auto again = push(sb, "accepted-again");
    INFO(again.output);
    CHECK(again.exit_code == 0);
    CHECK(again.remote() == Lines{"slipway: push accepted — 1 ref update checked"});
    CHECK(sb.ok("slipway audit verify server.git").starts_with("OK: "));
}

TEST_CASE("recovery without a backup: a damaged index is salvaged whole, the chain verifies") {
    Sandbox sb;
    sb.seeded();
    REQUIRE(push(sb, "one").exit_code == 0);
    REQUIRE(push(sb, "two").exit_code == 0);
    const auto head = sb.ok("slipway audit head server.git"); // kept elsewhere, as advised
    damage(sb, "ref_updates_by_ref");
    check_refused_as_damaged(sb, push(sb, "refused"));
    CHECK(sb.sh("slipway audit verify server.git").exit_code == 0); // verify reads no index
    auto status = sb.sh("slipway status server.git");
    CHECK(status.exit_code == 1);
    CHECK(status.output.starts_with("slipway status: the ledger " +
                                    (sb.root() / state / "ledger.db").string() +
                                    " is damaged: Page "));
    CHECK(status.output.ends_with(
        "; restore it from a backup (`slipway audit restore`) or, without one, salvage it "
        "with sqlite3 (`.recover`, or `.dump`); see docs/ledger.md, \"Recovery\"\n"));

    salvage(sb);
    auto verified = sb.sh("slipway audit verify server.git --head " + head);
    CHECK(verified.exit_code == 0);
    CHECK(verified.output == "OK: 5 records, chain intact, kept head found; head #5 " + head);
    auto again = push(sb, "accepted-again");
    INFO(again.output);
    CHECK(again.exit_code == 0);
    CHECK(again.remote() == Lines{"slipway: push accepted — 1 ref update checked"});
    CHECK(sb.ok("slipway audit verify server.git").starts_with("OK: 7 records, chain intact"));
    CHECK(sb.sh("test -f " + state + "/ledger.db.damaged").exit_code == 0);
}

TEST_CASE("recovery without a backup: a damaged table does not verify, a new chain starts") {
    Sandbox sb;
    sb.seeded();
    REQUIRE(push(sb, "one").exit_code == 0);
    damage(sb, "pushes");
    check_refused_as_damaged(sb, push(sb, "refused"));

    const bool recovered = salvage(sb);
    auto verified = sb.sh("slipway audit verify server.git");
    INFO(verified.output);
    CHECK(verified.exit_code == 1);
    if (recovered)
        CHECK(verified.output.starts_with("FAILED: record #"));
    else // `.dump` keeps nothing of a file with a damaged table: its script ends in ROLLBACK
        CHECK(verified.output ==
              "FAILED: the ledger holds no records, but `slipway install` starts every ledger "
              "with a baseline: its history is gone; restore a backup (`slipway audit restore`) "
              "or start a new chain (`slipway audit rebaseline`)\n");

    sb.ok("mv ledger.db ledger.db.salvaged", {}, state);
    auto rebaselined = sb.sh("slipway audit rebaseline server.git");
    INFO(rebaselined.output);
    CHECK(rebaselined.exit_code == 0);
    CHECK(rebaselined.output.starts_with(
        "rebaselined " + (sb.root() / state / "ledger.db").string() +
        ": record #1 takes the 1 refs as they are now; the history before it is not in this "
        "ledger\n"));
    auto again = push(sb, "accepted-again");
    INFO(again.output);
    CHECK(again.exit_code == 0);
    CHECK(again.remote() == Lines{"slipway: push accepted — 1 ref update checked"});
    CHECK(sb.ok("slipway audit verify server.git").starts_with("OK: 3 records, chain intact"));
    CHECK(
        sb.sh("test -f " + state + "/ledger.db.damaged && test -f " + state + "/ledger.db.salvaged")
            .exit_code == 0);
}
