// Rule `four-eyes`: whoever pushes to a four-eyes ref did not write all of what they push.
#include "check/ref_checks.hpp"

#include "git/history.hpp"
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

// The commits a new ref brings: those since its merge base with the repository's HEAD branch
// (what it was made from), so creating a ref at commits already pushed elsewhere still counts
// them; everything new when there is no such base (the first branch, unrelated history).
Result<std::vector<git_oid>> brought_by_new_ref(const PushContext& ctx,
                                                const git::ClassifiedUpdate& update) {
    const git_oid& tip = *update.new_oid;
    auto head = ctx.repo().head_branch();
    if (head && *head != update.update.ref) {
        SLIPWAY_TRY_LET(head_tip, ctx.repo().ref_target(*head));
        if (*head_tip) {
            SLIPWAY_TRY_LET(base, git::merge_base(ctx.repo(), tip, **head_tip));
            if (*base)
                return git::commits_between(ctx.repo(), {tip}, {**base});
        }
    }
    return git::new_commits(ctx.repo(), tip);
}

} // namespace

Status check_four_eyes(const PushContext& ctx, const git::ClassifiedUpdate& update,
                       const MatchedRules& rules, Findings& out) {
    if (update.change == git::Change::remove ||
        std::none_of(rules.begin(), rules.end(), [](const auto* r) { return r->four_eyes; }))
        return {};
    // The commits this update adds to the ref, whether or not other refs already have them:
    // pushing one's own feature branch first, or creating the ref at it, must not dodge the
    // rule.
    SLIPWAY_TRY_LET(added, update.old_oid ? git::commits_between(ctx.repo(), {*update.new_oid},
                                                                 {*update.old_oid})
                                          : brought_by_new_ref(ctx, update));
    if (added->empty())
        return {};
    for (const auto& oid : *added) {
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
