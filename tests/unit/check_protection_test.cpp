// Tests for check/protection: protected refs are never deleted (`ref-delete`), only
// fast-forwarded (`force-push`), and protected branches hold commits (`protected-branch`).
#include "check/ref_checks.hpp"
#include "check_fixture.hpp"

using namespace slipway;
using namespace slipway::testing;

namespace {

const std::string policy_text = R"(version: 1
refs:
  - match: [refs/heads/master, refs/heads/release/*, refs/tags/*, refs/notes/*]
    protected: true
)";

} // namespace

TEST_CASE("ref rule force-push: a fast-forward of a protected branch is accepted") {
    GateRepo r;
    const auto a = r.commit("a");
    const auto b = r.commit("b", {a});
    const auto c = r.commit("c", {b});
    r.set_ref("refs/heads/master", a);
    const auto policy = policy_from(policy_text);
    CHECK(gate(r, policy, "alice", {r.move("refs/heads/master", a, c)}) == none);
}

TEST_CASE("ref rule force-push: rewriting a protected branch is refused, counting lost commits") {
    GateRepo r;
    const auto base = r.commit("base");
    const auto mine = r.commit("mine", {base});
    const auto theirs1 = r.commit("theirs 1", {base});
    const auto theirs2 = r.commit("theirs 2", {theirs1});
    r.set_ref("refs/heads/master", theirs2);
    r.set_ref("refs/heads/release/1", theirs1);
    const auto policy = policy_from(policy_text);
    CHECK(gate(r, policy, "alice",
               {r.move("refs/heads/master", theirs2, mine),
                r.move("refs/heads/release/1", theirs1, mine)}) ==
          std::vector<std::string>{
              "error force-push refs/heads/master: force-push to protected branch \"master\" "
              "would drop 2 commits; fetch, merge or rebase onto it, and push again",
              "error force-push refs/heads/release/1: force-push to protected branch "
              "\"release/1\" would drop 1 commit; fetch, merge or rebase onto it, and push again"});
}

TEST_CASE("ref rule force-push: a rewind drops commits too") {
    GateRepo r;
    const auto a = r.commit("a");
    const auto b = r.commit("b", {a});
    r.set_ref("refs/heads/master", b);
    const auto policy = policy_from(policy_text);
    CHECK(gate(r, policy, "alice", {r.move("refs/heads/master", b, a)}) ==
          std::vector<std::string>{
              "error force-push refs/heads/master: force-push to protected branch \"master\" "
              "would drop 1 commit; fetch, merge or rebase onto it, and push again"});
}

TEST_CASE("ref rule force-push: protected tags and other refs are named by their kind") {
    GateRepo r;
    const auto a = r.commit("a");
    const auto b = r.commit("b");
    r.set_ref("refs/tags/v1", a);
    r.set_ref("refs/notes/commits", a);
    const auto policy = policy_from(policy_text);
    CHECK(gate(r, policy, "alice",
               {r.move("refs/tags/v1", a, b), r.move("refs/notes/commits", a, b)}) ==
          std::vector<std::string>{
              "error force-push refs/tags/v1: force-push to protected tag \"v1\" would drop 1 "
              "commit; fetch, merge or rebase onto it, and push again",
              "error force-push refs/notes/commits: force-push to protected ref "
              "refs/notes/commits would drop 1 commit; fetch, merge or rebase onto it, and push "
              "again"});
}

TEST_CASE("ref rule force-push: unprotected branches may be rewritten") {
    GateRepo r;
    const auto a = r.commit("a");
    const auto b = r.commit("b");
    r.set_ref("refs/heads/feature", a);
    const auto policy = policy_from(policy_text);
    CHECK(gate(r, policy, "alice", {r.move("refs/heads/feature", a, b)}) == none);
}

TEST_CASE("ref rule ref-delete: deleting a protected branch or tag is refused") {
    GateRepo r;
    const auto a = r.commit("a");
    r.set_ref("refs/heads/master", a);
    r.set_ref("refs/tags/v1", a);
    const auto policy = policy_from(policy_text);
    CHECK(
        gate(r, policy, "alice", {r.remove("refs/heads/master", a), r.remove("refs/tags/v1", a)}) ==
        std::vector<std::string>{
            "error ref-delete refs/heads/master: deleting protected branch \"master\" is not "
            "allowed",
            "error ref-delete refs/tags/v1: deleting protected tag \"v1\" is not allowed"});
}

TEST_CASE("ref rule ref-delete: unprotected refs may be deleted") {
    GateRepo r;
    const auto a = r.commit("a");
    r.set_ref("refs/heads/feature", a);
    const auto policy = policy_from(policy_text);
    CHECK(gate(r, policy, "alice", {r.remove("refs/heads/feature", a)}) == none);
}

TEST_CASE("ref rule protected-branch: a tree or a blob pushed to a protected branch is refused") {
    GateRepo r;
    const auto a = r.commit("a");
    const auto tree = r.tree({{"README", {"hello\n"}}});
    const auto blob = r.blob("hello\n");
    r.set_ref("refs/heads/master", a);
    const auto policy = policy_from(policy_text);
    // Moving master off its commit is reported once, as protected-branch, not also as force-push.
    CHECK(gate(r, policy, "alice",
               {r.move("refs/heads/master", a, tree), r.create("refs/heads/release/2", blob)}) ==
          std::vector<std::string>{
              "error protected-branch refs/heads/master: protected branch \"master\" must point "
              "at a commit, not a tree",
              "error protected-branch refs/heads/release/2: protected branch \"release/2\" must "
              "point at a commit, not a blob"});
}

TEST_CASE("ref rule protected-branch: a tag object on a protected branch is refused as a tag") {
    GateRepo r;
    const auto a = r.commit("a");
    const auto tag = r.annotated_tag("v1", a);
    const auto policy = policy_from(policy_text);
    CHECK(gate(r, policy, "alice", {r.create("refs/heads/master", tag)}) ==
          std::vector<std::string>{"error protected-branch refs/heads/master: protected branch "
                                   "\"master\" must point at a commit, not a tag"});
}

TEST_CASE("ref rule protected-branch: commits on protected branches, trees elsewhere, pass") {
    GateRepo r;
    const auto a = r.commit("a");
    const auto tree = r.tree({{"README", {"hello\n"}}});
    const auto policy = policy_from(policy_text);
    CHECK(gate(r, policy, "alice",
               {r.create("refs/heads/master", a), r.create("refs/heads/scratch", tree),
                r.create("refs/tags/tree-tag", tree)}) == none);
}

TEST_CASE("ref rule force-push: check_protection ignores rules that do not protect") {
    GateRepo r;
    const auto a = r.commit("a");
    const auto b = r.commit("b");
    r.set_ref("refs/heads/master", a);
    const auto policy = policy_from("version: 1\nrefs:\n  - match: refs/heads/*\n"
                                    "    protected: false\n    four_eyes: false\n");
    check::PushContext ctx(r.repo(), policy, pusher("alice"), {});
    Findings out;
    auto update = r.move("refs/heads/master", a, b);
    REQUIRE(check::check_protection(ctx, update,
                                    policy::rules_for(policy.refs, "refs/heads/master"), out));
    CHECK(out.empty());
    REQUIRE(check::check_protection(ctx, update, {}, out));
    CHECK(out.empty());
}
