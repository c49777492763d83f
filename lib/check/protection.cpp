// Rules `ref-delete`, `force-push`, `protected-branch`: what a protected ref never does.
#include "check/ref_checks.hpp"

#include "git/history.hpp"

namespace slipway::check {

namespace {

std::string noun(const git::ClassifiedUpdate& u) {
    switch (u.ref_kind) {
    case git::RefKind::branch:
        return "branch \"" + u.short_name + "\"";
    case git::RefKind::tag:
        return "tag \"" + u.short_name + "\"";
    case git::RefKind::other:
        break;
    }
    return "ref " + u.update.ref;
}

} // namespace

Status check_protection(const PushContext& ctx, const git::ClassifiedUpdate& update,
                        const MatchedRules& rules, Findings& out) {
    bool is_protected = false;
    for (const auto* r : rules)
        is_protected = is_protected || r->is_protected;
    if (!is_protected)
        return {};
    const auto& ref = update.update.ref;
    if (update.change == git::Change::remove) {
        out.push_back({.ref = ref,
                       .message = "deleting protected " + noun(update) + " is not allowed",
                       .rule = "ref-delete"});
        return {};
    }
    if (update.new_peeled && update.new_kind != git::ObjectKind::commit &&
        update.ref_kind == git::RefKind::branch) {
        out.push_back({.ref = ref,
                       .message = "protected " + noun(update) + " must point at a commit, not a " +
                                  git::kind_name(*update.new_kind),
                       .rule = "protected-branch"});
        return {};
    }
    if (update.change == git::Change::update && !update.fast_forward) {
        SLIPWAY_TRY_LET(dropped,
                        git::commits_between(ctx.repo(), {*update.old_oid}, {*update.new_oid}));
        const auto n = dropped->size();
        out.push_back({.ref = ref,
                       .message = "force-push to protected " + noun(update) + " would drop " +
                                  std::to_string(n) + (n == 1 ? " commit" : " commits") +
                                  "; fetch, merge or rebase onto it, and push again",
                       .rule = "force-push"});
    }
    return {};
}

} // namespace slipway::check
