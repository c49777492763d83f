// Revision expressions as a user types them.
#include "git/revision.hpp"

#include "git/history.hpp"
#include "git/objects.hpp"

namespace slipway::git {

Result<git_oid> resolve_revision(const Repository& repo, const std::string& spec) {
    git_object* raw = nullptr;
    if (git_revparse_single(&raw, repo.raw(), spec.c_str()) != 0)
        return fail("\"" + spec + "\" names no commit in this repository");
    ObjectPtr object(raw);
    return *git_object_id(object.get());
}

Result<std::optional<RevisionRange>> resolve_range(const Repository& repo,
                                                   const std::string& spec) {
    auto dots = spec.find("..");
    if (dots == std::string::npos)
        return std::nullopt;
    const bool symmetric = spec.compare(dots, 3, "...") == 0;
    std::string left = spec.substr(0, dots);
    std::string right = spec.substr(dots + (symmetric ? 3 : 2));
    SLIPWAY_TRY_LET(from, resolve_revision(repo, left.empty() ? "HEAD" : left));
    SLIPWAY_TRY_LET(to, resolve_revision(repo, right.empty() ? "HEAD" : right));
    if (!symmetric)
        return RevisionRange{*from, *to};
    SLIPWAY_TRY_LET(a, peel(repo, *from));
    SLIPWAY_TRY_LET(b, peel(repo, *to));
    SLIPWAY_TRY_LET(base, merge_base(repo, a->oid, b->oid));
    if (!*base)
        return fail("\"" + left + "\" and \"" + right + "\" have no common history");
    return RevisionRange{**base, *to};
}

} // namespace slipway::git
