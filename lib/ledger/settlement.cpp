// Accepted pushes that never landed: closing them, so they do not read "accepted" for ever.
#include "ledger/settlement.hpp"

#include "ledger/confirmation.hpp"
#include "ledger/timestamp.hpp"

namespace slipway::ledger {

using util::Database;
using util::Transaction;

namespace {

struct Update {
    std::string ref;
    std::string new_value;
};

// Whether push `push_id`'s update of `u.ref` stayed out: the ref holds its last confirmed
// value, which this push did not set (another value, or confirmed for a later record).
Result<bool> stayed_out(Database& db, std::int64_t push_id, const Update& u,
                        const std::map<std::string, std::string>& current_refs) {
    auto found = current_refs.find(u.ref);
    const std::string now = found == current_refs.end() ? "" : normalized_id(found->second);
    SLIPWAY_TRY_LET(head,
                    db.first_row("SELECT value, record_id FROM ref_heads WHERE ref = ?", {u.ref}));
    const std::string confirmed = *head ? normalized_id((*head)->text(0)) : "";
    const std::int64_t confirmed_by = *head ? (*head)->int64(1) : 0;
    return now == confirmed && (now != u.new_value || confirmed_by > push_id);
}

// The open pushes older than `settled_before`, with their updates, none of which moved.
Result<std::vector<std::int64_t>> unlanded(Database& db,
                                           const std::map<std::string, std::string>& current_refs,
                                           std::int64_t settled_before) {
    std::map<std::int64_t, std::vector<Update>> open;
    SLIPWAY_TRY_LET(stmt, db.prepare("SELECT o.push_id, u.ref, u.new_id FROM open_pushes o "
                                     "JOIN records r ON r.id = o.push_id JOIN ref_updates u "
                                     "ON u.record_id = o.push_id WHERE r.time_ms <= ? ORDER "
                                     "BY o.push_id, u.position",
                                     {settled_before}));
    SLIPWAY_TRY(stmt->for_each([&] {
        open[stmt->int64(0)].push_back({stmt->text(1), normalized_id(stmt->text(2))});
        return Status{};
    }));
    std::vector<std::int64_t> out;
    for (const auto& [push_id, updates] : open) {
        bool none_moved = !updates.empty();
        for (const auto& u : updates) {
            SLIPWAY_TRY_LET(stayed, stayed_out(db, push_id, u, current_refs));
            none_moved = none_moved && *stayed;
        }
        if (none_moved)
            out.push_back(push_id);
    }
    return out;
}

} // namespace

Result<std::vector<std::int64_t>>
record_unlanded(Ledger& ledger, const std::map<std::string, std::string>& current_refs,
                const DisagreementOptions& options) {
    Database& db = ledger.database();
    const std::int64_t now = options.now_ms != 0 ? options.now_ms : now_ms();
    const std::int64_t settled_before = now - options.settle_time.count();
    // Looked for without the write lock: every push of a busy server comes here, and a push
    // whose confirmation was lost stays open (find_disagreements reports it), so most looks
    // find nothing to write.
    {
        SLIPWAY_TRY_LET(snapshot, Transaction::begin_read(db));
        SLIPWAY_TRY_LET(found, unlanded(db, current_refs, settled_before));
        SLIPWAY_TRY(snapshot->commit());
        if (found->empty())
            return std::vector<std::int64_t>{};
    }
    // Looked at again under the write lock: another push may have settled them meanwhile.
    SLIPWAY_TRY_LET(tx, Transaction::begin_immediate(db));
    SLIPWAY_TRY_LET(closed, unlanded(db, current_refs, settled_before));
    for (std::int64_t push_id : *closed)
        SLIPWAY_TRY(
            ledger.append(RefSync{.push_id = push_id, .source = std::string(not_landed_source)}));
    SLIPWAY_TRY(tx->commit());
    return std::move(*closed);
}

} // namespace slipway::ledger
