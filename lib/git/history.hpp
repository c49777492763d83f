// Questions about commit history: what is new, fast-forwards, reachability.
#pragma once

#include "git/repository.hpp"
#include "util/result.hpp"

#include <cstddef>
#include <vector>

namespace slipway::git {

/// Commits reachable from any of `tips` and from none of `hidden`, newest first. Non-commit
/// tips (tags are peeled) are skipped.
Result<std::vector<git_oid>> commits_between(const Repository& repo,
                                             const std::vector<git_oid>& tips,
                                             const std::vector<git_oid>& hidden);

/// The commits `tip` would bring into the repository: reachable from it and from no existing
/// ref (`git rev-list tip --not --all`), newest first. In pre-receive the refs are still the
/// old ones, so this is exactly what the push adds.
Result<std::vector<git_oid>> new_commits(const Repository& repo, const git_oid& tip);

/// True when `descendant` equals `ancestor` or has it in its history.
Result<bool> is_ancestor(const Repository& repo, const git_oid& ancestor,
                         const git_oid& descendant);

/// True when `commit` is reachable from (or equal to) any of `tips`.
Result<bool> reachable_from_any(const Repository& repo, const git_oid& commit,
                                const std::vector<git_oid>& tips);

/// The best common ancestor of `a` and `b`, or nullopt when they share no history.
Result<std::optional<git_oid>> merge_base(const Repository& repo, const git_oid& a,
                                          const git_oid& b);

} // namespace slipway::git
