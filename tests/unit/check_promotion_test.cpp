// Tests for check/promotion: only a commit still good in the source environment is promoted:
// deployed there, not reverted by a later deploy, not quarantined, and with `require: current`
// the one deployed there now.
#include "check/ref_checks.hpp"
#include "check_fixture.hpp"
#include "git/objects.hpp"

using namespace slipway;
using namespace slipway::testing;

namespace {

const std::string policy_text = R"(version: 1
environments:
  - name: preprod
    refs: refs/heads/master
    targets: [{command: {run: [./deploy.sh, preprod]}}]
  - name: prod
    refs: refs/tags/v*
    promote_from: preprod
    targets: [{command: {run: [./deploy.sh, prod]}}]
  - name: prod-current
    refs: refs/tags/current-*
    promote_from: {env: preprod, require: current}
    targets: [{command: {run: [./deploy.sh, prod]}}]
)";

std::string short_of(const git_oid& oid) {
    return git::short_id(git::to_hex(oid));
}

// A commit with `message` whose tree is the tree of `tree_of`, on top of `parent`.
git_oid commit_with_tree(const GateRepo& r, const std::string& message, const git_oid& parent,
                         const git_oid& tree_of) {
    auto tree = git::read_commit(r.repo(), tree_of);
    REQUIRE(tree);
    auto oid = git::write_commit(r.repo(), {.tree = tree->tree,
                                            .parents = {parent},
                                            .message = message,
                                            .author = {.name = "T", .email = "t@x", .time = 1}});
    REQUIRE(oid);
    return *oid;
}

} // namespace

TEST_CASE("ref rule promotion: a commit still deployed in the source env is promoted") {
    GateRepo r;
    const auto base = r.commit("base");
    const auto good = r.commit("good", {base});
    const auto next = r.commit("next", {good});
    const auto policy = policy_from(policy_text);
    FakeHistory history;
    history.add("preprod", good);
    history.add("preprod", next); // a later deploy that reverts nothing
    CHECK(gate(r, policy, "alice", {r.create("refs/tags/v1", good)}, &history) == none);
}

TEST_CASE("ref rule promotion: a commit reverted in the source env is refused, naming the revert") {
    GateRepo r;
    const auto base = r.commit("base");
    const auto bad = r.commit("bad", {base});
    const std::string bad_hex = git::to_hex(bad);
    // What `git revert` writes: the subject, a blank line, "This reverts commit <full id>."
    const auto revert =
        commit_with_tree(r, "Revert \"bad\"\n\nThis reverts commit " + bad_hex + ".\n", bad, base);
    const auto after = r.commit("after the revert", {revert});
    const auto policy = policy_from(policy_text);
    FakeHistory history;
    history.add("preprod", bad);
    history.add("preprod", after); // the revert reached preprod inside a later push
    CHECK(gate(r, policy, "alice", {r.create("refs/tags/v1", bad)}, &history) ==
          std::vector<std::string>{
              "error promotion refs/tags/v1: commit " + short_of(bad) + " was reverted in " +
              "preprod by " + short_of(revert) +
              " (\"Revert \"bad\"\"), deployed there at 2024-05-01 12:01 UTC in " +
              short_of(after) + "; prod only takes commits still good in preprod"});
}

TEST_CASE(
    "ref rule promotion: a later deploy that restores the tree a commit replaced reverts it") {
    GateRepo r;
    const auto base = r.commit("base");
    const auto bad = r.commit("bad", {base});
    const auto by_hand = commit_with_tree(r, "undo bad by hand\n", bad, base);
    const auto policy = policy_from(policy_text);
    FakeHistory history;
    history.add("preprod", bad);
    history.add("preprod", by_hand);
    CHECK(gate(r, policy, "alice", {r.create("refs/tags/v1", bad)}, &history) ==
          std::vector<std::string>{"error promotion refs/tags/v1: commit " + short_of(bad) +
                                   " was reverted in preprod by " + short_of(by_hand) +
                                   " (\"undo bad by hand\"), which restores the tree it "
                                   "replaced, deployed there at 2024-05-01 12:01 UTC; prod only "
                                   "takes commits still good in preprod"});
    // Deployed again after its revert (a later deploy of the commit itself), it is good again.
    history.add("preprod", bad);
    CHECK(gate(r, policy, "alice", {r.create("refs/tags/v1", bad)}, &history) == none);
}

TEST_CASE("ref rule promotion: a commit that changed nothing is not reverted by another such") {
    GateRepo r;
    const auto base = r.commit("base");
    const auto empty = commit_with_tree(r, "empty one\n", base, base);
    const auto also_empty = commit_with_tree(r, "empty two\n", empty, base);
    const auto policy = policy_from(policy_text);
    FakeHistory history;
    history.add("preprod", empty);
    history.add("preprod", also_empty);
    CHECK(gate(r, policy, "alice", {r.create("refs/tags/v1", empty)}, &history) == none);
}

TEST_CASE("ref rule promotion: a revert that did not reach the source env quarantines nothing") {
    GateRepo r;
    const auto base = r.commit("base");
    const auto bad = r.commit("bad", {base});
    (void)commit_with_tree(r, "Revert\n\nThis reverts commit " + git::to_hex(bad) + ".\n", bad,
                           base);
    const auto policy = policy_from(policy_text);
    FakeHistory history;
    history.add("preprod", bad);
    CHECK(gate(r, policy, "alice", {r.create("refs/tags/v1", bad)}, &history) == none);
}

TEST_CASE(
    "ref rule promotion: a commit an operator quarantined is refused, saying who, when, why") {
    GateRepo r;
    const auto c = r.commit("c");
    const auto policy = policy_from(policy_text);
    FakeHistory history;
    history.add("preprod", c);
    history.quarantined[git::to_hex(c)] = {.actor = "carol",
                                           .reason = "INC-7: leaks memory",
                                           .time_ms = 1714564800000,
                                           .record_id = 42};
    CHECK(gate(r, policy, "alice", {r.create("refs/tags/v1", c)}, &history) ==
          std::vector<std::string>{"error promotion refs/tags/v1: commit " + short_of(c) +
                                   " is quarantined: carol quarantined it at 2024-05-01 12:00 "
                                   "UTC (record #42): INC-7: leaks memory; `slipway "
                                   "unquarantine` releases it; prod only takes commits still "
                                   "good in preprod"});
    history.quarantined.clear();
    CHECK(gate(r, policy, "alice", {r.create("refs/tags/v1", c)}, &history) == none);
}

TEST_CASE("ref rule promotion: require current takes only the commit deployed there now") {
    GateRepo r;
    const auto older = r.commit("older");
    const auto now = r.commit("now", {older});
    const auto policy = policy_from(policy_text);
    FakeHistory history;
    history.add("preprod", older);
    history.add("preprod", now);
    CHECK(gate(r, policy, "alice", {r.create("refs/tags/current-1", now)}, &history) == none);
    CHECK(gate(r, policy, "alice", {r.create("refs/tags/current-1", older)}, &history) ==
          std::vector<std::string>{
              "error promotion refs/tags/current-1: commit " + short_of(older) +
              " is not the commit deployed in preprod now (" + short_of(now) +
              "); prod-current only takes the commit that runs in preprod (promote_from "
              "require: current)"});
    // The plain string form is `require: ever`: the older commit still goes to prod.
    CHECK(gate(r, policy, "alice", {r.create("refs/tags/v1", older)}, &history) == none);
}
