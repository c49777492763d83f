// `freeze`: no deploy to an environment while it is frozen, by a window of the policy or by
// an operator. Pushes that deploy nowhere go on.
#include "check/ref_checks.hpp"

#include "util/time_zone.hpp"

namespace slipway::check {

Status check_freeze(const PushContext& ctx, const git::ClassifiedUpdate& update, Findings& out) {
    if (update.change == git::Change::remove)
        return {};
    const std::int64_t now = ctx.now_ms() / 1000;
    for (const auto* env : policy::environments_for(ctx.policy().environments, update.update.ref)) {
        auto refuse = [&](const std::string& why) {
            out.push_back({.ref = update.update.ref,
                           .message = env->name + " is frozen " + why + "; " + update.update.ref +
                                      " deploys there, so it waits",
                           .rule = "freeze"});
        };
        if (auto active = policy::active_freeze(env->freeze, now)) {
            const auto& w = *active->window;
            refuse("by the window \"" + w.name + "\" of the policy (" + policy::describe(w) +
                   ") until " + w.zone.format(active->end));
            continue;
        }
        if (!ctx.history())
            return fail("no record of operators' freezes is available to check " + env->name);
        SLIPWAY_TRY_LET(frozen, ctx.history()->freeze(env->name));
        if (*frozen)
            refuse("by " + (*frozen)->actor + " since " +
                   util::TimeZone::utc().format((*frozen)->time_ms / 1000) + " (record #" +
                   std::to_string((*frozen)->record_id) + "): " + (*frozen)->reason +
                   "; `slipway thaw` ends it");
    }
    return {};
}

} // namespace slipway::check
