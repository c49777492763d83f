// E2E: whether an accepted push landed. git can refuse a ref after the gate said yes (another
// push won the race for it, a later `update` hook said no) and runs no post-receive for it; a
// post-receive can die before confirming. The ledger must end up telling each push's truth.
#include "support/sandbox.hpp"

#include "util/json.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using slipway::e2e::Sandbox;
using slipway::util::Json;
using Lines = std::vector<std::string>;

namespace {

// An `update` hook (git runs it per ref after pre-receive, as gitolite does) that refuses
// refs/heads/blocked*, after sleeping `delay` seconds when that is not 0.
void install_update_hook(Sandbox& sb, int delay = 0) {
    sb.write("server.git/hooks/update",
             "#!/bin/sh\n" + (delay > 0 ? "sleep " + std::to_string(delay) + "\n" : "") +
                 "case \"$1\" in refs/heads/blocked*) echo \"update hook: $1 is closed\" >&2; "
                 "exit 1;; esac\nexit 0\n");
    sb.ok("chmod +x server.git/hooks/update");
}

Json log_json(Sandbox& sb, const std::string& args = "") {
    auto json = slipway::util::parse_json(sb.ok("slipway log server.git --json " + args));
    REQUIRE(json);
    return *json;
}

// The push entry of `log --json` that updated `ref` to `commit` (full id).
Json push_to(const Json& log, const std::string& ref, const std::string& commit) {
    for (const auto& e : log.at("entries").as_array()) {
        if (e.at("type").as_string() != "push")
            continue;
        for (const auto& u : e.at("ref_updates").as_array())
            if (u.at("ref").as_string() == ref && u.at("new").as_string() == commit)
                return e;
    }
    FAIL("no push of " + ref + " to " + commit + " in the log");
    return Json();
}

std::string head_of(Sandbox& sb, const std::string& dir) {
    auto id = sb.ok("git -C " + dir + " rev-parse HEAD");
    return id.substr(0, id.size() - 1);
}

} // namespace

TEST_CASE("a push a later hook refuses is accepted, not landed, once the next push comes after "
          "the settle time") {
    Sandbox sb;
    sb.seeded();
    install_update_hook(sb);
    auto refused = sb.sh("git commit -q --allow-empty -m closed && git push origin "
                         "HEAD:refs/heads/blocked",
                         {}, "work");
    REQUIRE(refused.exit_code != 0);
    CHECK(refused.has("update hook: refs/heads/blocked is closed"));
    const std::string commit = head_of(sb, "work");
    CHECK(push_to(log_json(sb), "refs/heads/blocked", commit).at("landing").as_string() ==
          "pending");

    SECTION("within the settle time it stays pending: its post-receive may still come") {
        sb.ok("git push -q origin HEAD:refs/heads/other 2>/dev/null", {}, "work");
        CHECK(push_to(log_json(sb), "refs/heads/blocked", commit).at("landing").as_string() ==
              "pending");
        CHECK(log_json(sb, "--rejected").at("count").as_int() == 0);
    }
    SECTION("after it, the next push records that it never landed, without a warning") {
        auto next = sb.sh("git push origin HEAD:refs/heads/other",
                          {{"SLIPWAY_SETTLE_SECONDS", "0"}}, "work");
        CHECK(next.exit_code == 0);
        CHECK(next.gate() == Lines{"slipway: push accepted — 1 ref update checked"});

        const auto entry = push_to(log_json(sb), "refs/heads/blocked", commit);
        CHECK(entry.at("verdict").as_string() == "accepted");
        CHECK(entry.at("landing").as_string() == "not landed");
        const auto id = std::to_string(entry.at("id").as_int());
        auto log = sb.ok("slipway log server.git");
        CHECK(log.find("accepted, not landed  refs/heads/blocked") != std::string::npos);
        auto rejected = log_json(sb, "--rejected");
        REQUIRE(rejected.at("count").as_int() == 1);
        CHECK(rejected.at("entries").as_array()[0].at("id").as_int() == entry.at("id").as_int());
        auto shown = sb.ok("slipway show server.git " + id);
        CHECK(shown.starts_with("push #" + id + ": accepted, not landed\n"));
        CHECK(shown.find("landed:    no: git refused every ref after the gate") !=
              std::string::npos);
        CHECK(sb.sh("slipway audit verify server.git").exit_code == 0);
    }
}

TEST_CASE("a push of two refs, one refused by a later hook, is accepted, partly landed") {
    Sandbox sb;
    sb.seeded();
    install_update_hook(sb);
    auto run = sb.sh("git commit -q --allow-empty -m two && git push origin HEAD:refs/heads/open "
                     "HEAD:refs/heads/blocked",
                     {}, "work");
    REQUIRE(run.exit_code != 0);
    CHECK(sb.ok("git -C server.git for-each-ref --format='%(refname)' refs/heads/") ==
          "refs/heads/master\nrefs/heads/open\n");
    const auto entry = push_to(log_json(sb), "refs/heads/open", head_of(sb, "work"));
    CHECK(entry.at("landing").as_string() == "partly landed");
    CHECK(entry.at("not_landed").as_array().size() == 1);
    CHECK(entry.at("not_landed").as_array()[0].as_string() == "refs/heads/blocked");
    const auto id = std::to_string(entry.at("id").as_int());
    CHECK(sb.ok("slipway show server.git " + id)
              .find("landed:    partly: git refused refs/heads/blocked after the gate") !=
          std::string::npos);
    CHECK(log_json(sb, "--rejected").at("count").as_int() == 1);

    // The ref that landed counts; the other does not: no mismatch for either.
    auto next =
        sb.sh("git push origin HEAD:refs/heads/later", {{"SLIPWAY_SETTLE_SECONDS", "0"}}, "work");
    CHECK(next.gate() == Lines{"slipway: push accepted — 1 ref update checked"});
}

TEST_CASE("pushes racing for one branch: the winner landed, every loser is not landed, no "
          "mismatch") {
    Sandbox sb;
    sb.seeded();
    // A slow update hook holds every racer between the gate and the ref update, so each one's
    // gate has accepted before any ref moves: all but one then lose git's compare-and-swap.
    install_update_hook(sb, 2);
    constexpr int racers = 5;
    sb.ok("set -e; for i in $(seq 1 " + std::to_string(racers) +
          "); do git clone -q server.git r$i; git -C r$i commit -q --allow-empty -m \"racer "
          "$i\"; done; for i in $(seq 1 " +
          std::to_string(racers) +
          "); do (cd r$i && if git push -q origin master >out 2>&1; then echo 0; else echo 1; "
          "fi >rc) & done; wait");
    const std::string landed = head_of(sb, "server.git");
    auto next = sb.sh("git pull -q --rebase origin master && git commit -q --allow-empty -m after "
                      "&& git push origin master",
                      {{"SLIPWAY_SETTLE_SECONDS", "0"}}, "work");
    CHECK(next.exit_code == 0);
    CHECK(next.gate() == Lines{"slipway: push accepted — 1 ref update checked"});

    const auto log = log_json(sb);
    int winners = 0;
    for (int i = 1; i <= racers; ++i) {
        const std::string dir = "r" + std::to_string(i);
        const std::string commit = head_of(sb, dir);
        const bool pushed = sb.ok("cat " + dir + "/rc") == "0\n";
        const auto entry = push_to(log, "refs/heads/master", commit);
        INFO(dir << ": " << sb.ok("cat " + dir + "/out"));
        if (pushed) {
            ++winners;
            CHECK(commit == landed);
            CHECK(entry.at("landing").as_string() == "landed");
        } else {
            const bool gate_refused = entry.at("verdict").as_string() == "rejected";
            CHECK((gate_refused || entry.at("landing").as_string() == "not landed"));
        }
    }
    CHECK(winners == 1);
    CHECK(sb.sh("slipway audit verify server.git").exit_code == 0);
}

TEST_CASE("a ref moved on from a value whose confirmation was lost is reported at that moment, "
          "and that push recorded as landed") {
    Sandbox sb;
    sb.seeded();
    // P1's post-receive dies before writing anything: master moved, the ledger never knew.
    sb.ok("cp server.git/hooks/post-receive saved && printf '#!/bin/sh\\nkill -9 $$\\n' > "
          "server.git/hooks/post-receive");
    sb.ok("git commit -q --allow-empty -m lost && git push -q origin master 2>/dev/null", {},
          "work");
    sb.ok("cp saved server.git/hooks/post-receive");
    const std::string lost = head_of(sb, "work");
    const auto p1 = push_to(log_json(sb), "refs/heads/master", lost);
    CHECK(p1.at("landing").as_string() == "pending");

    // P2 moves master on within the settle time: its gate cannot yet tell P1 was lost, but its
    // post-receive sees master move from P1's value, which nothing confirmed.
    auto p2 = sb.sh("git commit -q --allow-empty -m next && git push origin master", {}, "work");
    CHECK(p2.exit_code == 0);
    const std::string p1_id = std::to_string(p1.at("id").as_int());
    CHECK(p2.has("slipway: note: refs/heads/master moved from " + lost.substr(0, 7) +
                 ", which accepted push #" + p1_id +
                 " gave it; no post-receive had confirmed that push yet (it is still running, "
                 "or died after the ref update), so ledger record "));

    const auto now = push_to(log_json(sb), "refs/heads/master", lost);
    CHECK(now.at("landing").as_string() == "landed");
    const auto sync = std::to_string(now.at("confirmed_by").as_int());
    CHECK(sb.ok("slipway show server.git " + sync + " --json").find("\"source\": \"inferred\"") !=
          std::string::npos);
    // Nothing left over: the next push, long after any settle time, sees no mismatch.
    auto later = sb.sh("git commit -q --allow-empty -m later && git push origin master",
                       {{"SLIPWAY_SETTLE_SECONDS", "0"}}, "work");
    CHECK(later.gate() == Lines{"slipway: push accepted — 1 ref update checked"});
    CHECK(sb.sh("slipway audit verify server.git").exit_code == 0);
}
