// Rule `four-eyes`: whoever pushes to a four-eyes ref did not write all of what they push.
#include "check/ref_checks.hpp"

#include "check/added_commits.hpp"
#include "check/signature_verifier.hpp"
#include "git/objects.hpp"

#include <algorithm>
#include <cctype>

namespace slipway::check {

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

// A commit is the pusher's when its author email is one the policy lists for them or, for
// users the policy does not list, when its name or the email's local part is their name.
bool authored_by(const policy::Policy& policy, const std::string& pusher,
                 const git::CommitInfo& commit) {
    const auto email = lower(commit.author_email);
    if (const auto* user = policy.principals.user(pusher); user && !user->emails.empty()) {
        return std::any_of(user->emails.begin(), user->emails.end(),
                           [&](const std::string& e) { return lower(e) == email; });
    }
    const auto name = lower(pusher);
    return lower(commit.author_name) == name || email.substr(0, email.find('@')) == name;
}

} // namespace

Status check_four_eyes(const PushContext& ctx, const git::ClassifiedUpdate& update,
                       const MatchedRules& rules, Findings& out) {
    if (update.change == git::Change::remove ||
        std::none_of(rules.begin(), rules.end(), [](const auto* r) { return r->four_eyes; }))
        return {};
    SLIPWAY_TRY_LET(added, added_commits(ctx, update));
    if (added->empty())
        return {};
    // Where commits must be signed, a commit's author is who signed it, not what its author
    // line claims (anyone can write another's email there). One without a verified signer is
    // the signature rule's to refuse (it does, naming it): four-eyes stops there rather than
    // verify the rest of a push that cannot land.
    const bool by_signer = signed_commits_required(ctx, update, rules);
    for (const auto& oid : *added) {
        if (by_signer) {
            SLIPWAY_TRY_LET(sig, ctx.signatures().verify(oid));
            if ((*sig)->signer.empty() || (*sig)->signer != ctx.pusher().name)
                return {};
            continue;
        }
        SLIPWAY_TRY_LET(commit, git::read_commit(ctx.repo(), oid));
        if (!authored_by(ctx.policy(), ctx.pusher().name, *commit))
            return {};
    }
    const auto n = added->size();
    out.push_back({.ref = update.update.ref,
                   .message = ctx.pusher().name + " wrote all " + std::to_string(n) +
                              (n == 1 ? " commit" : " commits") + " pushed to " +
                              update.short_name +
                              "; four-eyes requires another person to review and push them",
                   .rule = "four-eyes"});
    return {};
}

} // namespace slipway::check
