// post-receive's first duty: confirming in the ledger that a push's refs moved.
#pragma once

#include "ledger/ledger.hpp"
#include "ledger/records.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace slipway::ledger {

/// RefSync sources besides "post-receive", "baseline" and "acknowledged".
/// A later push moved a ref from the value this push gave it: it landed, and its own
/// confirmation was lost (its post-receive died after the ref update).
inline constexpr std::string_view inferred_source = "inferred";
/// None of the push's refs moved (git refused them after the gate: a lost race, a later
/// hook); decided by a later push once the settle time passed.
inline constexpr std::string_view not_landed_source = "not-landed";

/// What a ref holds in the repository now: its object id, or "" when it is absent.
using RefReader = std::function<Result<std::string>(const std::string& ref)>;

/// An earlier push found to have landed while confirming a later one.
struct InferredLanding {
    std::int64_t push_id = 0;
    std::string ref;            ///< the ref the later push moved from its value
    std::string value;          ///< that value
    std::int64_t record_id = 0; ///< the RefSync now recording it
};

/// What confirm_landed() wrote.
struct Confirmed {
    /// The push the confirmation names: the accepted push `landed` came from; 0 when none
    /// matches (a push made while the hooks were not installed).
    std::int64_t push_id = 0;
    std::vector<InferredLanding> inferred; ///< earlier pushes recorded as landed on the way
    /// The push had already been spoken for by a later push (its post-receive ran late): only
    /// the refs that nothing newer confirmed since were recorded.
    bool late = false;
};

/// Appends the RefSync that confirms `landed` (the updates post-receive was told about),
/// linked to the accepted push record they came from, all in one write transaction. First,
/// for each update whose old value is not the ledger's last confirmed value of its ref but is
/// the value an accepted, unconfirmed push set, that push is recorded as landed (RefSync
/// `inferred`, with those of its refs that `current` shows still at its values): otherwise
/// this confirmation would hide for ever that the earlier one was lost.
Result<Confirmed> confirm_landed(Ledger& ledger, const std::vector<RefChange>& landed,
                                 const RefReader& current);

} // namespace slipway::ledger
