// Writing Slipway's own commits (rendered manifests) and moving its refs with compare-and-swap.
#pragma once

#include "git/repository.hpp"
#include "git/tree.hpp"
#include "util/result.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace slipway::git {

/// Who and when, for a commit's author or committer.
struct Signature {
    std::string name = "Slipway";
    std::string email = "slipway@localhost";
    std::optional<std::int64_t> time; ///< seconds since the epoch; nullopt: now
    int offset_minutes = 0;           ///< time zone offset from UTC
};

/// A commit to write: its tree, parents and message. The committer is the author unless
/// given.
struct NewCommit {
    git_oid tree;
    std::vector<git_oid> parents;
    std::string message;
    Signature author;
    std::optional<Signature> committer;
};

/// Writes `commit` into the object database and returns its id; no ref moves. Fails when the
/// tree or a parent is missing.
Result<git_oid> write_commit(const Repository& repo, const NewCommit& commit);

/// Moves `ref` to `target` only if it still points at `expected` (nullopt: only if it does
/// not exist yet), so two writers never lose each other's update; `reflog_message` goes into
/// the reflog. Fails, and changes nothing, when the ref moved meanwhile, when `ref` is not a
/// valid ref name, or while GIT_QUARANTINE_PATH is set (refs never move from inside a
/// pre-receive quarantine).
Status update_ref(const Repository& repo, const std::string& ref, const git_oid& target,
                  const std::optional<git_oid>& expected, const std::string& reflog_message);

/// What commit_files_to_ref() wrote.
struct RefCommit {
    git_oid commit;
    git_oid tree;
    std::optional<git_oid> parent; ///< what `ref` pointed at before; nullopt when it was new
};

/// Commits `files` as the whole tree on top of `ref` (its current commit becomes the parent;
/// none when the ref does not exist yet), then moves `ref` to the new commit with
/// update_ref(). A commit is written even when the tree did not change. Fails as
/// write_tree(), write_commit() and update_ref() do; on failure the ref is unchanged.
Result<RefCommit> commit_files_to_ref(const Repository& repo, const std::string& ref,
                                      const TreeFiles& files, const std::string& message,
                                      const Signature& signature);

} // namespace slipway::git
