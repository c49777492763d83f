// Tests for check/freeze: a push that would deploy to a frozen environment is refused, naming
// the window or who froze it; at the window's edges, by a clock the test sets.
#include "check/ref_checks.hpp"
#include "check_fixture.hpp"

using namespace slipway;
using namespace slipway::testing;

namespace {

const std::string policy_text = R"(version: 1
environments:
  - name: preprod
    refs: refs/heads/master
    targets: [{command: {run: [x]}}]
  - name: prod
    refs: refs/tags/v*
    freeze:
      - name: holidays
        from: 2026-12-24 18:00
        to: 2026-12-27 08:00
        time_zone: Europe/Berlin
    targets: [{command: {run: [x]}}]
)";

// 2026-12-24 18:00 and 2026-12-27 08:00 in Berlin, in ms since the epoch.
constexpr std::int64_t start_ms = 1798131600000;
constexpr std::int64_t end_ms = 1798354800000;

std::vector<std::string> at(const GateRepo& r, const policy::Policy& policy,
                            std::vector<git::ClassifiedUpdate> updates, std::int64_t now_ms,
                            const check::DeployHistory& history) {
    check::PushContext ctx(r.repo(), policy, pusher("alice"), std::move(updates), &history);
    ctx.set_now_ms(now_ms);
    auto found = check::evaluate_refs(ctx);
    INFO((found ? std::string() : found.error().message));
    REQUIRE(found);
    return described(*found);
}

const std::string in_window =
    "error freeze refs/tags/v1: prod is frozen by the window \"holidays\" of the policy "
    "(2026-12-24 18:00 to 2026-12-27 08:00, Europe/Berlin) until 2026-12-27 08:00 CET; "
    "refs/tags/v1 deploys there, so it waits";

} // namespace

TEST_CASE("freeze: a push that would deploy in a freeze window is refused, up to its edges") {
    GateRepo r;
    const auto c = r.commit("a");
    const auto policy = policy_from(policy_text);
    FakeHistory history;
    CHECK(at(r, policy, {r.create("refs/tags/v1", c)}, start_ms - 1, history) == none);
    CHECK(at(r, policy, {r.create("refs/tags/v1", c)}, start_ms, history) ==
          std::vector<std::string>{in_window});
    CHECK(at(r, policy, {r.create("refs/tags/v1", c)}, end_ms - 1, history) ==
          std::vector<std::string>{in_window});
    CHECK(at(r, policy, {r.create("refs/tags/v1", c)}, end_ms, history) == none);
}

TEST_CASE("freeze: pushes that deploy elsewhere or nowhere, and deletions, go on") {
    GateRepo r;
    const auto c = r.commit("a");
    r.set_ref("refs/tags/v0", c);
    const auto policy = policy_from(policy_text);
    FakeHistory history;
    CHECK(at(r, policy,
             {r.create("refs/heads/master", c), r.create("refs/heads/feature/x", c),
              r.remove("refs/tags/v0", c)},
             start_ms, history) == none);
}

TEST_CASE("freeze: an environment an operator froze is refused, saying who, when and why") {
    GateRepo r;
    const auto c = r.commit("a");
    const auto policy = policy_from(policy_text);
    FakeHistory history;
    history.frozen["preprod"] = {.actor = "carol",
                                 .reason = "INC-9: payments are down",
                                 .time_ms = 1714564800000,
                                 .record_id = 12};
    CHECK(at(r, policy, {r.create("refs/heads/master", c), r.create("refs/heads/feature/x", c)},
             start_ms - 1, history) ==
          std::vector<std::string>{
              "error freeze refs/heads/master: preprod is frozen by carol since 2024-05-01 "
              "12:00 UTC (record #12): INC-9: payments are down; `slipway thaw` ends it; "
              "refs/heads/master deploys there, so it waits"});
    history.frozen.clear();
    CHECK(at(r, policy, {r.create("refs/heads/master", c)}, start_ms - 1, history) == none);
}

TEST_CASE("freeze: a record of freezes that cannot be read fails the gate closed") {
    GateRepo r;
    const auto c = r.commit("a");
    const auto policy = policy_from(policy_text);
    BrokenHistory broken;
    check::PushContext ctx(r.repo(), policy, pusher("alice"), {r.create("refs/heads/master", c)},
                           &broken);
    auto found = check::evaluate_refs(ctx);
    REQUIRE_FALSE(found);
    CHECK(found.error().message == "the ledger is locked by another process");
}
