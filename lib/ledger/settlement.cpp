// Accepted pushes that never landed: closing them, so they do not read "accepted" for ever.
#include "ledger/settlement.hpp"

#include "ledger/confirmation.hpp"
#include "ledger/timestamp.hpp"

namespace slipway::ledger {

using util::Database;
using util::Transaction;

namespace {

std::string normalized(const std::string& id) {
    return is_absent_id(id) ? std::string() : id;
}

struct Update {
    std::string ref;
    std::string new_value;
};

// Whether push `push_id`'s update of `u.ref` stayed out: the ref holds its last confirmed
// value, which this push did not set (another value, or confirmed for a later record).
Result<bool> stayed_out(Database& db, std::int64_t push_id, const Update& u,
                        const std::map<std::string, std::string>& current_refs) {
    auto found = current_refs.find(u.ref);
    const std::string now = found == current_refs.end() ? "" : normalized(found->second);
    SLIPWAY_TRY_LET(head,
                    db.first_row("SELECT value, record_id FROM ref_heads WHERE ref = ?", {u.ref}));
    const std::string confirmed = *head ? normalized((*head)->text(0)) : "";
    const std::int64_t confirmed_by = *head ? (*head)->int64(1) : 0;
    return now == confirmed && (now != u.new_value || confirmed_by > push_id);
}

} // namespace

Result<std::vector<std::int64_t>>
record_unlanded(Ledger& ledger, const std::map<std::string, std::string>& current_refs,
                const DisagreementOptions& options) {
    Database& db = ledger.database();
    const std::int64_t now = options.now_ms != 0 ? options.now_ms : now_ms();
    const std::int64_t settled_before = now - options.settle_time.count();
    // Cheap when nothing is open, which is the common case: no write lock taken.
    SLIPWAY_TRY_LET(any, db.first_row("SELECT 1 FROM open_pushes o JOIN records r ON r.id = "
                                      "o.push_id WHERE r.time_ms <= ? LIMIT 1",
                                      {settled_before}));
    if (!*any)
        return std::vector<std::int64_t>{};

    SLIPWAY_TRY_LET(tx, Transaction::begin_immediate(db));
    std::map<std::int64_t, std::vector<Update>> open;
    {
        SLIPWAY_TRY_LET(stmt, db.prepare("SELECT o.push_id, u.ref, u.new_id FROM open_pushes o "
                                         "JOIN records r ON r.id = o.push_id JOIN ref_updates u "
                                         "ON u.record_id = o.push_id WHERE r.time_ms <= ? ORDER "
                                         "BY o.push_id, u.position",
                                         {settled_before}));
        SLIPWAY_TRY(stmt->for_each([&] {
            open[stmt->int64(0)].push_back({stmt->text(1), normalized(stmt->text(2))});
            return Status{};
        }));
    }
    std::vector<std::int64_t> closed;
    for (const auto& [push_id, updates] : open) {
        bool none_moved = !updates.empty();
        for (const auto& u : updates) {
            SLIPWAY_TRY_LET(out, stayed_out(db, push_id, u, current_refs));
            none_moved = none_moved && *out;
        }
        if (!none_moved)
            continue;
        SLIPWAY_TRY(
            ledger.append(RefSync{.push_id = push_id, .source = std::string(not_landed_source)}));
        closed.push_back(push_id);
    }
    SLIPWAY_TRY(tx->commit());
    return closed;
}

} // namespace slipway::ledger
