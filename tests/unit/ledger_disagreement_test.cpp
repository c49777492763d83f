// Tests for ledger/disagreement: refs the ledger cannot account for, and the ones it can.
#include "ledger/disagreement.hpp"
#include "support/temp_repo.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>

using namespace slipway::ledger;
namespace fs = std::filesystem;

namespace {

const std::string c1(40, '1');
const std::string c2(40, '2');
const std::string c3(40, '3');
const std::string zero(40, '0');
constexpr std::int64_t minute = 60'000;

// A repository installed at t=0 with master at c1 and tag v0 at c1.
struct Fixture {
    slipway::test::TempDir dir;
    Ledger ledger = Ledger::open(dir.path() / "ledger.db").value();
    std::map<std::string, std::string> refs = {{"refs/heads/master", c1}, {"refs/tags/v0", c1}};

    Fixture() {
        REQUIRE(ledger.append(RefSync{.push_id = 0,
                                      .source = "baseline",
                                      .ref_updates = {{"refs/heads/master", zero, c1, ""},
                                                      {"refs/tags/v0", zero, c1, ""}}},
                              1));
    }
    std::int64_t push(const std::string& ref, const std::string& from, const std::string& to,
                      std::int64_t at) {
        return ledger
            .append(PushRecord{.pusher = "alice",
                               .ref_updates = {{ref, from, to, ""}},
                               .verdict = Verdict::accepted},
                    at)
            .value();
    }
    std::vector<RefDisagreement> check(std::int64_t now) {
        DisagreementOptions options;
        options.now_ms = now;
        auto r = find_disagreements(ledger, refs, options);
        REQUIRE(r);
        return *r;
    }
};

} // namespace

TEST_CASE("refs that match the last confirmation agree") {
    Fixture f;
    CHECK(f.check(10 * minute).empty());
    auto id = f.push("refs/heads/master", c1, c2, minute);
    f.refs["refs/heads/master"] = c2;
    REQUIRE(f.ledger.append(RefSync{.push_id = id,
                                    .source = "post-receive",
                                    .ref_updates = {{"refs/heads/master", c1, c2, ""}}},
                            minute + 1));
    CHECK(f.check(10 * minute).empty());
}

TEST_CASE("a crash between the ref update and post-receive's write is reported") {
    Fixture f;
    auto id = f.push("refs/heads/master", c1, c2, minute);
    f.refs["refs/heads/master"] = c2; // the ref moved; no RefSync followed

    // Within the settle time the push may still be in flight: quiet.
    CHECK(f.check(minute + 30'000).empty());

    auto found = f.check(minute + 10 * minute);
    REQUIRE(found.size() == 1);
    CHECK(found[0].kind == DisagreementKind::unconfirmed);
    CHECK(found[0].ref == "refs/heads/master");
    CHECK(found[0].repository_value == c2);
    CHECK(found[0].ledger_value == c1);
    CHECK(found[0].record_id == id);
    CHECK(found[0].message == "refs/heads/master is at 2222222 from accepted push #2, but no "
                              "post-receive confirmed it: the ref moved and its ledger write "
                              "was lost (crash after the ref update?)");
}

TEST_CASE("a ref changed outside the hooks is reported, whatever its age") {
    Fixture f;
    f.refs["refs/heads/master"] = c3; // e.g. `git update-ref` on the server
    f.refs["refs/heads/sneaky"] = c2;
    f.refs.erase("refs/tags/v0");
    auto found = f.check(2);
    REQUIRE(found.size() == 3);
    CHECK(found[0].kind == DisagreementKind::unrecorded);
    CHECK(found[0].message == "refs/heads/master is at 3333333 but the ledger last recorded "
                              "1111111 (record #1): it was changed outside Slipway's hooks");
    CHECK(found[0].record_id == 1);
    CHECK(found[1].message == "refs/heads/sneaky is at 2222222 but the ledger has no record of "
                              "it: it was changed outside Slipway's hooks");
    CHECK(found[1].record_id == 0);
    CHECK(found[2].message == "refs/tags/v0 is absent but the ledger last recorded 1111111 "
                              "(record #1): it was changed outside Slipway's hooks");
    CHECK(found[2].repository_value.empty());
}

TEST_CASE("an accepted push that never landed, and Slipway's own refs, are not reported") {
    Fixture f;
    f.push("refs/heads/master", c1, c2, minute); // lost the race for the ref lock
    f.refs["refs/slipway/deployed/preprod"] = c1;
    CHECK(f.check(100 * minute).empty());

    DisagreementOptions strict;
    strict.ignored_prefixes = {};
    strict.now_ms = 100 * minute;
    auto found = find_disagreements(f.ledger, f.refs, strict).value();
    REQUIRE(found.size() == 1);
    CHECK(found[0].ref == "refs/slipway/deployed/preprod");
}

TEST_CASE("a deploy's recorded ref moves and an acknowledgment settle a ref") {
    Fixture f;
    f.push("refs/heads/master", c1, c2, minute);
    f.refs["refs/heads/master"] = c2;
    REQUIRE(f.check(100 * minute).size() == 1);
    // The admin looked into it and records the values as they are.
    REQUIRE(f.ledger.append(RefSync{.push_id = 0,
                                    .source = "acknowledged",
                                    .ref_updates = {{"refs/heads/master", c1, c2, ""}}},
                            100 * minute));
    CHECK(f.check(101 * minute).empty());

    DisagreementOptions strict;
    strict.ignored_prefixes = {};
    strict.now_ms = 200 * minute;
    f.refs["refs/slipway/deployed/preprod"] = c2;
    auto start = f.ledger.append(DeployStart{.environment = "preprod", .commit = c2}, 150 * minute);
    REQUIRE(start);
    REQUIRE(find_disagreements(f.ledger, f.refs, strict).value().size() == 1);
    REQUIRE(f.ledger.append(
        DeployEnd{.deploy_id = *start,
                  .outcome = Outcome::success,
                  .ref_updates = {{"refs/slipway/deployed/preprod", zero, c2, "preprod"}}},
        151 * minute));
    CHECK(find_disagreements(f.ledger, f.refs, strict).value().empty());
}

TEST_CASE("confirmations written out of order are no disagreement, a change after them is") {
    // Two pushes land on master one after the other; under load the second one's post-receive
    // confirms first (tests/bench/concurrent_push_bench.sh saw it in its first run).
    Fixture f;
    const std::string master = "refs/heads/master";
    auto first = f.push(master, c1, c2, minute);
    auto second = f.push(master, c2, c3, minute + 1);
    f.refs[master] = c3;
    REQUIRE(f.ledger.append(
        RefSync{.push_id = second, .source = "post-receive", .ref_updates = {{master, c2, c3, ""}}},
        minute + 2));
    REQUIRE(f.ledger.append(
        RefSync{.push_id = first, .source = "post-receive", .ref_updates = {{master, c1, c2, ""}}},
        minute + 3));
    CHECK(f.check(100 * minute).empty());

    const std::string c4(40, '4');
    f.refs[master] = c4; // e.g. `git update-ref` on the server
    auto found = f.check(100 * minute);
    REQUIRE(found.size() == 1);
    CHECK(found[0].kind == DisagreementKind::unrecorded);
    CHECK(found[0].message == "refs/heads/master is at 4444444 but the ledger last recorded "
                              "3333333 (record #4): it was changed outside Slipway's hooks");
}

TEST_CASE("a push landing on one whose confirmation comes later is in flight, then lost") {
    Fixture f;
    const std::string master = "refs/heads/master";
    auto first = f.push(master, c1, c2, minute);
    auto second = f.push(master, c2, c3, minute + 1); // landed; its post-receive still to come
    f.refs[master] = c3;
    REQUIRE(f.ledger.append(
        RefSync{.push_id = first, .source = "post-receive", .ref_updates = {{master, c1, c2, ""}}},
        minute + 2));
    CHECK(f.check(minute + 30'000).empty());

    auto found = f.check(100 * minute);
    REQUIRE(found.size() == 1);
    CHECK(found[0].kind == DisagreementKind::unconfirmed);
    CHECK(found[0].record_id == second);
    CHECK(found[0].message == "refs/heads/master is at 3333333 from accepted push #3, but no "
                              "post-receive confirmed it: the ref moved and its ledger write "
                              "was lost (crash after the ref update?)");
}
