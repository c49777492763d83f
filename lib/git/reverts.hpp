// Finding the commit that undid another: git's revert message, or the old tree restored.
#pragma once

#include "git/repository.hpp"
#include "util/result.hpp"

#include <optional>
#include <vector>

namespace slipway::git {

/// How a later commit undid `commit`.
enum class RevertKind {
    message, ///< its message says "This reverts commit <id>" (what `git revert` writes)
    tree,    ///< it descends from `commit` and has the tree `commit`'s first parent had
};

struct Revert {
    git_oid by; ///< the commit that reverted it
    RevertKind kind = RevertKind::message;
};

/// The first commit, newest first, reachable from any of `later` (commits that came after
/// `commit` somewhere, e.g. deployed after it) and not from `commit`, whose message says
/// "This reverts commit <commit's full id>"; failing that, the first of `later` that descends
/// from `commit` and has the tree of `commit`'s first parent (a revert by hand, or a revert of
/// a revert's revert); a commit that changed no file has no tree to restore. nullopt when
/// none undid it. A commit of `later` that is missing from
/// the repository is skipped.
Result<std::optional<Revert>> find_revert(const Repository& repo, const git_oid& commit,
                                          const std::vector<git_oid>& later);

} // namespace slipway::git
