// The commits an update adds to its ref.
#include "check/added_commits.hpp"

#include "git/history.hpp"

namespace slipway::check {

Result<std::vector<git_oid>> added_commits(const PushContext& ctx,
                                           const git::ClassifiedUpdate& update) {
    // From the commit an annotated tag points at: git_merge_base takes commits only (a new
    // tag ref at a tag object failed "object is no commit object"). A tag of a tree or blob
    // adds no commit.
    if (update.change == git::Change::remove || !update.new_peeled ||
        update.new_peeled->kind != git::ObjectKind::commit)
        return std::vector<git_oid>{};
    const git_oid& tip = update.new_peeled->oid;
    if (update.old_oid)
        return git::commits_between(ctx.repo(), {tip}, {*update.old_oid});
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

} // namespace slipway::check
