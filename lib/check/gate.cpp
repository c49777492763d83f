// The gate: every ref rule over every update of a push.
#include "check/gate.hpp"

#include "check/ref_checks.hpp"

namespace slipway::check {

Result<Findings> evaluate_refs(const PushContext& ctx) {
    Findings out;
    for (const auto& update : ctx.updates()) {
        if (check_reserved_ref(update, out))
            continue;
        check_deployers(ctx, update, out);
        SLIPWAY_TRY(check_promotion(ctx, update, out));
        SLIPWAY_TRY(check_freeze(ctx, update, out));
        const auto rules = policy::rules_for(ctx.policy().refs, update.update.ref);
        check_push_certificate(ctx, update, rules, out);
        SLIPWAY_TRY(check_signatures(ctx, update, rules, out));
        if (rules.empty())
            continue;
        check_authorization(ctx, update, rules, out);
        SLIPWAY_TRY(check_protection(ctx, update, rules, out));
        check_branch_name(update, rules, out);
        SLIPWAY_TRY(check_tag(ctx, update, rules, out));
        SLIPWAY_TRY(check_four_eyes(ctx, update, rules, out));
    }
    return out;
}

} // namespace slipway::check
