// E2E: `slipway audit backup` and `audit restore` through real pushes: a backup taken while
// pushes run restores a damaged ledger, the refs moved since are listed and acknowledged, and
// a backup that does not verify is refused.
#include "support/sandbox.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <regex>

using slipway::e2e::Sandbox;
using Lines = std::vector<std::string>;

namespace {

// The lines of `text`.
Lines lines_of(const std::string& text) {
    Lines lines;
    std::size_t start = 0;
    while (start < text.size()) {
        auto nl = text.find('\n', start);
        lines.push_back(text.substr(start, nl - start));
        start = nl == std::string::npos ? text.size() : nl + 1;
    }
    return lines;
}

} // namespace

TEST_CASE("audit restore: a backup taken during pushes replaces a damaged ledger, the refs moved "
          "since are listed, then acknowledged") {
    Sandbox sb;
    sb.seeded();
    // Ten pushes race the backup: the copy must still be one consistent chain.
    sb.ok("for i in 1 2 3 4 5 6 7 8 9 10; do git commit -q --allow-empty -m c$i && "
          "git push -q origin HEAD:refs/heads/b$i 2>/dev/null; done > /dev/null 2>&1 &\n"
          "sleep 0.3; slipway audit backup ../server.git backup.db > backup.out; wait",
          {}, "work");
    const auto backed_up = sb.ok("cat work/backup.out");
    CHECK(
        std::regex_search(backed_up, std::regex("^backup: backup.db: [0-9]+ records, head #[0-9]+ "
                                                "[0-9a-f]{64}, [0-9]+ refs, taken 20")));
    // A push after the backup, then sqlite's pages overwritten with garbage.
    sb.ok("git commit -q --allow-empty -m after && git push -q origin HEAD:refs/heads/after "
          "2>/dev/null",
          {}, "work");
    const auto after = sb.ok("git -C work rev-parse HEAD").substr(0, 12);
    sb.ok("dd if=/dev/urandom of=server.git/slipway/ledger.db bs=4096 seek=1 count=2 "
          "conv=notrunc 2>/dev/null");
    CHECK(sb.sh("slipway audit verify server.git").exit_code != 0);

    auto restored = sb.sh("slipway audit restore server.git work/backup.db");
    CHECK(restored.exit_code == 0);
    auto lines = lines_of(restored.output);
    REQUIRE(lines.size() >= 6);
    CHECK(lines[0].starts_with("restored " + (sb.root() / "server.git/slipway/ledger.db").string() +
                               " from work/backup.db: "));
    CHECK(lines[1].starts_with("the ledger it replaced is kept at " +
                               (sb.root() / "server.git/slipway/ledger.db.replaced-").string()));
    // The racing pushes that landed after the copy are listed too: how many depends on timing.
    CHECK(std::regex_match(lines[2], std::regex("since the backup: [0-9]+ refs? moved, and the "
                                                "restored ledger does not record how:")));
    CHECK(std::find(lines.begin(), lines.end(), "  refs/heads/after: (none) -> " + after) !=
          lines.end());
    CHECK(lines.back() == "review them (the git server's own logs, the pushers), then run "
                          "`slipway audit ack <repo>` to record them; until then every push "
                          "reports them");
    CHECK(sb.ok("slipway audit verify server.git").starts_with("OK: "));

    // Until acknowledged, every push reports the ref the restored ledger cannot explain.
    auto next = sb.sh("git commit -q --allow-empty -m next && git push origin HEAD:refs/heads/next",
                      {{"SLIPWAY_SETTLE_SECONDS", "0"}}, "work");
    CHECK(next.exit_code == 0);
    CHECK(next.has("refs/heads/after: warning: refs/heads/after is at " + after.substr(0, 7)));
    CHECK(sb.ok("slipway audit ack server.git").find("acknowledged refs/heads/after: ") !=
          std::string::npos);
    auto clean =
        sb.sh("git commit -q --allow-empty -m clean && git push origin HEAD:refs/heads/next",
              {{"SLIPWAY_SETTLE_SECONDS", "0"}}, "work");
    CHECK(clean.remote() == Lines{"slipway: push accepted — 1 ref update checked"});
    CHECK(sb.ok("slipway audit verify server.git").starts_with("OK: "));
}

TEST_CASE("audit restore: a ledger that was deleted comes back from its backup, no ref moved") {
    Sandbox sb;
    sb.seeded();
    sb.ok("slipway audit backup server.git backup.db");
    sb.ok("rm server.git/slipway/ledger.db*");
    auto restored = sb.sh("slipway audit restore server.git backup.db");
    CHECK(restored.exit_code == 0);
    auto lines = lines_of(restored.output);
    REQUIRE(lines.size() == 2);
    CHECK(lines[1] == "since the backup: no ref moved");
    CHECK(sb.ok("slipway audit verify server.git").starts_with("OK: 1 record, chain intact"));
}

TEST_CASE("audit backup refuses to overwrite, and audit restore refuses a backup that does not "
          "verify, and one that is no backup") {
    Sandbox sb;
    sb.seeded();
    sb.ok("slipway audit backup server.git backup.db");
    auto again = sb.sh("slipway audit backup server.git backup.db");
    CHECK(again.exit_code == 1);
    CHECK(again.output ==
          "slipway audit backup: backup.db already exists: choose a new file name\n");

    sb.ok("sqlite3 backup.db \"UPDATE records SET time_ms = time_ms + 1 WHERE id = 1\"");
    auto tampered = sb.sh("slipway audit restore server.git backup.db");
    CHECK(tampered.exit_code == 1);
    CHECK(tampered.output.starts_with("slipway audit restore: backup.db does not verify, so it "
                                      "cannot be restored: record #"));
    CHECK(sb.ok("slipway audit verify server.git").starts_with("OK: 1 record,"));

    sb.ok("cp server.git/slipway/ledger.db plain.db");
    auto plain = sb.sh("slipway audit restore server.git plain.db");
    CHECK(plain.exit_code == 1);
    CHECK(plain.output == "slipway audit restore: plain.db is not a backup written by `slipway "
                          "audit backup`\n");
}

TEST_CASE("a deleted or emptied ledger refuses every push until restored or rebaselined") {
    Sandbox sb;
    sb.seeded();
    const auto ledger = (sb.root() / "server.git/slipway/ledger.db").string();
    const Lines refused{
        "slipway: push rejected — the server could not check it",
        "  error: the ledger " + ledger +
            " is missing or empty, but `slipway install` started it with a baseline: its "
            "records are gone [ledger]",
        "hint: every push is refused until an admin restores it from a backup (`slipway audit "
        "restore <repo> FILE`) or, after review, starts a new one (`slipway audit rebaseline "
        "<repo>`)"};
    sb.ok("rm server.git/slipway/ledger.db*");
    auto deleted = sb.sh("git commit -q --allow-empty -m a && git push origin master", {}, "work");
    CHECK(deleted.exit_code != 0);
    CHECK(deleted.remote() == refused);
    CHECK(sb.sh("test -e server.git/slipway/ledger.db").exit_code != 0);

    sb.ok(": > server.git/slipway/ledger.db");
    auto emptied = sb.sh("git push origin master", {}, "work");
    CHECK(emptied.exit_code != 0);
    CHECK(emptied.remote() == refused);

    auto rebaselined = sb.sh("slipway audit rebaseline server.git");
    CHECK(rebaselined.exit_code == 0);
    CHECK(rebaselined.output.starts_with(
        "rebaselined " + ledger +
        ": record #1 takes the 1 refs as they are now; the history before it is not in this "
        "ledger\nhead: "));
    auto accepted = sb.sh("git push origin master", {}, "work");
    CHECK(accepted.exit_code == 0);
    CHECK(accepted.remote() == Lines{"slipway: push accepted — 1 ref update checked"});
    CHECK(sb.ok("slipway audit verify server.git").starts_with("OK: 3 records, chain intact"));

    auto again = sb.sh("slipway audit rebaseline server.git");
    CHECK(again.exit_code == 1);
    CHECK(again.output == "slipway audit rebaseline: the ledger " + ledger +
                              " holds 3 records: rebaseline only starts over a missing or empty "
                              "one\n");
}

TEST_CASE("a damaged page of the ledger is found within 64 records: pushes are refused, and "
          "status says so") {
    Sandbox sb;
    sb.seeded();
    sb.ok("for i in 1 2 3; do git commit -q --allow-empty -m b$i && git push -q origin master "
          "2>/dev/null; done",
          {}, "work");
    // Garbage over the root page of a table no push writes (`pruned`): appends go on working,
    // only a check of the whole file sees it.
    sb.ok("page=$(sqlite3 server.git/slipway/ledger.db \"SELECT rootpage FROM sqlite_master "
          "WHERE name = 'pruned'\") && head -c 4096 /dev/urandom | dd of=server.git/slipway/"
          "ledger.db bs=4096 seek=$((page - 1)) conv=notrunc 2>/dev/null");
    // Each push adds two records (the push and its confirmation).
    auto pushes = sb.sh("for i in $(seq 1 40); do git commit -q --allow-empty -m c$i; "
                        "git push origin master > out 2>&1 || { echo refused at $i; cat out; "
                        "exit 0; }; done; echo never refused",
                        {}, "work");
    INFO(pushes.output);
    REQUIRE(pushes.output.starts_with("refused at "));
    // The check was due at most 64 records (32 pushes) later, and not at once.
    CHECK(std::stoi(pushes.output.substr(11)) > 1);
    CHECK(std::stoi(pushes.output.substr(11)) <= 33);
    const auto ledger = (sb.root() / "server.git/slipway/ledger.db").string();
    CHECK(pushes.has("remote:   error: the ledger " + ledger + " is damaged: "));
    CHECK(pushes.has("hint: every push is refused until an admin restores the ledger from a "
                     "backup (`slipway audit restore <repo> FILE`) or, without one, salvages it "
                     "with sqlite3 (`.recover`, or `.dump`); see docs/ledger.md, \"Recovery\""));
    auto status = sb.sh("slipway status server.git");
    CHECK(status.exit_code == 1);
    CHECK(status.output.starts_with("slipway status: the ledger " + ledger + " is damaged: "));
}
