// Revision expressions as a user types them: "HEAD", "origin/master", "A..B", "A...B".
#pragma once

#include "git/repository.hpp"
#include "util/result.hpp"

#include <optional>
#include <string>

namespace slipway::git {

/// The object `spec` names (any expression `git rev-parse` takes for one object). Fails with
/// a message naming `spec` when it names nothing.
Result<git_oid> resolve_revision(const Repository& repo, const std::string& spec);

/// A range of commits: what changed from `from` to `to`.
struct RevisionRange {
    git_oid from;
    git_oid to;
};

/// `A..B` (from A to B) or `A...B` (from their merge base to B); an empty side is HEAD.
/// nullopt when `spec` holds no "..". Fails when a side names nothing, or when `A...B` has
/// no merge base.
Result<std::optional<RevisionRange>> resolve_range(const Repository& repo, const std::string& spec);

} // namespace slipway::git
