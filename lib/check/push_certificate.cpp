// `push-cert`: a ref or environment with `push_certificate: required` takes only pushes signed
// by the pusher's own key.
#include "check/ref_checks.hpp"

#include "policy/environments.hpp"

#include <algorithm>

namespace slipway::check {

namespace {

// What git's GIT_PUSH_CERT_STATUS letter says (git's %G? codes).
std::string signature_problem(const std::string& status) {
    if (status == "B")
        return "has a bad signature";
    if (status == "X")
        return "has an expired signature";
    if (status == "Y")
        return "is signed by a key that has expired";
    if (status == "R")
        return "is signed by a revoked key";
    if (status == "E")
        return "cannot be checked on the server (the signing key is not in the keyring "
               "of the account git runs as)";
    if (status == "N")
        return "carries no signature";
    return "could not be verified by git (status \"" + status + "\")";
}

// Why `ctx`'s certificate does not prove that the pusher made the push; nullopt when it does.
std::optional<std::string> certificate_problem(const PushContext& ctx) {
    const auto& cert = ctx.certificate();
    if (!cert)
        return "the push is not signed; push again with `git push --signed` (the server offers "
               "it: slipway install sets receive.certNonceSeed)";
    // G: good; U: good, from a key gpg's own trust model does not vouch for: the policy's
    // users.<name>.gpg does, below.
    if (cert->status != "G" && cert->status != "U")
        return "the push certificate " + signature_problem(cert->status) + " (signer \"" +
               cert->signer + "\", key " + cert->key + ")";
    // SLOP: older than a fresh one, within the window the server allows (receive.certNonceSlop).
    if (cert->nonce_status != "OK" && cert->nonce_status != "SLOP")
        return "the push certificate's nonce is " + cert->nonce_status +
               " (it must be the one the server just gave: a replayed or forged certificate)";
    const auto owner = ctx.policy().principals.owner_of_gpg_key(cert->key);
    if (!owner)
        return "the push is signed by key " + cert->key + " (\"" + cert->signer +
               "\"), which is no user's key in the policy (users.<name>.gpg)";
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
