// The gate's checkout budget as the pusher hears of it.
#include "check/checkout_limits.hpp"

namespace slipway::check {

Finding checkout_finding(const std::string& ref, const git::CheckoutRefusal& refusal,
                         const std::string& what) {
    using Over = git::CheckoutRefusal::Over;
    if (refusal.over == Over::file_bytes)
        return {.ref = ref,
                .path = refusal.path,
                .message = "file is " + git::format_size(refusal.bytes) + ", more than the " +
                           git::format_size(refusal.limit) +
                           " the gate checks out of one file for " + what +
                           " (manifests.limits.max_file_bytes); it was not checked out: make it "
                           "smaller or keep it out of what " +
                           what + " reads",
                .rule = "yaml-limits"};
    const std::string key =
        refusal.over == Over::bytes ? "limits.checkout_bytes" : "limits.checkout_files";
    return {.ref = ref,
            .message = "checking out " + (ref.empty() ? std::string("the push") : ref) + " for " +
                       what + ": " + git::describe(refusal) + " (" + key +
                       "); nothing was written: push fewer or smaller files at once",
            .rule = "checkout-limits"};
}

} // namespace slipway::check
