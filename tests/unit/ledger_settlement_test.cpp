// Tests for ledger/settlement: accepted pushes that never landed get their end.
#include "ledger/confirmation.hpp"
#include "ledger/queries.hpp"
#include "ledger/settlement.hpp"
#include "support/temp_repo.hpp"

#include <catch2/catch.hpp>

using namespace slipway::ledger;

namespace {

const std::string c1(40, '1');
const std::string c2(40, '2');
const std::string c3(40, '3');
const std::string zero(40, '0');
const std::string master = "refs/heads/master";
constexpr std::int64_t minute = 60'000;

struct Fixture {
    slipway::test::TempDir dir;
    Ledger ledger = Ledger::open(dir.path() / "ledger.db").value();
    std::map<std::string, std::string> refs = {{master, c1}};

    Fixture() {
        REQUIRE(ledger.append(
            RefSync{.push_id = 0, .source = "baseline", .ref_updates = {{master, zero, c1, ""}}},
            1));
    }
    std::int64_t push(const std::string& from, const std::string& to, std::int64_t at) {
        return ledger
            .append(PushRecord{.pusher = "alice",
                               .ref_updates = {{master, from, to, ""}},
                               .verdict = Verdict::accepted},
                    at)
            .value();
    }
    std::vector<std::int64_t> settle(std::int64_t now) {
        DisagreementOptions options;
        options.now_ms = now;
        auto r = record_unlanded(ledger, refs, options);
        REQUIRE(r);
        return *r;
    }
    Landing landing(std::int64_t id) {
        auto shown = show_record(ledger, id, Output::omit);
        REQUIRE(shown);
        REQUIRE(*shown);
        return std::get<PushEntry>(**shown).landing;
    }
};

} // namespace

TEST_CASE("an accepted push whose ref never moved is recorded as not landed after the settle "
          "time") {
    Fixture f;
    auto p = f.push(c1, c2, minute);     // master stays at c1: git refused it after the gate
    CHECK(f.settle(3 * minute).empty()); // younger than 5 minutes: its post-receive may come
    CHECK(f.landing(p) == Landing::pending);
    CHECK(f.settle(7 * minute) == std::vector<std::int64_t>{p});
    CHECK(f.landing(p) == Landing::not_landed);
    CHECK(f.settle(8 * minute).empty()); // once
    auto rejected = read_log(f.ledger, {.rejected_only = true});
    REQUIRE(rejected);
    REQUIRE(rejected->size() == 1);
    CHECK(std::get<PushEntry>(rejected->front()).meta.id == p);
}

TEST_CASE("a push whose ref holds its value stays open: that is a lost confirmation") {
    Fixture f;
    auto p = f.push(c1, c2, minute);
    f.refs[master] = c2;
    CHECK(f.settle(10 * minute).empty());
    CHECK(f.landing(p) == Landing::pending);
}

TEST_CASE("a push whose ref holds a value the ledger cannot explain stays open") {
    Fixture f;
    f.push(c1, c2, minute);
    f.refs[master] = c3; // moved by hand: find_disagreements reports it
    CHECK(f.settle(10 * minute).empty());
}

TEST_CASE("the loser of a race for the same commit is not landed: the winner's confirmation "
          "came after it") {
    Fixture f;
    auto loser = f.push(c1, c2, minute);
    auto winner = f.push(c1, c2, minute + 1);
    f.refs[master] = c2;
    RefReader reader = [&](const std::string& ref) -> slipway::Result<std::string> {
        return f.refs[ref];
    };
    auto confirmed = confirm_landed(f.ledger, {{master, c1, c2, ""}}, reader);
    REQUIRE(confirmed);
    CHECK(confirmed->push_id == winner);
    CHECK(f.settle(10 * minute) == std::vector<std::int64_t>{loser});
}

TEST_CASE("a late post-receive of a push settled as not landed confirms it after all") {
    Fixture f;
    auto p = f.push(c1, c2, minute);
    REQUIRE(f.settle(10 * minute) == std::vector<std::int64_t>{p});
    f.refs[master] = c2;
    RefReader reader = [&](const std::string& ref) -> slipway::Result<std::string> {
        return f.refs[ref];
    };
    auto confirmed = confirm_landed(f.ledger, {{master, c1, c2, ""}}, reader);
    REQUIRE(confirmed);
    CHECK(confirmed->push_id == p);
    CHECK(confirmed->late);
    CHECK(f.landing(p) == Landing::landed);
}
