// E2E: who may push where, branch names, four-eyes, reserved refs; identities from the env.
#include "support/sandbox.hpp"

#include <catch2/catch.hpp>

using slipway::e2e::Sandbox;
using Lines = std::vector<std::string>;

namespace {

const std::string hint = "hint: no ref was changed; fix the problems above and push again";

const std::string policy = R"(version: 1
groups:
  maintainers: [alice, bob]
users:
  alice:
    emails: [alice@example.com]
refs:
  - match: refs/heads/master
    protected: true
    push: ["@maintainers"]
  - match: refs/heads/*
    branch_name: '^(master|feature/[a-z0-9-]+)$'
)";

} // namespace

TEST_CASE("not-authorized: only the named users and groups may push to master") {
    Sandbox sb;
    sb.seeded(policy);
    auto mallory = sb.sh("git commit -q --allow-empty -m m && git push origin master",
                         {{"GL_USERNAME", "mallory"}}, "work");
    CHECK(mallory.exit_code != 0);
    CHECK(mallory.remote() ==
          Lines{"slipway: push rejected — 1 problem",
                "  refs/heads/master: error: mallory may not push to refs/heads/master (allowed: "
                "@maintainers); ask one of them to push it, or an admin to change the policy "
                "[not-authorized]",
                hint});
    auto bob = sb.sh("git push origin master", {{"GL_USERNAME", "bob"}}, "work");
    CHECK(bob.exit_code == 0);
}

TEST_CASE("the pusher's identity comes from the first non-empty configured variable") {
    Sandbox sb;
    sb.seeded(policy);
    // GL_USERNAME is empty, so REMOTE_USER (a web server's) names the pusher.
    auto run = sb.sh(
        "git commit -q --allow-empty -m m && git push origin master",
        {{"GL_USERNAME", ""}, {"REMOTE_USER", "mallory"}, {"GITHUB_USER_LOGIN", "bob"}}, "work");
    CHECK(run.exit_code != 0);
    CHECK(run.has("mallory may not push to refs/heads/master"));
}

TEST_CASE("branch-name: new branches must follow the pattern") {
    Sandbox sb;
    sb.seeded(policy);
    auto bad = sb.sh("git push origin HEAD:refs/heads/wip", {{"GL_USERNAME", "carol"}}, "work");
    CHECK(bad.exit_code != 0);
    CHECK(bad.remote() ==
          Lines{"slipway: push rejected — 1 problem",
                "  refs/heads/wip: error: branch name \"wip\" does not match the allowed pattern "
                "^(master|feature/[a-z0-9-]+)$; rename it (git branch -m) and push again "
                "[branch-name]",
                hint});
    auto good =
        sb.sh("git push origin HEAD:refs/heads/feature/login", {{"GL_USERNAME", "carol"}}, "work");
    CHECK(good.exit_code == 0);
}

TEST_CASE("four-eyes: the author may not push their own work to master, a reviewer may") {
    Sandbox sb;
    sb.seeded(R"(version: 1
users:
  alice:
    emails: [alice@example.com]
refs:
  - match: refs/heads/master
    protected: true
    four_eyes: true
)");
    // Alice (the sandbox's author) publishes a feature branch first: that must not let her
    // dodge the rule when she then pushes it to master herself.
    sb.ok("git checkout -q -b feature/x && git commit -q --allow-empty -m f1 && "
          "git commit -q --allow-empty -m f2 && git push -q origin feature/x 2>/dev/null",
          {{"GL_USERNAME", "alice"}}, "work");
    auto own = sb.sh("git push origin feature/x:master", {{"GL_USERNAME", "alice"}}, "work");
    CHECK(own.exit_code != 0);
    CHECK(own.remote() ==
          Lines{"slipway: push rejected — 1 problem",
                "  refs/heads/master: error: alice wrote all 2 commits pushed to master; "
                "four-eyes requires another person to review and push them [four-eyes]",
                hint});
    auto reviewed = sb.sh("git push origin feature/x:master", {{"GL_USERNAME", "bob"}}, "work");
    CHECK(reviewed.exit_code == 0);
}

TEST_CASE("reserved-ref: refs/slipway/ is never writable by pushers, whatever the policy") {
    Sandbox sb;
    sb.seeded("version: 1\n");
    auto run = sb.sh("git push origin HEAD:refs/slipway/deployed/prod", {}, "work");
    CHECK(run.exit_code != 0);
    CHECK(run.remote() ==
          Lines{"slipway: push rejected — 1 problem",
                "  refs/slipway/deployed/prod: error: refs/slipway/ is reserved for Slipway's own "
                "records of what is deployed and rendered; push to a branch or tag instead "
                "[reserved-ref]",
                hint});
    auto elsewhere = sb.sh("git push origin HEAD:refs/heads/deployed-prod", {}, "work");
    CHECK(elsewhere.exit_code == 0);
}

TEST_CASE("not-authorized: only an environment's deployers may push the refs that deploy there") {
    Sandbox sb;
    sb.seeded(R"(version: 1
groups:
  release: [alice]
environments:
  - name: prod
    refs: refs/tags/v*
    deployers: ["@release"]
    targets:
      - command: {run: ["true"]}
)");
    auto mallory = sb.sh("git tag -a v1.0.0 -m r && git push origin v1.0.0",
                         {{"GL_USERNAME", "mallory"}}, "work");
    CHECK(mallory.exit_code != 0);
    CHECK(mallory.remote() ==
          Lines{"slipway: push rejected — 1 problem",
                "  refs/tags/v1.0.0: error: mallory may not deploy to prod, where "
                "refs/tags/v1.0.0 deploys (allowed: @release) [not-authorized]",
                hint});
    auto alice = sb.sh("git push origin v1.0.0", {{"GL_USERNAME", "alice"}}, "work");
    CHECK(alice.exit_code == 0);
}
