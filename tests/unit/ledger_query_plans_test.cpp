// Tests that the ledger queries the hooks run on every push cost what the refs and the open
// pushes hold, not what the history holds: sqlite's plan for each of them (EXPLAIN QUERY
// PLAN, with the values they were run with) reads `pushes` and `ref_updates` only through an
// index, never whole.
#include "ledger/confirmation.hpp"
#include "ledger/controls.hpp"
#include "ledger/disagreement.hpp"
#include "ledger/queries.hpp"
#include "ledger/settlement.hpp"
#include "support/temp_repo.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <regex>
#include <set>

using namespace slipway::ledger;

namespace {

const std::string c1(40, '1');
const std::string c2(40, '2');
const std::string c3(40, '3');
const std::string zero(40, '0');
const std::string master = "refs/heads/master";
const std::string other = "refs/heads/other";

// The steps of `sql`'s plan that read all of `pushes` or `ref_updates` (by their names or the
// aliases `sql` gives them): "SCAN p", "SCAN u USING INDEX ...".
std::vector<std::string> history_scans(slipway::util::Database& db, const std::string& sql) {
    std::set<std::string> names = {"pushes", "ref_updates"};
    static const std::regex aliased(R"(\b(pushes|ref_updates)\s+(?:AS\s+)?(\w+))",
                                    std::regex::icase);
    for (std::sregex_iterator it(sql.begin(), sql.end(), aliased), end; it != end; ++it)
        names.insert((*it)[2]);
    auto plan = db.prepare("EXPLAIN QUERY PLAN " + sql);
    REQUIRE(plan);
    std::vector<std::string> out;
    static const std::regex scan(R"(^SCAN (\w+))");
    REQUIRE(plan->for_each([&]() -> slipway::Status {
        const std::string detail = plan->text(3);
        std::smatch m;
        if (std::regex_search(detail, m, scan) && names.count(m[1]))
            out.push_back(detail);
        return {};
    }));
    return out;
}

RefReader reader_of(const std::map<std::string, std::string>& refs) {
    return [&refs](const std::string& ref) -> slipway::Result<std::string> {
        auto found = refs.find(ref);
        return found == refs.end() ? std::string() : found->second;
    };
}

} // namespace

TEST_CASE("history_scans sees a scan of pushes through its alias, and not a search") {
    slipway::test::TempDir dir;
    auto ledger = Ledger::open(dir.path() / "ledger.db").value();
    auto& db = ledger.database();
    CHECK(history_scans(db, "SELECT p.record_id FROM pushes p WHERE p.verdict = 'accepted' "
                            "ORDER BY p.record_id DESC LIMIT 100") ==
          std::vector<std::string>{"SCAN p"});
    CHECK(history_scans(db, "SELECT u.ref FROM open_pushes o JOIN ref_updates u ON u.record_id "
                            "= o.push_id ORDER BY u.record_id, u.position")
              .size() == 1);
    CHECK(history_scans(db, "SELECT verdict FROM pushes WHERE record_id = 7").empty());
    CHECK(history_scans(db, "SELECT value FROM ref_heads").empty()); // a table of refs
}

TEST_CASE("the hooks' ledger queries read pushes and ref_updates only through an index") {
    slipway::test::TempDir dir;
    auto ledger = Ledger::open(dir.path() / "ledger.db").value();
    std::map<std::string, std::string> refs = {{master, c1}, {other, c1}};
    REQUIRE(ledger.append(RefSync{.source = "baseline",
                                  .ref_updates = {{master, zero, c1, ""}, {other, zero, c1, ""}}}));
    auto push = [&](const std::string& ref, const std::string& from, const std::string& to) {
        return ledger
            .append(PushRecord{.pusher = "alice",
                               .ref_updates = {{ref, from, to, ""}},
                               .verdict = Verdict::accepted})
            .value();
    };
    // Some history: master confirmed twice; other moved outside the hooks (a disagreement,
    // so find_disagreements looks into the ref's history too).
    push(master, c1, c2);
    refs[master] = c2;
    REQUIRE(confirm_landed(ledger, {{master, c1, c2, ""}}, reader_of(refs)));
    refs[other] = c3;

    std::vector<std::string> run;
    ledger.database().observe_statements([&](const std::string& sql) { run.push_back(sql); });
    // pre-receive
    REQUIRE(ledger.integrity_due());
    REQUIRE(ledger.head());
    DisagreementOptions options;
    options.settle_time = std::chrono::milliseconds(0);
    auto found = find_disagreements(ledger, refs, options);
    REQUIRE(found);
    CHECK(found->size() == 1); // other, moved by hand
    REQUIRE(record_unlanded(ledger, refs, options));
    REQUIRE(find_freeze(ledger, "production", std::nullopt));
    REQUIRE(find_quarantine(ledger, c3));
    push(master, c2, c3);
    // post-receive, then a late one: its push was spoken for by the later one's
    refs[master] = c3;
    auto confirmed = confirm_landed(ledger, {{master, c2, c3, ""}}, reader_of(refs));
    REQUIRE(confirmed);
    push(master, c3, c1);
    refs[master] = c1;
    push(master, c1, c2); // landed on top, before the post-receive of the one below
    refs[master] = c2;
    REQUIRE(confirm_landed(ledger, {{master, c1, c2, ""}}, reader_of(refs)));
    auto late = confirm_landed(ledger, {{master, c3, c1, ""}}, reader_of(refs));
    REQUIRE(late);
    CHECK(late->push_id != 0);
    ledger.database().observe_statements({});

    REQUIRE(run.size() > 20);
    std::vector<std::string> bad;
    for (const auto& sql : run)
        for (const auto& step : history_scans(ledger.database(), sql))
            bad.push_back(step + " in: " + sql);
    for (const auto& b : bad)
        UNSCOPED_INFO(b);
    CHECK(bad.empty());
}
