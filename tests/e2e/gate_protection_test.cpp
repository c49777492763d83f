// E2E: protected branches through real pushes: force-push, deletion, non-commit targets.
#include "support/sandbox.hpp"

#include <catch2/catch.hpp>

using slipway::e2e::Sandbox;
using Lines = std::vector<std::string>;

namespace {
const std::string policy = R"(version: 1
refs:
  - match: refs/heads/master
    protected: true
)";
}

TEST_CASE("force-push: a fast-forward is accepted, a rewrite of master is rejected") {
    Sandbox sb;
    sb.seeded(policy);
    auto ff = sb.sh("git commit -q --allow-empty -m two && git push origin master", {}, "work");
    CHECK(ff.exit_code == 0);
    CHECK(ff.remote() == Lines{"slipway: push accepted — 1 ref update checked"});

    const auto before = sb.ok("git -C server.git rev-parse master");
    auto forced = sb.sh("git reset -q --hard HEAD~1 && git commit -q --allow-empty -m other && "
                        "git push --force origin master",
                        {}, "work");
    CHECK(forced.exit_code != 0);
    CHECK(forced.remote() ==
          Lines{"slipway: push rejected — 1 problem",
                "  refs/heads/master: error: force-push to protected branch \"master\" would drop "
                "1 commit; fetch, merge or rebase onto it, and push again [force-push]",
                "hint: no ref was changed; fix the problems above and push again"});
    CHECK(forced.has("! [remote rejected] master -> master (pre-receive hook declined)"));
    CHECK(sb.ok("git -C server.git rev-parse master") == before);
}

TEST_CASE("force-push to an unprotected branch is accepted") {
    Sandbox sb;
    sb.seeded(policy);
    sb.ok("git checkout -q -b topic && git commit -q --allow-empty -m t1 && "
          "git push -q origin topic 2>/dev/null",
          {}, "work");
    auto forced =
        sb.sh("git commit -q --amend --allow-empty -m t1b && git push -f origin topic", {}, "work");
    CHECK(forced.exit_code == 0);
    CHECK(sb.ok("git -C server.git log -1 --format=%s topic") == "t1b\n");
}

TEST_CASE("ref-delete: deleting master is rejected, deleting a topic branch is accepted") {
    Sandbox sb;
    sb.seeded(policy);
    auto del = sb.sh("git push origin --delete master", {}, "work");
    CHECK(del.exit_code != 0);
    CHECK(del.remote() == Lines{"slipway: push rejected — 1 problem",
                                "  refs/heads/master: error: deleting protected branch \"master\" "
                                "is not allowed [ref-delete]",
                                "hint: no ref was changed; fix the problems above and push again"});
    CHECK(sb.sh("git -C server.git rev-parse --verify -q master").exit_code == 0);

    sb.ok("git push -q origin master:refs/heads/topic 2>/dev/null", {}, "work");
    auto ok = sb.sh("git push origin --delete topic", {}, "work");
    CHECK(ok.exit_code == 0);
    CHECK(sb.sh("git -C server.git rev-parse --verify -q topic").exit_code != 0);
}

TEST_CASE("protected-branch: a protected branch must point at a commit") {
    Sandbox sb;
    sb.seeded(R"(version: 1
refs:
  - match: refs/heads/release/*
    protected: true
)");
    auto tree = sb.sh("git push origin 'HEAD^{tree}:refs/heads/release/1'", {}, "work");
    CHECK(tree.exit_code != 0);
    CHECK(tree.remote() ==
          Lines{"slipway: push rejected — 1 problem",
                "  refs/heads/release/1: error: protected branch \"release/1\" must point at a "
                "commit, not a tree [protected-branch]",
                "hint: no ref was changed; fix the problems above and push again"});
    auto commit = sb.sh("git push origin HEAD:refs/heads/release/1", {}, "work");
    CHECK(commit.exit_code == 0);
}
