// Refs versus ledger: finding ref values the ledger did not record or never saw confirmed.
#include "ledger/disagreement.hpp"

#include "ledger/timestamp.hpp"

#include <algorithm>
#include <set>

namespace slipway::ledger {

using util::Database;
using util::Transaction;

namespace {

std::string short_value(const std::string& id) {
    return id.empty() ? std::string("(absent)") : id.substr(0, 7);
}

struct Confirmed {
    std::string value;
    std::int64_t record_id = 0;
    std::int64_t order = 0; ///< landed_last: the push it confirms, or record_id for none
};

struct Pending {
    std::string new_value;
    std::int64_t push_id = 0;
    std::int64_t time_ms = 0;
};

// Where `ref` was last put, given that ref_heads holds `conf`: the confirmation of the push
// recorded last. A ref's updates land in the order their pushes were recorded (a push
// names the value it replaces, which its pusher saw only once the update before it had landed),
// but their post-receives confirm in any order. Under load, a push's confirmation can come
// after that of a push landing on top of it, and ref_heads, which follows the newest
// confirmation, then holds the older value. So the confirmed push recorded last wins. A
// baseline or acknowledgment (push id 0) is ordered by its own record: a push recorded after
// it landed after it read the refs.
Result<Confirmed> landed_last(Database& db, const std::string& ref, const Confirmed& conf) {
    SLIPWAY_TRY_LET(
        key, db.prepare("SELECT push_id FROM ref_syncs WHERE record_id = ?1", {conf.record_id}));
    SLIPWAY_TRY_LET(has_key, key->step());
    Confirmed last = conf;
    last.order = *has_key && key->int64(0) > 0 ? key->int64(0) : conf.record_id;
    SLIPWAY_TRY_LET(later, db.prepare("SELECT u.new_id, s.record_id, s.push_id FROM ref_syncs s "
                                      "JOIN ref_updates u ON u.record_id = s.record_id WHERE "
                                      "u.ref = ?1 AND s.push_id > ?2 ORDER BY s.push_id DESC "
                                      "LIMIT 1",
                                      {std::string_view(ref), last.order}));
    SLIPWAY_TRY_LET(found, later->step());
    if (*found)
        last = {normalized_id(later->text(0)), later->int64(1), later->int64(2)};
    return last;
}

} // namespace

Result<std::vector<RefDisagreement>>
find_disagreements(Ledger& ledger, const std::map<std::string, std::string>& current_refs,
                   const DisagreementOptions& options) {
    Database& db = ledger.database();
    SLIPWAY_TRY_LET(snapshot, Transaction::begin_read(db));

    std::map<std::string, Confirmed> confirmed;
    {
        // ref_heads holds the last confirmation of each ref (kept by a trigger, schema v2).
        SLIPWAY_TRY_LET(stmt, db.prepare("SELECT ref, value, record_id FROM ref_heads"));
        auto rows = stmt->for_each([&]() -> Status {
            confirmed[stmt->text(0)] = {normalized_id(stmt->text(1)), stmt->int64(2)};
            return {};
        });
        if (!rows)
            return std::unexpected(rows.error());
    }
    std::map<std::string, std::vector<Pending>> pending;
    {
        // open_pushes: accepted pushes no ref_sync confirmed (kept by triggers, schema v2).
        // CROSS JOIN keeps sqlite reading from open_pushes (a few rows) into ref_updates by
        // key: ordered by ref_updates' own key, it would scan the whole history instead.
        SLIPWAY_TRY_LET(
            stmt, db.prepare("SELECT u.ref, u.new_id, u.record_id, r.time_ms FROM open_pushes o "
                             "CROSS JOIN ref_updates u ON u.record_id = o.push_id JOIN records r "
                             "ON r.id = o.push_id ORDER BY o.push_id, u.position"));
        auto rows = stmt->for_each([&]() -> Status {
            pending[stmt->text(0)].push_back(
                {normalized_id(stmt->text(1)), stmt->int64(2), stmt->int64(3)});
            return {};
        });
        if (!rows)
            return std::unexpected(rows.error());
    }

    std::set<std::string> refs;
    for (const auto& [ref, value] : current_refs)
        refs.insert(ref);
    for (const auto& [ref, value] : confirmed)
        refs.insert(ref);

    std::int64_t now = options.now_ms != 0 ? options.now_ms : now_ms();
    std::vector<RefDisagreement> out;
    for (const auto& ref : refs) {
        if (std::any_of(options.ignored_prefixes.begin(), options.ignored_prefixes.end(),
                        [&](const std::string& p) { return ref.starts_with(p); }))
            continue;
        auto current = current_refs.find(ref);
        std::string repo = current == current_refs.end() ? "" : normalized_id(current->second);
        Confirmed conf;
        if (auto c = confirmed.find(ref); c != confirmed.end())
            conf = c->second;
        if (repo == conf.value)
            continue;
        // Only a ref that disagrees pays for this look into its history, in the same snapshot.
        std::int64_t landed_after = conf.record_id;
        if (conf.record_id != 0) {
            SLIPWAY_TRY_LET(last, landed_last(db, ref, conf));
            if (repo == last->value)
                continue; // confirmed, only out of order
            conf = *last;
            landed_after = last->order;
        }

        const Pending* match = nullptr;
        if (auto p = pending.find(ref); p != pending.end())
            for (const auto& candidate : p->second)
                if (candidate.push_id > landed_after && candidate.new_value == repo)
                    match = &candidate; // ascending: the newest wins
        if (match && now - match->time_ms < options.settle_time.count())
            continue; // its post-receive may still be about to confirm it

        RefDisagreement d;
        d.ref = ref;
        d.repository_value = repo;
        d.ledger_value = conf.value;
        if (match) {
            d.kind = DisagreementKind::unconfirmed;
            d.record_id = match->push_id;
            d.message = ref + " is at " + short_value(repo) + " from accepted push #" +
                        std::to_string(match->push_id) +
                        ", but no post-receive confirmed it: the ref moved and its ledger "
                        "write was lost (crash after the ref update?)";
        } else {
            d.kind = DisagreementKind::unrecorded;
            d.record_id = conf.record_id;
            std::string was = conf.record_id == 0
                                  ? std::string("the ledger has no record of it")
                                  : "the ledger last recorded " + short_value(conf.value) +
                                        " (record #" + std::to_string(conf.record_id) + ")";
            d.message = ref + (repo.empty() ? " is absent" : " is at " + short_value(repo)) +
                        " but " + was + ": it was changed outside Slipway's hooks";
        }
        out.push_back(std::move(d));
    }
    SLIPWAY_TRY(snapshot->commit());
    return out;
}

} // namespace slipway::ledger
