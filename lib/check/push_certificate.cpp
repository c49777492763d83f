// `push-cert`: a ref or environment with `push_certificate: required` takes only pushes signed
// by the pusher's own key.
#include "check/ref_checks.hpp"

#include "policy/environments.hpp"
#include "policy/push_certificate.hpp"

#include <algorithm>

namespace slipway::check {

namespace {

// Why `ctx`'s certificate does not prove that the pusher made the push; nullopt when it does.
std::optional<std::string> certificate_problem(const PushContext& ctx) {
    const auto& cert = ctx.certificate();
    if (!cert)
        return "the push is not signed; push again with `git push --signed` (the server offers "
               "it: slipway install sets receive.certNonceSeed)";
    const auto owner = policy::certificate_signer(*cert, ctx.policy().principals);
    if (!owner)
        return owner.error();
    if (*owner != ctx.pusher().name)
        return "the push is signed by " + *owner + " (key " + cert->key + "), but " +
               ctx.pusher().name + " pushed it: a pusher signs with their own key";
    if (!ctx.pusher().authenticated)
        return "the push is signed by " + *owner + ", but the pusher is not authenticated";
    return std::nullopt;
}

} // namespace

void check_push_certificate(const PushContext& ctx, const git::ClassifiedUpdate& update,
                            const MatchedRules& rules, Findings& out) {
    const bool by_rule = std::any_of(rules.begin(), rules.end(),
                                     [](const policy::RefRule* r) { return r->push_certificate; });
    const auto environments =
        policy::environments_for(ctx.policy().environments, update.update.ref);
    const auto env = std::find_if(environments.begin(), environments.end(),
                                  [](const policy::Environment* e) { return e->push_certificate; });
    if (!by_rule && env == environments.end())
        return;
    auto problem = certificate_problem(ctx);
    if (!problem)
        return;
    const std::string because =
        by_rule ? "a ref rule says push_certificate: required"
                : "environment " + (*env)->name + " says push_certificate: required";
    out.push_back(
        {.ref = update.update.ref,
         .message = update.update.ref + " takes only signed pushes (" + because + "): " + *problem,
         .rule = "push-cert"});
}

} // namespace slipway::check
