// Which paths differ between two commits' trees.
#include "git/diff.hpp"

#include "git/error.hpp"
#include "git/oid.hpp"

#include <algorithm>

namespace slipway::git {

const char* path_change_name(PathChangeKind kind) {
    switch (kind) {
    case PathChangeKind::added:
        return "added";
    case PathChangeKind::modified:
        return "modified";
    case PathChangeKind::deleted:
        return "deleted";
    }
    return "changed";
}

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

    git_diff_options options = GIT_DIFF_OPTIONS_INIT;
    options.flags = GIT_DIFF_INCLUDE_TYPECHANGE;
    git_diff* raw = nullptr;
    if (git_diff_tree_to_tree(&raw, repo.raw(), old_tree.get(), new_tree->get(), &options) != 0)
        return fail_git("cannot compare the trees of " + (from ? to_hex(*from) : "nothing") +
                        " and " + to_hex(to));
    DiffPtr diff(raw);

    std::vector<PathChange> out;
    const std::size_t count = git_diff_num_deltas(diff.get());
    out.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        const git_diff_delta* delta = git_diff_get_delta(diff.get(), i);
        switch (delta->status) {
        case GIT_DELTA_ADDED:
            out.push_back({delta->new_file.path, PathChangeKind::added});
            break;
        case GIT_DELTA_DELETED:
            out.push_back({delta->old_file.path, PathChangeKind::deleted});
            break;
        default:
            out.push_back({delta->new_file.path, PathChangeKind::modified});
            break;
        }
    }
    std::sort(out.begin(), out.end(),
              [](const PathChange& a, const PathChange& b) { return a.path < b.path; });
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
