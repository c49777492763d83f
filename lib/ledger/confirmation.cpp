// post-receive's first duty: confirming in the ledger that a push's refs moved.
#include "ledger/confirmation.hpp"

#include "ledger/queries.hpp"

namespace slipway::ledger {

Result<std::int64_t> confirm_landed(Ledger& ledger, const std::vector<RefChange>& landed) {
    SLIPWAY_TRY_LET(push, find_unconfirmed_push(ledger, landed));
    const std::int64_t push_id = push->value_or(0);
    auto id =
        ledger.append(RefSync{.push_id = push_id, .source = "post-receive", .ref_updates = landed});
    if (!id)
        return std::unexpected(id.error());
    return push_id;
}

} // namespace slipway::ledger
