// Which paths differ between two commits' trees.
#include "git/diff.hpp"

#include "git/error.hpp"
#include "git/oid.hpp"

#include <algorithm>

namespace slipway::git {

Result<TreePtr> peel_to_tree(const Repository& repo, const git_oid& treeish) {
    git_object* raw = nullptr;
    if (git_object_lookup(&raw, repo.raw(), &treeish, GIT_OBJECT_ANY) != 0)
        return fail_git("cannot read object " + to_hex(treeish));
    ObjectPtr object(raw);
    git_object* peeled = nullptr;
    if (git_object_peel(&peeled, object.get(), GIT_OBJECT_TREE) != 0)
        return fail_git("object " + to_hex(treeish) + " has no tree");
    return TreePtr(reinterpret_cast<git_tree*>(peeled));
}

Result<std::vector<PathChange>> diff_paths(const Repository& repo,
                                           const std::optional<git_oid>& from, const git_oid& to) {
    TreePtr old_tree;
    if (from) {
        SLIPWAY_TRY_LET(t, peel_to_tree(repo, *from));
        old_tree = std::move(*t);
    }
    SLIPWAY_TRY_LET(new_tree, peel_to_tree(repo, to));
    SLIPWAY_TRY_LET(changes, diff_trees(repo, old_tree.get(), **new_tree));
    std::vector<PathChange> out;
    out.reserve(changes->size());
    for (auto& c : *changes)
        out.push_back({std::move(c.path), c.kind});
    return out;
}

Result<std::vector<std::string>>
changed_paths(const Repository& repo, const std::optional<git_oid>& from, const git_oid& to) {
    SLIPWAY_TRY_LET(changes, diff_paths(repo, from, to));
    std::vector<std::string> out;
    out.reserve(changes->size());
    for (const auto& c : *changes)
        out.push_back(c.path);
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

} // namespace slipway::git
