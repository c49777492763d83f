// Tests for check/reserved_ref: refs/slipway/ is Slipway's own, whatever the policy says.
#include "check/ref_checks.hpp"
#include "check_fixture.hpp"

using namespace slipway;
using namespace slipway::testing;

namespace {

const std::string reserved_message =
    "refs/slipway/ is reserved for Slipway's own records of what is deployed and rendered; "
    "push to a branch or tag instead";

} // namespace

TEST_CASE("ref rule reserved-ref: creating a ref under refs/slipway/ is refused") {
    GateRepo r;
    const auto c = r.commit("a");
    const auto policy = policy_from("version: 1\n");
    CHECK(gate(r, policy, "alice", {r.create("refs/slipway/deployed/prod", c)}) ==
          std::vector<std::string>{"error reserved-ref refs/slipway/deployed/prod: " +
                                   reserved_message});
}

TEST_CASE("ref rule reserved-ref: moving or deleting Slipway's refs is refused too") {
    GateRepo r;
    const auto a = r.commit("a");
    const auto b = r.commit("b", {a});
    r.set_ref("refs/slipway/rendered/staging", a);
    r.set_ref("refs/slipway/deployed/staging", a);
    const auto policy = policy_from("version: 1\n");
    CHECK(gate(r, policy, "alice",
               {r.move("refs/slipway/rendered/staging", a, b),
                r.remove("refs/slipway/deployed/staging", a)}) ==
          std::vector<std::string>{
              "error reserved-ref refs/slipway/rendered/staging: " + reserved_message,
              "error reserved-ref refs/slipway/deployed/staging: " + reserved_message});
}

TEST_CASE("ref rule reserved-ref: a reserved ref gets no other rule's findings") {
    GateRepo r;
    const auto tree = r.tree({{"x", {"y"}}});
    // Every rule below would refuse this update if it were not reserved.
    const auto policy = policy_from(R"(version: 1
refs:
  - match: refs/*
    protected: true
    push: []
environments:
  - name: prod
    refs: refs/*
    deployers: []
    targets: [{command: {run: [./deploy.sh]}}]
)");
    CHECK(
        gate(r, policy, "alice", {r.create("refs/slipway/anything", tree)}) ==
        std::vector<std::string>{"error reserved-ref refs/slipway/anything: " + reserved_message});
}

TEST_CASE("ref rule reserved-ref: only refs/slipway/ itself is reserved") {
    GateRepo r;
    const auto c = r.commit("a");
    const auto policy = policy_from("version: 1\n");
    CHECK(gate(r, policy, "alice",
               {r.create("refs/heads/slipway/deployed", c), r.create("refs/slipwayx/y", c),
                r.create("refs/tags/refs/slipway/z", c)}) == none);
}

TEST_CASE("ref rule reserved-ref: check_reserved_ref says whether the other rules are moot") {
    GateRepo r;
    const auto c = r.commit("a");
    Findings out;
    CHECK_FALSE(check::check_reserved_ref(r.create("refs/heads/master", c), out));
    CHECK(out.empty());
    CHECK(check::check_reserved_ref(r.create("refs/slipway/x", c), out));
    CHECK(described(out) ==
          std::vector<std::string>{"error reserved-ref refs/slipway/x: " + reserved_message});
}
