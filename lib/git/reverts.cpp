// Finding the commit that undid another.
#include "git/reverts.hpp"

#include "git/history.hpp"
#include "git/objects.hpp"
#include "git/oid.hpp"

namespace slipway::git {

Result<std::optional<Revert>> find_revert(const Repository& repo, const git_oid& commit,
                                          const std::vector<git_oid>& later) {
    std::vector<git_oid> present;
    for (const auto& oid : later)
        if (object_kind(repo, oid))
            present.push_back(oid);
    if (present.empty())
        return std::nullopt;
    SLIPWAY_TRY_LET(target, read_commit(repo, commit));
    // git revert writes "This reverts commit <full id>." in the body; the full id only, so
    // that a short id shared by two commits can never quarantine the wrong one.
    const std::string says = "This reverts commit " + to_hex(commit);
    SLIPWAY_TRY_LET(range, commits_between(repo, present, {commit}));
    for (const auto& oid : *range) {
        SLIPWAY_TRY_LET(info, read_commit(repo, oid));
        if (info->message.find(says) != std::string::npos)
            return Revert{oid, RevertKind::message};
    }
    if (target->parents.empty())
        return std::nullopt; // a root commit replaced no tree
    SLIPWAY_TRY_LET(parent, read_commit(repo, target->parents.front()));
    // A commit that changed no file replaced no tree: every later commit that changes nothing
    // either would otherwise "restore" it.
    if (git_oid_equal(&parent->tree, &target->tree))
        return std::nullopt;
    for (const auto& oid : present) {
        SLIPWAY_TRY_LET(info, read_commit(repo, oid));
        if (!git_oid_equal(&info->tree, &parent->tree))
            continue;
        SLIPWAY_TRY_LET(descends, is_ancestor(repo, commit, oid));
        if (*descends && !git_oid_equal(&oid, &commit))
            return Revert{oid, RevertKind::tree};
    }
    return std::nullopt;
}

} // namespace slipway::git
