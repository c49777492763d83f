// Tests for ledger/confirmation: post-receive's confirmation, and the earlier pushes it finds
// landed on the way.
#include "ledger/confirmation.hpp"
#include "ledger/disagreement.hpp"
#include "ledger/queries.hpp"
#include "support/temp_repo.hpp"

#include <catch2/catch.hpp>

#include <map>

using namespace slipway::ledger;

namespace {

const std::string c1(40, '1');
const std::string c2(40, '2');
const std::string c3(40, '3');
const std::string zero(40, '0');
const std::string master = "refs/heads/master";

// A ledger whose baseline has master at c1; `refs` stands for the repository.
struct Fixture {
    slipway::test::TempDir dir;
    Ledger ledger = Ledger::open(dir.path() / "ledger.db").value();
    std::map<std::string, std::string> refs = {{master, c1}};

    Fixture() {
        REQUIRE(ledger.append(
            RefSync{.push_id = 0, .source = "baseline", .ref_updates = {{master, zero, c1, ""}}}));
    }
    std::int64_t push(std::vector<RefChange> updates) {
        return ledger
            .append(PushRecord{
                .pusher = "alice", .ref_updates = std::move(updates), .verdict = Verdict::accepted})
            .value();
    }
    RefReader reader() {
        return [this](const std::string& ref) -> slipway::Result<std::string> {
            auto found = refs.find(ref);
            return found == refs.end() ? std::string() : found->second;
        };
    }
    Confirmed confirm(const std::vector<RefChange>& landed) {
        for (const auto& u : landed)
            refs[u.ref] = u.new_id;
        auto r = confirm_landed(ledger, landed, reader());
        REQUIRE(r);
        return *r;
    }
    PushEntry entry(std::int64_t id) {
        auto shown = show_record(ledger, id, Output::omit);
        REQUIRE(shown);
        REQUIRE(*shown);
        return std::get<PushEntry>(**shown);
    }
    std::vector<RefDisagreement> disagreements() {
        DisagreementOptions options;
        options.settle_time = std::chrono::milliseconds(0);
        auto r = find_disagreements(ledger, refs, options);
        REQUIRE(r);
        return *r;
    }
};

} // namespace

TEST_CASE("a confirmation names its push, which then counts as landed") {
    Fixture f;
    auto p = f.push({{master, c1, c2, ""}});
    auto confirmed = f.confirm({{master, c1, c2, ""}});
    CHECK(confirmed.push_id == p);
    CHECK(confirmed.inferred.empty());
    CHECK_FALSE(confirmed.late);
    CHECK(f.entry(p).landing == Landing::landed);
    CHECK(f.disagreements().empty());
}

TEST_CASE("a ref moved from the value of an unconfirmed push records that push as landed") {
    Fixture f;
    auto p1 = f.push({{master, c1, c2, ""}});
    f.refs[master] = c2; // landed; its post-receive died before confirming
    auto p2 = f.push({{master, c2, c3, ""}});
    auto confirmed = f.confirm({{master, c2, c3, ""}});
    CHECK(confirmed.push_id == p2);
    REQUIRE(confirmed.inferred.size() == 1);
    CHECK(confirmed.inferred[0].push_id == p1);
    CHECK(confirmed.inferred[0].ref == master);
    CHECK(confirmed.inferred[0].value == c2);
    CHECK(f.entry(p1).landing == Landing::landed);
    CHECK(f.entry(p2).landing == Landing::landed);
    CHECK(f.disagreements().empty());

    SECTION("its post-receive, running late, confirms nothing stale") {
        auto late = f.confirm({{master, c1, c2, ""}});
        f.refs[master] = c3; // the repository never went back
        CHECK(late.push_id == p1);
        CHECK(late.late);
        CHECK(f.disagreements().empty());
    }
}

TEST_CASE("a ref moved from a value no push set infers nothing") {
    Fixture f;
    f.refs[master] = c2; // moved by hand
    auto p = f.push({{master, c2, c3, ""}});
    auto confirmed = f.confirm({{master, c2, c3, ""}});
    CHECK(confirmed.push_id == p);
    CHECK(confirmed.inferred.empty());
}

TEST_CASE("an inferred push keeps only the refs the repository shows at its values") {
    Fixture f;
    const std::string other = "refs/heads/other";
    auto p1 = f.push({{master, c1, c2, ""}, {other, zero, c1, ""}});
    f.refs[master] = c2; // only master landed
    f.push({{master, c2, c3, ""}});
    auto confirmed = f.confirm({{master, c2, c3, ""}});
    REQUIRE(confirmed.inferred.size() == 1);
    auto e = f.entry(p1);
    CHECK(e.landing == Landing::partly_landed);
    CHECK(e.not_landed == std::vector<std::string>{other});
}

TEST_CASE("a push whose post-receive names fewer refs than it updated is partly landed, and "
          "does not overtake deploys for the ref that stayed out") {
    Fixture f;
    const std::string other = "refs/heads/other";
    auto p =
        f.ledger
            .append(PushRecord{.pusher = "alice",
                               .ref_updates = {{master, c1, c2, "prod"}, {other, zero, c1, "dev"}},
                               .verdict = Verdict::accepted})
            .value();
    f.confirm({{other, zero, c1, ""}});
    auto e = f.entry(p);
    CHECK(e.landing == Landing::partly_landed);
    CHECK(e.not_landed == std::vector<std::string>{master});
    auto prod = newer_accepted_push(f.ledger, "prod", 0, Confirmation::required);
    REQUIRE(prod);
    CHECK_FALSE(*prod);
    auto dev = newer_accepted_push(f.ledger, "dev", 0, Confirmation::required);
    REQUIRE(dev);
    CHECK(*dev == p);
    auto rejected = read_log(f.ledger, {.rejected_only = true});
    REQUIRE(rejected);
    CHECK(rejected->size() == 1);
}
