// Questions about commit history.
#include "git/history.hpp"

#include "git/error.hpp"
#include "git/objects.hpp"
#include "git/oid.hpp"

namespace slipway::git {

namespace {

Result<RevwalkPtr> new_walk(const Repository& repo) {
    git_revwalk* raw = nullptr;
    if (git_revwalk_new(&raw, repo.raw()) != 0)
        return fail_git("cannot walk history");
    RevwalkPtr walk(raw);
    git_revwalk_sorting(walk.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
    return walk;
}

// Adds `oid` to the walk as a tip (or hidden), after peeling tags; non-commits are skipped.
Status add(const Repository& repo, git_revwalk* walk, const git_oid& oid, bool hide) {
    SLIPWAY_TRY_LET(peeled, peel(repo, oid));
    if (peeled->kind != ObjectKind::commit)
        return {};
    int rc = hide ? git_revwalk_hide(walk, &peeled->oid) : git_revwalk_push(walk, &peeled->oid);
    if (rc != 0)
        return fail_git("cannot walk from " + to_hex(oid));
    return {};
}

Result<std::vector<git_oid>> drain(git_revwalk* walk) {
    std::vector<git_oid> out;
    git_oid oid;
    int rc;
    while ((rc = git_revwalk_next(&oid, walk)) == 0)
        out.push_back(oid);
    if (rc != GIT_ITEROVER)
        return fail_git("cannot walk history");
    return out;
}

} // namespace

Result<std::vector<git_oid>> commits_between(const Repository& repo,
                                             const std::vector<git_oid>& tips,
                                             const std::vector<git_oid>& hidden) {
    SLIPWAY_TRY_LET(walk, new_walk(repo));
    for (const auto& t : tips)
        SLIPWAY_TRY(add(repo, walk->get(), t, false));
    for (const auto& h : hidden)
        SLIPWAY_TRY(add(repo, walk->get(), h, true));
    return drain(walk->get());
}

Result<std::vector<git_oid>> new_commits(const Repository& repo, const git_oid& tip) {
    SLIPWAY_TRY_LET(walk, new_walk(repo));
    SLIPWAY_TRY(add(repo, walk->get(), tip, false));
    // The glob hides every ref, peeling tags and ignoring refs to trees and blobs.
    if (git_revwalk_hide_glob(walk->get(), "refs/*") != 0)
        return fail_git("cannot hide existing refs");
    return drain(walk->get());
}

Result<bool> is_ancestor(const Repository& repo, const git_oid& ancestor,
                         const git_oid& descendant) {
    if (git_oid_equal(&ancestor, &descendant))
        return true;
    int rc = git_graph_descendant_of(repo.raw(), &descendant, &ancestor);
    if (rc < 0)
        return fail_git("cannot compare " + to_hex(descendant) + " with " + to_hex(ancestor));
    return rc == 1;
}

Result<bool> reachable_from_any(const Repository& repo, const git_oid& commit,
                                const std::vector<git_oid>& tips) {
    if (tips.empty())
        return false;
    int rc = git_graph_reachable_from_any(repo.raw(), &commit, tips.data(), tips.size());
    if (rc < 0)
        return fail_git("cannot tell whether " + to_hex(commit) + " is reachable");
    return rc == 1;
}

Result<std::optional<git_oid>> merge_base(const Repository& repo, const git_oid& a,
                                          const git_oid& b) {
    git_oid out;
    int rc = git_merge_base(&out, repo.raw(), &a, &b);
    if (rc == GIT_ENOTFOUND)
        return std::optional<git_oid>{};
    if (rc != 0)
        return fail_git("cannot find the merge base of " + to_hex(a) + " and " + to_hex(b));
    return std::optional<git_oid>{out};
}

} // namespace slipway::git
