// Slipway behind gitolite: its gate runs before gitolite's own `update` hook, and a push that
// hook refuses is recorded as accepted, not landed.
#include "support/servers.hpp"

#include "util/json.hpp"

#include <catch2/catch.hpp>

using namespace slipway::e2e;
using Lines = std::vector<std::string>;

namespace {

// The landing of the newest push to `ref` in the ledger of `repo`, as `slipway log --json`
// says it; "no push to <ref>" when there is none.
std::string landing_of(const Sandbox& sb, const std::string& repo, const std::string& ref) {
    auto json = slipway::util::parse_json(sb.ok("slipway log " + quote(repo) + " --json"));
    REQUIRE(json);
    for (const auto& entry : json->at("entries").as_array()) {
        if (entry.at("type").as_string() != "push")
            continue;
        for (const auto& update : entry.at("ref_updates").as_array())
            if (update.at("ref").as_string() == ref)
                return entry.at("verdict").as_string() + ", " + entry.at("landing").as_string();
    }
    return "no push to " + ref;
}

} // namespace

TEST_CASE("servers: gitolite, a ref its update hook denies after the gate accepted it is "
          "recorded as accepted, not landed") {
    SLIPWAY_SKIP_IF(GitoliteServer::missing());
    Sandbox sb;
    // No settle time: the next push may say at once that the refused one never landed.
    GitoliteServer gitolite(sb, {"alice"}, {{"SLIPWAY_SETTLE_SECONDS", "0"}});
    gitolite.add_repo("deploy", {"-   refs/heads/frozen = alice", "RW+ = alice"});
    gitolite.install_slipway("deploy");
    const std::string repo = gitolite.repo_path("deploy").string();
    const std::string url = gitolite.url("alice", "deploy");

    sb.ok("git clone -q " + quote(url) +
          " work 2>&1 && cd work && git commit -q --allow-empty "
          "-m init && git push -q origin master 2>&1");
    auto frozen = sb.sh("git push origin master:frozen 2>&1", {}, "work");
    INFO(frozen.output);
    CHECK(frozen.exit_code != 0);
    CHECK(frozen.gate() == Lines{"slipway: push accepted — 1 ref update checked"});
    CHECK(frozen.has("FATAL: W refs/heads/frozen deploy alice DENIED by refs/heads/frozen"));
    CHECK(frozen.has("! [remote rejected] master -> frozen (hook declined)"));
    CHECK(landing_of(sb, repo, "refs/heads/frozen") == "accepted, pending");

    auto next =
        sb.sh("git commit -q --allow-empty -m next && git push origin master 2>&1", {}, "work");
    INFO(next.output);
    CHECK(next.exit_code == 0);
    CHECK(landing_of(sb, repo, "refs/heads/frozen") == "accepted, not landed");
    CHECK(landing_of(sb, repo, "refs/heads/master") == "accepted, landed");
}

TEST_CASE("servers: gitolite, Slipway as a common hook leaves gitolite-admin and every "
          "repository it was never installed into alone, and judges the one it was installed "
          "into") {
    SLIPWAY_SKIP_IF(GitoliteServer::missing());
    Sandbox sb;
    GitoliteServer gitolite(sb, {"alice"});
    gitolite.add_repo("deploy", {"RW+ = alice"});
    gitolite.add_repo("plain", {"RW+ = alice"});
    sb.write("policy.yaml",
             "version: 1\nrefs:\n  - match: refs/heads/signed\n    push_certificate: required\n");
    sb.ok("slipway install " + quote(gitolite.repo_path("deploy").string()) +
          " --policy policy.yaml >/dev/null");
    gitolite.install_common_hooks();

    // The admin is not locked out.
    auto admin = gitolite.push_admin("after the common hooks");
    INFO(admin.output);
    CHECK(admin.exit_code == 0);
    CHECK(admin.remote() ==
          Lines{"slipway: gitolite-admin is left alone: Slipway was never installed into " +
                gitolite.repo_path("gitolite-admin").string() +
                " (no slipway.yaml, no slipway/), and gitolite runs its hooks for every "
                "repository; nothing is judged or recorded"});
    CHECK_FALSE(std::filesystem::exists(gitolite.repo_path("gitolite-admin") / "slipway"));

    sb.ok("git clone -q " + quote(gitolite.url("alice", "plain")) + " plain 2>&1");
    auto plain =
        sb.sh("git commit -q --allow-empty -m one && git push origin master 2>&1", {}, "plain");
    INFO(plain.output);
    CHECK(plain.exit_code == 0);
    CHECK(plain.has("remote: slipway: plain is left alone: Slipway was never installed into "));
    CHECK_FALSE(std::filesystem::exists(gitolite.repo_path("plain") / "slipway"));

    const std::string repo = gitolite.repo_path("deploy").string();
    sb.ok("git clone -q " + quote(gitolite.url("alice", "deploy")) + " work 2>&1");
    auto judged =
        sb.sh("git commit -q --allow-empty -m judged && git push origin master 2>&1", {}, "work");
    INFO(judged.output);
    CHECK(judged.exit_code == 0);
    CHECK(judged.gate() == Lines{"slipway: push accepted — 1 ref update checked"});
    CHECK(landing_of(sb, repo, "refs/heads/master") == "accepted, landed");
    // And judged it is: its policy takes only signed pushes to `signed`.
    auto refused = sb.sh("git push origin master:signed 2>&1", {}, "work");
    INFO(refused.output);
    CHECK(refused.exit_code != 0);
    CHECK(refused.has("the push is not signed; push again with `git push --signed`"));
}

// Before the fix, the push was refused as if the ledger had been lost ("its records are gone",
// restore it from a backup or rebaseline), when nothing had been installed.
TEST_CASE("servers: gitolite, a repository given Slipway's hook options but never installed "
          "refuses pushes and says to run slipway install") {
    SLIPWAY_SKIP_IF(GitoliteServer::missing());
    Sandbox sb;
    GitoliteServer gitolite(sb, {"alice"});
    gitolite.add_repo("deploy", {"RW+ = alice"});
    gitolite.enable_slipway_hooks("deploy");
    const std::string repo = gitolite.repo_path("deploy").string();

    sb.ok("git clone -q " + quote(gitolite.url("alice", "deploy")) + " work 2>&1");
    auto push =
        sb.sh("git commit -q --allow-empty -m one && git push origin master 2>&1", {}, "work");
    INFO(push.output);
    CHECK(push.exit_code != 0);
    CHECK(push.gate() ==
          Lines{"slipway: push rejected — the server could not check it",
                "  error: Slipway's hooks run in " + repo +
                    ", but Slipway was never installed "
                    "into " +
                    repo + " (no slipway.yaml, no slipway/) [ledger]",
                "hint: every push is refused until the repository's owner (under gitolite, the "
                "gitolite user) runs `slipway install " +
                    repo + " --policy FILE`"});
    CHECK(sb.sh("test -e " + quote(repo + "/slipway")).exit_code != 0);

    // Installed as the hint says, the same push is judged and accepted.
    sb.ok("slipway install " + quote(repo) + " >/dev/null");
    auto again = sb.sh("git push origin master 2>&1", {}, "work");
    INFO(again.output);
    CHECK(again.exit_code == 0);
    CHECK(again.gate() == Lines{"slipway: push accepted — 1 ref update checked"});
}
