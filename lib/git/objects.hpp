// Reading single objects: their kind, annotated tags, peeling, commit authors.
#pragma once

#include "git/repository.hpp"
#include "util/result.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace slipway::git {

enum class ObjectKind { commit, tree, blob, tag };

/// "commit", "tree", "blob" or "tag".
const char* kind_name(ObjectKind kind);

/// The kind of object `oid`; an error when it is missing from the repository.
Result<ObjectKind> object_kind(const Repository& repo, const git_oid& oid);

/// What the header of an object says, read without inflating its content.
struct ObjectHeader {
    ObjectKind kind = ObjectKind::blob;
    std::uint64_t size = 0; ///< bytes of the content
};

/// The kind and size of object `oid`, from its header: a loose object's first bytes, a packed
/// object's entry (for a delta libgit2 inflates the delta's instructions, not the object).
/// Fails when the object is missing or of an unknown type.
Result<ObjectHeader> read_header(const Repository& repo, const git_oid& oid);

/// The size of blob `oid` from its header (see read_header()); fails when it is missing or
/// not a blob. What the gate asks before it reads a blob it judges.
Result<std::uint64_t> blob_size(const Repository& repo, const git_oid& oid);

/// What an annotated tag object says.
struct TagObject {
    std::string name;       ///< the tag's own name, as written by `git tag -a`
    git_oid target;         ///< what it points at directly (possibly another tag)
    ObjectKind target_kind; ///< kind of `target`
};

/// The tag object `oid` reads as; an error when it is not an annotated tag.
Result<TagObject> read_tag(const Repository& repo, const git_oid& oid);

/// The object `oid` ends at after following tag objects: a commit, tree or blob.
struct Peeled {
    git_oid oid;
    ObjectKind kind;
};
Result<Peeled> peel(const Repository& repo, const git_oid& oid);

/// One commit's identity data.
struct CommitInfo {
    git_oid oid;
    std::string author_name;
    std::string author_email;
    std::string committer_name;
    std::string committer_email;
    std::string summary;
    std::string message;   ///< the whole message, as written
    std::int64_t time = 0; ///< committer time, seconds since the epoch
    std::vector<git_oid> parents;
    git_oid tree;
};

/// The commit `oid`; an error when it is missing or not a commit.
Result<CommitInfo> read_commit(const Repository& repo, const git_oid& oid);

} // namespace slipway::git
