// Which paths differ between two commits' trees (git::diff_trees, by commit or tag id).
#pragma once

#include "git/repository.hpp"
#include "git/tree_entries.hpp"
#include "util/result.hpp"

#include <optional>
#include <string>
#include <vector>

namespace slipway::git {

/// One path whose entry differs. A change of type (file to symlink) is `modified`.
struct PathChange {
    std::string path;
    PathChangeKind kind = PathChangeKind::modified;
};

/// The entries (files, symlinks, submodules; not directories) that differ from the tree of
/// `from` to the tree of `to` (diff_trees()), sorted by path; a rename is a deletion plus an
/// addition. `from` and `to` may name commits, annotated tags or trees; with `from` nullopt
/// every entry of `to` is `added`. Fails when either id is missing or does not peel to a tree.
Result<std::vector<PathChange>> diff_paths(const Repository& repo,
                                           const std::optional<git_oid>& from, const git_oid& to);

/// The paths of diff_paths(`repo`, `from`, `to`), sorted (both sides of a rename included).
Result<std::vector<std::string>>
changed_paths(const Repository& repo, const std::optional<git_oid>& from, const git_oid& to);

/// The tree `treeish` (a commit, annotated tag or tree id) peels to; an error when it does
/// not exist or peels to a blob.
Result<TreePtr> peel_to_tree(const Repository& repo, const git_oid& treeish);

} // namespace slipway::git
