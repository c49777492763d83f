// Tests for check/break_glass: a member of break_glass overrides a freeze, loudly and on the
// record; anyone else, or a request without a reason, overrides nothing.
#include "check/break_glass.hpp"
#include "check_fixture.hpp"

using namespace slipway;
using namespace slipway::testing;

namespace {

const std::string policy_text = R"(version: 1
groups:
  ops: [olga]
break_glass: ["@ops"]
environments:
  - name: prod
    refs: refs/tags/v*
    targets: [{command: {run: [x]}}]
)";

Findings frozen_push() {
    return {
        {.ref = "refs/tags/v1", .message = "prod is frozen by carol since ...", .rule = "freeze"},
        {.message = "nobody vouches for this push", .rule = "identity"},
        {.ref = "refs/tags/v1", .message = "not signed", .rule = "push-cert"},
        {.ref = "refs/tags/v1", .path = "d.yaml", .message = "bad", .rule = "schema"}};
}

const std::string option = "slipway.break-glass=INC-123: payments are down";

} // namespace

TEST_CASE("break-glass: a member overrides a freeze, and only change control, loudly") {
    const auto policy = policy_from(policy_text);
    Findings found = frozen_push();
    check::apply_break_glass(policy, pusher("olga"), {"ci.skip", option}, found);
    CHECK(described(found) ==
          std::vector<std::string>{
              "warning freeze refs/tags/v1: overridden by break-glass: prod is frozen by carol "
              "since ...",
              "error identity : nobody vouches for this push",
              "error push-cert refs/tags/v1: not signed",
              "error schema refs/tags/v1 d.yaml:0:0: bad",
              "warning break-glass : BREAK-GLASS USED by olga: INC-123: payments are down — 1 "
              "finding of [freeze] overridden; recorded in the ledger and shown by `slipway "
              "status` until an admin acknowledges it (`slipway audit ack <repo> --break-glass "
              "<id>`)"});
}

TEST_CASE("break-glass: a non-member, or a pusher nobody vouches for, overrides nothing") {
    const auto policy = policy_from(policy_text);
    Findings found = frozen_push();
    check::apply_break_glass(policy, pusher("mallory"), {option}, found);
    REQUIRE(found.size() == 5);
    CHECK(found[0].severity == Severity::error);
    CHECK(described({found[4]}) ==
          std::vector<std::string>{"error break-glass : mallory may not break glass "
                                   "(break_glass: @ops); nothing was overridden"});

    auto unvouched = pusher("olga");
    unvouched.authenticated = false;
    Findings again = frozen_push();
    check::apply_break_glass(policy, unvouched, {option}, again);
    CHECK(again[0].severity == Severity::error);
    CHECK(described({again[4]}) ==
          std::vector<std::string>{"error break-glass : olga may not break glass "
                                   "(break_glass: @ops; the pusher is not authenticated); "
                                   "nothing was overridden"});
}

TEST_CASE("break-glass: a request without a reason is refused, and without a request nothing "
          "changes") {
    const auto policy = policy_from(policy_text);
    Findings found = frozen_push();
    check::apply_break_glass(policy, pusher("olga"), {"slipway.break-glass="}, found);
    CHECK(found[0].severity == Severity::error);
    CHECK(described({found[4]}) ==
          std::vector<std::string>{"error break-glass : break-glass needs a reason: push again "
                                   "with -o slipway.break-glass=\"INC-123: what is on fire\""});
    Findings untouched = frozen_push();
    check::apply_break_glass(policy, pusher("olga"), {"ci.skip"}, untouched);
    CHECK(described(untouched) == described(frozen_push()));
}

TEST_CASE("break-glass: asked for with nothing to override, it is not a use") {
    const auto policy = policy_from(policy_text);
    Findings found;
    check::apply_break_glass(policy, pusher("olga"), {option}, found);
    CHECK(described(found) ==
          std::vector<std::string>{"warning break-glass-unused : break-glass was asked for "
                                   "(INC-123: payments are down) but nothing needed it: not "
                                   "recorded as a use"});
    // A policy that names nobody.
    Findings none_named = frozen_push();
    check::apply_break_glass(policy_from("version: 1\n"), pusher("olga"), {option}, none_named);
    CHECK(described({none_named[4]}) ==
          std::vector<std::string>{"error break-glass : olga may not break glass (the policy "
                                   "names nobody under break_glass); nothing was overridden"});
}

TEST_CASE("break_glass in the policy names users and defined groups only") {
    auto p = policy::parse_policy("version: 1\nbreak_glass: [\"@opz\"]\n", "p.yaml");
    REQUIRE_FALSE(p);
    CHECK(p.error().message.find("p.yaml:2:") == 0);
    CHECK(p.error().message.find("opz") != std::string::npos);
}
