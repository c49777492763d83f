// E2E: the ledger through real pushes: every attempt recorded and readable, tampering caught,
// concurrent pushes chained, crashes and hand-moved refs reported, an unwritable ledger refused.
#include "support/deploys.hpp"
#include "support/sandbox.hpp"

#include "util/json.hpp"

#include <catch2/catch.hpp>

using slipway::e2e::Sandbox;
using Lines = std::vector<std::string>;

TEST_CASE("every push attempt is in the log with its pusher, and show gives its findings") {
    Sandbox sb;
    sb.seeded();
    sb.ok("git commit -q --allow-empty -m two && git push -q origin master 2>/dev/null",
          {{"GL_USERNAME", "alice"}}, "work");
    CHECK(sb.sh("git tag light && git push origin light", {{"REMOTE_USER", "bob"}}, "work")
              .exit_code != 0);

    auto log = sb.ok("slipway log server.git");
    CHECK(log.find("push  bob    rejected  refs/tags/light (new)") != std::string::npos);
    CHECK(log.find("push  alice  accepted  refs/heads/master") != std::string::npos);

    auto json = slipway::util::parse_json(sb.ok("slipway log server.git --json"));
    REQUIRE(json);
    REQUIRE(json->at("count").as_int() == 2);
    const auto& newest = json->at("entries").as_array()[0];
    CHECK(newest.at("pusher").as_string() == "bob");
    CHECK(newest.at("identity_source").as_string() == "REMOTE_USER");
    CHECK(newest.at("verdict").as_string() == "rejected");
    CHECK(newest.at("findings").as_array()[0].at("rule").as_string() == "tag-annotated");
    const auto id = std::to_string(newest.at("id").as_int());

    auto shown = sb.ok("slipway show server.git " + id);
    CHECK(shown.starts_with("push #" + id + ": rejected\n"));
    CHECK(shown.find("pusher:    bob (from REMOTE_USER)") != std::string::npos);
    CHECK(shown.find("refs/tags/light: error: tag \"light\" is lightweight") != std::string::npos);

    auto rejected = sb.ok("slipway log server.git --rejected --json");
    CHECK(slipway::util::parse_json(rejected)->at("count").as_int() == 1);
    auto by_user = sb.ok("slipway log server.git --user alice --json");
    CHECK(slipway::util::parse_json(by_user)->at("count").as_int() == 1);
}

TEST_CASE("audit verify passes an intact ledger and names the first record edited by hand") {
    Sandbox sb;
    sb.seeded();
    sb.ok("git commit -q --allow-empty -m two && git push -q origin master 2>/dev/null",
          {{"GL_USERNAME", "alice"}}, "work");
    auto ok = sb.sh("slipway audit verify server.git");
    CHECK(ok.exit_code == 0);
    CHECK(ok.output.starts_with("OK: 3 records, chain intact; head #3 "));
    const auto head = sb.ok("slipway audit head server.git");
    CHECK(head.size() == 65);

    sb.ok("sqlite3 server.git/slipway/ledger.db \"UPDATE pushes SET pusher='mallory' WHERE "
          "record_id=2\"");
    auto bad = sb.sh("slipway audit verify server.git");
    CHECK(bad.exit_code == 1);
    CHECK(bad.output == "FAILED: record #2: its content does not match its hash: it was changed "
                        "after it was written\n");
}

TEST_CASE("twenty pushes at once lose no record and leave a valid chain") {
    Sandbox sb;
    sb.seeded();
    std::string script =
        "set -e; for i in $(seq 1 20); do git clone -q server.git c$i && "
        "git -C c$i commit -q --allow-empty -m \"c$i\"; done; "
        "for i in $(seq 1 20); do (cd c$i && "
        "GL_USERNAME=user$i git push -q origin HEAD:refs/heads/b$i 2>/dev/null) & done; wait";
    sb.ok(script);
    CHECK(sb.ok("git -C server.git for-each-ref refs/heads/ | wc -l") == "21\n");
    auto json = slipway::util::parse_json(sb.ok("slipway log server.git --json"));
    REQUIRE(json);
    CHECK(json->at("count").as_int() == 20);
    for (const auto& e : json->at("entries").as_array()) {
        CHECK(e.at("verdict").as_string() == "accepted");
        CHECK_FALSE(e.at("confirmed_by").is_null());
    }
    auto verify = sb.sh("slipway audit verify server.git");
    CHECK(verify.exit_code == 0);
    CHECK(verify.output.starts_with("OK: 41 records, chain intact"));
}

TEST_CASE("a crash between a ref update and its ledger write is reported at the next push") {
    Sandbox sb;
    sb.seeded();
    // A post-receive that dies before writing anything: the ref moved, the ledger never knew.
    sb.ok("cp server.git/hooks/post-receive saved && printf '#!/bin/sh\\nkill -9 $$\\n' > "
          "server.git/hooks/post-receive");
    sb.ok("git commit -q --allow-empty -m lost && git push -q origin master 2>/dev/null", {},
          "work");
    sb.ok("cp saved server.git/hooks/post-receive");
    const auto lost = sb.ok("git -C work rev-parse --short=7 HEAD").substr(0, 7);
    auto next =
        sb.sh("git push origin HEAD:refs/heads/next", {{"SLIPWAY_SETTLE_SECONDS", "0"}}, "work");
    CHECK(next.exit_code == 0);
    REQUIRE(next.remote().size() == 2);
    CHECK(next.remote()[0] == "slipway: push accepted with 1 warning");
    CHECK(next.remote()[1].starts_with("  refs/heads/master: warning: refs/heads/master is at " +
                                       lost));
    CHECK(next.remote()[1].ends_with("[ledger-mismatch]"));

    SECTION("an admin acknowledges it after review, and it is no longer reported") {
        auto ack = sb.ok("slipway audit ack server.git");
        CHECK(ack.starts_with("acknowledged refs/heads/master: "));
        auto again =
            sb.sh("git commit -q --allow-empty -m more && git push origin HEAD:refs/heads/next",
                  {{"SLIPWAY_SETTLE_SECONDS", "0"}}, "work");
        CHECK(again.remote() == Lines{"slipway: push accepted — 1 ref update checked"});
    }
}

TEST_CASE("a ref moved by hand on the server is reported, never silently ignored") {
    Sandbox sb;
    sb.seeded();
    sb.ok("git -C server.git update-ref refs/heads/sneaky master");
    auto run = sb.sh("git commit -q --allow-empty -m x && git push origin master", {}, "work");
    CHECK(run.exit_code == 0);
    CHECK(run.has("refs/heads/sneaky: warning: refs/heads/sneaky is at "));
    CHECK(run.has("but the ledger has no record of it: it was changed outside Slipway's hooks"));
}

TEST_CASE("a ledger that cannot be written rejects every push") {
    Sandbox sb;
    sb.seeded();
    // The state directory replaced by a file: the ledger can be neither opened nor created.
    sb.ok("rm -rf server.git/slipway && touch server.git/slipway");
    auto run = sb.sh("git commit -q --allow-empty -m x && git push origin master", {}, "work");
    CHECK(run.exit_code != 0);
    const auto ledger = (sb.root() / "server.git" / "slipway" / "ledger.db").string();
    REQUIRE(run.remote().size() == 3);
    CHECK(run.remote()[0] == "slipway: push rejected — the server could not check it");
    CHECK(run.remote()[1].starts_with("  error: "));
    CHECK(run.remote()[1].ends_with("[ledger]"));
    CHECK(run.remote()[2] ==
          "hint: every push is refused until the ledger " + ledger + " can be written again");
    CHECK(sb.ok("git -C server.git log -1 --format=%s master") == "init\n");
}

TEST_CASE("the ledger commands explain a repository without a ledger") {
    Sandbox sb;
    sb.ok("git init -q --bare plain.git");
    auto run = sb.sh("slipway log plain.git");
    CHECK(run.exit_code == 1);
    CHECK(run.output == "slipway log: no ledger at " +
                            (sb.root() / "plain.git" / "slipway" / "ledger.db").string() +
                            ": nothing was recorded yet (is Slipway installed in plain.git?)\n");
}

TEST_CASE("a server clock set back an hour: the record keeps its predecessor's time, with a "
          "ledger-clock warning") {
    Sandbox sb;
    sb.seeded();
    sb.ok("git commit -q --allow-empty -m now && git push -q origin master 2>/dev/null", {},
          "work");
    // libfaketime moves the clock of git and the hooks it starts back by an hour.
    // (Under AddressSanitizer the preloaded library comes before ASan's runtime, which ASan
    // refuses unless told that this order is intended.)
    auto back = sb.sh("git commit -q --allow-empty -m back && faketime -f -1h git push origin "
                      "master",
                      {{"ASAN_OPTIONS", "verify_asan_link_order=0"}}, "work");
    CHECK(back.exit_code == 0);
    REQUIRE(back.remote().size() == 2);
    CHECK(back.remote()[0] == "slipway: push accepted with 1 warning");
    CHECK(back.remote()[1].starts_with("  warning: the server's clock is 3"));
    CHECK(back.remote()[1].ends_with(
        "this push is recorded at that time, so records stay in order; an admin should fix the "
        "clock (NTP) [ledger-clock]"));
    auto pushes = slipway::e2e::recorded_pushes(sb.root() / "server.git");
    REQUIRE(pushes.size() >= 2);
    const auto& last = pushes.back();
    const auto& before = pushes[pushes.size() - 2];
    CHECK(last.meta.time_ms >= before.meta.time_ms);
    // `log --since 30m` (the real clock) still lists it, newest: the push with one finding
    // (its warning). Recorded an hour back, it would fall outside and the earlier push show.
    const auto newest = sb.ok("slipway log server.git --since 30m --limit 1");
    CHECK(newest.find("\n" + std::to_string(last.meta.id) + " ") != std::string::npos);
    CHECK(newest.find("(1 finding)") != std::string::npos);
    CHECK(sb.ok("slipway audit verify server.git").starts_with("OK: "));
}

TEST_CASE("a push confirmed while a slow gate judges is no ledger-mismatch for that gate") {
    Sandbox sb;
    sb.seeded(R"(version: 1
sandbox: off
environments:
  - name: ops
    refs: refs/heads/master
    targets:
      - terraform: {dirs: [infra], workspace: ops}
)");
    // A terraform that waits while $SANDBOX/hold exists: the slow gate stops between its
    // reading of the refs and its reading of the ledger, while another push lands.
    sb.write("bin/terraform",
             "#!/bin/sh\n"
             "if [ -e \"$SANDBOX/hold\" ]; then touch \"$SANDBOX/held\"; "
             "while [ -e \"$SANDBOX/hold\" ]; do sleep 0.05; done; fi\n"
             "exec " +
                 sb.ok("command -v terraform").substr(0, sb.ok("command -v terraform").find('\n')) +
                 " \"$@\"\n");
    sb.ok("chmod +x bin/terraform && touch hold");
    sb.write("work/infra/main.tf", "resource \"terraform_data\" \"a\" {}\n");
    const std::string path = (sb.root() / "bin").string() + ":" + Sandbox::bin("") + ":" +
                             (std::getenv("PATH") ? std::getenv("PATH") : "/usr/bin:/bin");
    auto run = sb.sh("git add -A && git commit -qm slow && "
                     "(git push origin HEAD:refs/heads/slow > ../slow.out 2>&1; echo $? > "
                     "../slow.rc) &\n"
                     "while [ ! -e ../held ]; do sleep 0.05; done\n"
                     "git push -q origin master~1:refs/heads/fast 2>/dev/null\n"
                     "rm ../hold; while [ ! -e ../slow.rc ]; do sleep 0.05; done; cat ../slow.out",
                     {{"PATH", path}, {"SLIPWAY_SETTLE_SECONDS", "0"}}, "work");
    INFO(run.output);
    CHECK(sb.ok("cat slow.rc") == "0\n");
    CHECK(run.has("remote: slipway: push accepted"));
    CHECK_FALSE(run.has("ledger-mismatch"));
}
