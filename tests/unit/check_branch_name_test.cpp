// Tests for check/branch_name: new branches' short names follow the policy (`branch-name`).
#include "check/ref_checks.hpp"
#include "check_fixture.hpp"

using namespace slipway;
using namespace slipway::testing;

namespace {

const std::string policy_text = R"(version: 1
refs:
  - match: refs/heads/*
    branch_name: '^(master|(feature|fix)/[a-z0-9-]+)$'
)";

std::string refused(const std::string& name, const std::string& pattern) {
    return "error branch-name refs/heads/" + name + ": branch name \"" + name +
           "\" does not match the allowed pattern " + pattern +
           "; rename it (git branch -m) and push again";
}

} // namespace

TEST_CASE("ref rule branch-name: new branches whose names match are accepted") {
    GateRepo r;
    const auto c = r.commit("a");
    const auto policy = policy_from(policy_text);
    CHECK(gate(r, policy, "alice",
               {r.create("refs/heads/master", c), r.create("refs/heads/feature/login-page", c),
                r.create("refs/heads/fix/42", c)}) == none);
}

TEST_CASE("ref rule branch-name: a new branch whose name does not match is refused") {
    GateRepo r;
    const auto c = r.commit("a");
    const auto policy = policy_from(policy_text);
    const std::string pattern = "^(master|(feature|fix)/[a-z0-9-]+)$";
    CHECK(gate(r, policy, "alice",
               {r.create("refs/heads/Feature/Login", c), r.create("refs/heads/wip", c)}) ==
          std::vector<std::string>{refused("Feature/Login", pattern), refused("wip", pattern)});
}

TEST_CASE("ref rule branch-name: the pattern must match the whole name") {
    GateRepo r;
    const auto c = r.commit("a");
    const auto policy = policy_from("version: 1\nrefs:\n  - match: refs/heads/*\n"
                                    "    branch_name: 'feature/[a-z]+'\n");
    CHECK(gate(r, policy, "alice", {r.create("refs/heads/feature/abc", c)}) == none);
    CHECK(gate(r, policy, "alice", {r.create("refs/heads/my-feature/abc", c)}) ==
          std::vector<std::string>{refused("my-feature/abc", "feature/[a-z]+")});
}

TEST_CASE("ref rule branch-name: existing branches, deletions and tags are not checked") {
    GateRepo r;
    const auto a = r.commit("a");
    const auto b = r.commit("b", {a});
    r.set_ref("refs/heads/old-name", a);
    r.set_ref("refs/heads/Other", a);
    const auto policy = policy_from(policy_text + "  - match: refs/tags/*\n"
                                                  "    branch_name: '^never$'\n");
    CHECK(gate(r, policy, "alice",
               {r.move("refs/heads/old-name", a, b), r.remove("refs/heads/Other", a),
                r.create("refs/tags/v1", b)}) == none);
}

TEST_CASE("ref rule branch-name: every matching rule's pattern applies, first refusal reported") {
    GateRepo r;
    const auto c = r.commit("a");
    const auto policy = policy_from(R"(version: 1
refs:
  - match: refs/heads/*
    branch_name: '^[a-z/-]+$'
  - match: refs/heads/team/*
    branch_name: '^team/(red|blue)/.+$'
  - match: refs/heads/team/*
    branch_name: '^team/red/.*$'
)");
    CHECK(gate(r, policy, "alice", {r.create("refs/heads/team/red/x", c)}) == none);
    CHECK(gate(r, policy, "alice", {r.create("refs/heads/team/green/x", c)}) ==
          std::vector<std::string>{refused("team/green/x", "^team/(red|blue)/.+$")});
    CHECK(gate(r, policy, "alice", {r.create("refs/heads/team/blue/x", c)}) ==
          std::vector<std::string>{refused("team/blue/x", "^team/red/.*$")});
}

TEST_CASE("ref rule branch-name: a name longer than any git can store is refused unmatched") {
    GateRepo r;
    const auto c = r.commit("a");
    const auto policy = policy_from(policy_text);
    const std::string name = "feature/" + std::string(50000, 'a');
    // The fixture's repository cannot hold such a ref: the update names it as git would.
    auto update = r.create("refs/heads/feature/a", c);
    update.update.ref = "refs/heads/" + name;
    update.short_name = name;
    CHECK(gate(r, policy, "alice", {update}) ==
          std::vector<std::string>{"error branch-name refs/heads/" + name + ": branch name \"" +
                                   name.substr(0, 64) +
                                   "…\" is 50008 bytes long, more than the 1024 a branch name "
                                   "may have; use a shorter name"});
    update.update.ref = "refs/heads/feature/" + std::string(1016, 'a');
    update.short_name = "feature/" + std::string(1016, 'a');
    CHECK(gate(r, policy, "alice", {update}) == none);
}
