// Tests for check/authorization: the `push:` lists of ref rules (rule `not-authorized`).
#include "check/ref_checks.hpp"
#include "check_fixture.hpp"

using namespace slipway;
using namespace slipway::testing;

namespace {

const std::string policy_text = R"(version: 1
groups:
  ops: [carol, "@oncall"]
  oncall: [dave]
refs:
  - match: refs/heads/master
    push: [alice, "@ops"]
  - match: refs/heads/frozen
    push: []
  - match: refs/heads/open
    push: ["*"]
)";

std::string refused(const std::string& who, const std::string& ref, const std::string& allowed) {
    return "error not-authorized " + ref + ": " + who + " may not push to " + ref +
           " (allowed: " + allowed +
           "); ask one of them to push it, or an admin to change the policy";
}

} // namespace

TEST_CASE("ref rule not-authorized: users on the push list, directly or by group, may push") {
    GateRepo r;
    const auto c = r.commit("a");
    const auto policy = policy_from(policy_text);
    for (const std::string who : {"alice", "carol", "dave"}) {
        INFO(who);
        CHECK(gate(r, policy, who, {r.create("refs/heads/master", c)}) == none);
    }
}

TEST_CASE("ref rule not-authorized: a user not on the push list is refused") {
    GateRepo r;
    const auto c = r.commit("a");
    const auto policy = policy_from(policy_text);
    CHECK(gate(r, policy, "bob", {r.create("refs/heads/master", c)}) ==
          std::vector<std::string>{refused("bob", "refs/heads/master", "alice, @ops")});
}

TEST_CASE("ref rule not-authorized: deleting needs the push list too") {
    GateRepo r;
    const auto c = r.commit("a");
    r.set_ref("refs/heads/master", c);
    const auto policy = policy_from(policy_text);
    CHECK(gate(r, policy, "bob", {r.remove("refs/heads/master", c)}) ==
          std::vector<std::string>{refused("bob", "refs/heads/master", "alice, @ops")});
    CHECK(gate(r, policy, "alice", {r.remove("refs/heads/master", c)}) == none);
}

TEST_CASE("ref rule not-authorized: an empty push list lets nobody push, \"*\" everybody") {
    GateRepo r;
    const auto c = r.commit("a");
    const auto policy = policy_from(policy_text);
    CHECK(gate(r, policy, "alice", {r.create("refs/heads/frozen", c)}) ==
          std::vector<std::string>{refused("alice", "refs/heads/frozen", "nobody")});
    CHECK(gate(r, policy, "zoe", {r.create("refs/heads/open", c)}) == none);
}

TEST_CASE("ref rule not-authorized: refs no rule lists anyone for are open to all") {
    GateRepo r;
    const auto c = r.commit("a");
    const auto policy = policy_from(policy_text + "  - match: refs/heads/*\n    protected: true\n");
    CHECK(gate(r, policy, "bob", {r.create("refs/heads/feature", c)}) == none);
}

TEST_CASE("ref rule not-authorized: every matching rule must allow the pusher, one finding") {
    GateRepo r;
    const auto c = r.commit("a");
    const auto policy = policy_from(R"(version: 1
refs:
  - match: refs/heads/release/*
    push: [alice, bob]
  - match: refs/heads/release/1.*
    push: [alice]
  - match: refs/heads/*
    push: [alice, carol]
)");
    const auto rules = policy::rules_for(policy.refs, "refs/heads/release/1.0");
    REQUIRE(rules.size() == 3);
    check::PushContext ctx(r.repo(), policy, pusher("bob"), {});
    Findings out;
    check::check_authorization(ctx, r.create("refs/heads/release/1.0", c), rules, out);
    // Only the first rule that refuses is reported.
    CHECK(described(out) ==
          std::vector<std::string>{refused("bob", "refs/heads/release/1.0", "alice")});

    check::PushContext carol(r.repo(), policy, pusher("carol"), {});
    out.clear();
    check::check_authorization(carol, r.create("refs/heads/release/1.0", c), rules, out);
    CHECK(described(out) ==
          std::vector<std::string>{refused("carol", "refs/heads/release/1.0", "alice, bob")});

    CHECK(gate(r, policy, "alice", {r.create("refs/heads/release/1.0", c)}) == none);
}
