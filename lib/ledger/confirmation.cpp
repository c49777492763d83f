// post-receive's first duty: confirming in the ledger that a push's refs moved.
#include "ledger/confirmation.hpp"

#include "ledger/queries.hpp"

#include <algorithm>
#include <map>
#include <optional>

namespace slipway::ledger {

using util::Database;
using util::Transaction;

namespace {

struct Head {
    std::string value; ///< "" when absent or never confirmed
    std::int64_t record_id = 0;
};

// The ledger's last confirmed value of `ref` (ref_heads, kept by a trigger).
Result<Head> head_of(Database& db, const std::string& ref) {
    SLIPWAY_TRY_LET(row,
                    db.first_row("SELECT value, record_id FROM ref_heads WHERE ref = ?", {ref}));
    if (!*row)
        return Head{};
    return Head{normalized_id((*row)->text(0)), (*row)->int64(1)};
}

// The newest accepted, unconfirmed push after `after` (other than `except`) that set `ref` to
// `value`.
Result<std::optional<std::int64_t>> open_push_that_set(Database& db, const std::string& ref,
                                                       const std::string& value, std::int64_t after,
                                                       std::int64_t except) {
    // From the open pushes (a few) into their updates, not from every update of the ref.
    SLIPWAY_TRY_LET(row, db.first_row("SELECT o.push_id FROM open_pushes o CROSS JOIN ref_updates "
                                      "u ON u.record_id = o.push_id WHERE u.ref = ? AND u.new_id "
                                      "= ? AND o.push_id > ? AND o.push_id != ? ORDER BY "
                                      "o.push_id DESC LIMIT 1",
                                      {ref, value, after, except}));
    if (!*row)
        return std::nullopt;
    return (*row)->int64(0);
}

// Records push `push_id` as landed: `proven` (the ref a later push moved from its value) and
// each of its other refs that `current` shows at its value.
Result<std::int64_t> record_inferred(Ledger& ledger, std::int64_t push_id,
                                     const std::string& proven, const RefReader& current) {
    SLIPWAY_TRY_LET(record, ledger.read(push_id, Output::omit));
    RefSync sync{.push_id = push_id, .source = std::string(inferred_source)};
    const auto* push = *record ? std::get_if<PushRecord>(&(*record)->body) : nullptr;
    for (const auto& u : push ? push->ref_updates : std::vector<RefChange>{}) {
        bool moved = u.ref == proven;
        if (!moved) {
            SLIPWAY_TRY_LET(now, current(u.ref));
            moved = normalized_id(*now) == normalized_id(u.new_id);
        }
        if (moved)
            sync.ref_updates.push_back({u.ref, u.old_id, u.new_id, ""});
    }
    return ledger.append(sync);
}

} // namespace

Result<Confirmed> confirm_landed(Ledger& ledger, const std::vector<RefChange>& landed,
                                 const RefReader& current) {
    Database& db = ledger.database();
    // One transaction: what is read to decide, and every record written from it.
    SLIPWAY_TRY_LET(tx, Transaction::begin_immediate(db));
    SLIPWAY_TRY_LET(push, find_unconfirmed_push(ledger, landed));
    Confirmed out;
    out.push_id = push->value_or(0);

    std::map<std::string, Head> heads;
    for (const auto& u : landed) {
        SLIPWAY_TRY_LET(head, head_of(db, u.ref));
        heads[u.ref] = *head;
    }
    for (const auto& u : landed) {
        Head& head = heads[u.ref];
        if (normalized_id(u.old_id) == head.value)
            continue;
        // The ref held a value its last confirmation does not explain. When an accepted push
        // set it, that push landed and its post-receive never said so.
        SLIPWAY_TRY_LET(earlier,
                        open_push_that_set(db, u.ref, u.old_id, head.record_id, out.push_id));
        if (!*earlier)
            continue; // changed outside the hooks: the gate of this push reported it
        SLIPWAY_TRY_LET(id, record_inferred(ledger, **earlier, u.ref, current));
        out.inferred.push_back({**earlier, u.ref, normalized_id(u.old_id), *id});
        head = {normalized_id(u.old_id), *id};
    }

    RefSync sync{.push_id = out.push_id, .source = "post-receive", .ref_updates = landed};
    if (!*push) {
        // A late post-receive: a later push already spoke for this one. Only refs nothing
        // newer confirmed are still this push's to confirm; the others moved on since.
        SLIPWAY_TRY_LET(settled, find_settled_push(ledger, landed));
        if (*settled) {
            out.push_id = **settled;
            out.late = true;
            sync.push_id = out.push_id;
            std::erase_if(sync.ref_updates, [&](const RefChange& u) {
                return heads[u.ref].value != normalized_id(u.old_id);
            });
        }
    }
    SLIPWAY_TRY(ledger.append(sync));
    SLIPWAY_TRY(tx->commit());
    return out;
}

} // namespace slipway::ledger
