// Tests for check/environment_checks: who may deploy to an environment (`not-authorized`) and
// promotion order (`promotion`), against a fake record of past deploys.
#include "check/ref_checks.hpp"
#include "check_fixture.hpp"

using namespace slipway;
using namespace slipway::testing;

namespace {

const std::string policy_text = R"(version: 1
groups:
  release: [carol]
environments:
  - name: staging
    refs: [refs/heads/master, refs/heads/hotfix/*]
    targets: [{command: {run: [./deploy.sh, staging]}}]
  - name: prod
    refs: refs/tags/v*
    promote_from: staging
    deployers: [alice, "@release"]
    targets: [{command: {run: [./deploy.sh, prod]}}]
  - name: frozen
    refs: refs/heads/frozen
    deployers: []
    targets: [{command: {run: [./deploy.sh, frozen]}}]
)";

std::string never_deployed(const git_oid& commit) {
    return "error promotion refs/tags/v1: commit " + git::short_id(git::to_hex(commit)) +
           " was never deployed successfully to staging; prod only takes commits that ran in "
           "staging first (push it to refs/heads/master or refs/heads/hotfix/* and let it "
           "deploy)";
}

} // namespace

TEST_CASE("ref rule not-authorized: environment deployers may push the refs that deploy there") {
    GateRepo r;
    const auto c = r.commit("a");
    const auto policy = policy_from(policy_text);
    FakeHistory history;
    history.add("staging", c);
    for (const std::string who : {"alice", "carol"}) {
        INFO(who);
        CHECK(gate(r, policy, who, {r.create("refs/tags/v1", c)}, &history) == none);
    }
    // No deployers: anyone.
    CHECK(gate(r, policy, "bob", {r.create("refs/heads/master", c)}, &history) == none);
}

TEST_CASE("ref rule not-authorized: a pusher who is not a deployer is refused") {
    GateRepo r;
    const auto c = r.commit("a");
    const auto policy = policy_from(policy_text);
    FakeHistory history;
    history.add("staging", c);
    CHECK(gate(r, policy, "bob", {r.create("refs/tags/v1", c), r.create("refs/heads/frozen", c)},
               &history) ==
          std::vector<std::string>{
              "error not-authorized refs/tags/v1: bob may not deploy to prod, where "
              "refs/tags/v1 deploys (allowed: alice, @release)",
              "error not-authorized refs/heads/frozen: bob may not deploy to frozen, where "
              "refs/heads/frozen deploys (allowed: nobody)"});
}

TEST_CASE("ref rule not-authorized: deleting a ref that deploys needs no deployer") {
    GateRepo r;
    const auto c = r.commit("a");
    r.set_ref("refs/tags/v1", c);
    const auto policy = policy_from(policy_text);
    BrokenHistory history;
    CHECK(gate(r, policy, "bob", {r.remove("refs/tags/v1", c)}, &history) == none);
}

TEST_CASE("ref rule promotion: a commit deployed successfully to the source env is accepted") {
    GateRepo r;
    const auto c = r.commit("a");
    const auto policy = policy_from(policy_text);
    FakeHistory history;
    history.add("staging", c);
    // An annotated tag is judged by the commit it peels to.
    CHECK(gate(r, policy, "alice", {r.create("refs/tags/v1", r.annotated_tag("v1", c))},
               &history) == none);
    CHECK(history.asked ==
          std::vector<std::pair<std::string, std::string>>{{"staging", git::to_hex(c)}});
}

TEST_CASE("ref rule promotion: a commit never deployed to the source env is refused") {
    GateRepo r;
    const auto deployed = r.commit("deployed");
    const auto c = r.commit("next", {deployed});
    const auto policy = policy_from(policy_text);
    FakeHistory history;
    history.add("staging", deployed);
    history.add("prod", c);
    CHECK(gate(r, policy, "alice", {r.create("refs/tags/v1", c)}, &history) ==
          std::vector<std::string>{never_deployed(c)});
}

TEST_CASE("ref rule promotion: refs of an environment without promote_from need no deploys") {
    GateRepo r;
    const auto c = r.commit("a");
    const auto policy = policy_from(policy_text);
    FakeHistory history;
    CHECK(gate(r, policy, "alice", {r.create("refs/heads/master", c)}, &history) == none);
    CHECK(history.asked.empty());
    // Only a ref that deploys nowhere needs no history at all (the freeze rule asks it too).
    CHECK(gate(r, policy, "alice", {r.create("refs/heads/elsewhere", c)}) == none);
}

TEST_CASE("ref rule promotion: a history that cannot be read fails the gate closed") {
    GateRepo r;
    const auto c = r.commit("a");
    const auto policy = policy_from(policy_text);
    BrokenHistory broken;
    auto result = run_gate(r, policy, "alice", {r.create("refs/tags/v1", c)}, &broken);
    REQUIRE_FALSE(result);
    CHECK(result.error().message == "the ledger is locked by another process");

    check::PushContext ctx(r.repo(), policy, pusher("alice"), {r.create("refs/tags/v1", c)},
                           &broken);
    Findings out;
    auto status = check::check_promotion(ctx, ctx.updates()[0], out);
    REQUIRE_FALSE(status);
    CHECK(status.error().message == "the ledger is locked by another process");
    CHECK(out.empty());
}

TEST_CASE("ref rule promotion: no history at all fails the gate closed") {
    GateRepo r;
    const auto c = r.commit("a");
    const auto policy = policy_from(policy_text);
    auto result = run_gate(r, policy, "alice", {r.create("refs/tags/v1", c)}, nullptr);
    REQUIRE_FALSE(result);
    CHECK(result.error().message ==
          "no record of past deploys is available to check promotion to prod");
}

TEST_CASE("ref rule promotion: a tag of something other than a commit is refused") {
    GateRepo r;
    const auto tree = r.tree({{"README", {"hi\n"}}});
    const auto policy = policy_from(policy_text);
    FakeHistory history;
    CHECK(gate(r, policy, "alice", {r.create("refs/tags/v1", r.annotated_tag("v1", tree))},
               &history) ==
          std::vector<std::string>{"error promotion refs/tags/v1: refs/tags/v1 points at a tree, "
                                   "and only a commit deployed to staging can go to prod"});
    CHECK(history.asked.empty());
}

TEST_CASE("ref rule promotion: deleting a promoted ref asks nothing") {
    GateRepo r;
    const auto c = r.commit("a");
    r.set_ref("refs/tags/v1", c);
    const auto policy = policy_from(policy_text);
    FakeHistory history;
    CHECK(gate(r, policy, "alice", {r.remove("refs/tags/v1", c)}, &history) == none);
    CHECK(history.asked.empty());
}
