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
