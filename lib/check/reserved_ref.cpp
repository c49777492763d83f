// Rule `reserved-ref`: pushers never write Slipway's own refs.
#include "check/ref_checks.hpp"
#include "util/state_paths.hpp"

namespace slipway::check {

bool check_reserved_ref(const git::ClassifiedUpdate& update, Findings& out) {
    if (!util::is_reserved_ref(update.update.ref))
        return false;
    out.push_back({.ref = update.update.ref,
                   .message = "refs/slipway/ is reserved for Slipway's own records of what is "
                              "deployed and rendered; push to a branch or tag instead",
                   .rule = "reserved-ref"});
    return true;
}

} // namespace slipway::check
