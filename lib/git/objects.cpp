// Reading single objects: their kind, annotated tags, peeling, commit authors.
#include "git/objects.hpp"

#include "git/error.hpp"
#include "git/oid.hpp"

namespace slipway::git {

namespace {

std::optional<ObjectKind> to_kind(git_object_t type) {
    switch (type) {
    case GIT_OBJECT_COMMIT:
        return ObjectKind::commit;
    case GIT_OBJECT_TREE:
        return ObjectKind::tree;
    case GIT_OBJECT_BLOB:
        return ObjectKind::blob;
    case GIT_OBJECT_TAG:
        return ObjectKind::tag;
    default:
        return std::nullopt;
    }
}

} // namespace

const char* kind_name(ObjectKind kind) {
    switch (kind) {
    case ObjectKind::commit:
        return "commit";
    case ObjectKind::tree:
        return "tree";
    case ObjectKind::blob:
        return "blob";
    case ObjectKind::tag:
        return "tag";
    }
    return "object";
}

Result<ObjectKind> object_kind(const Repository& repo, const git_oid& oid) {
    SLIPWAY_TRY_LET(header, read_header(repo, oid));
    return header->kind;
}

Result<ObjectHeader> read_header(const Repository& repo, const git_oid& oid) {
    git_odb* raw_odb = nullptr;
    if (git_repository_odb(&raw_odb, repo.raw()) != 0)
        return fail_git("cannot open the object database");
    OdbPtr odb(raw_odb);
    size_t size = 0;
    git_object_t type = GIT_OBJECT_INVALID;
    if (git_odb_read_header(&size, &type, odb.get(), &oid) != 0)
        return fail_git("cannot read object " + to_hex(oid));
    auto kind = to_kind(type);
    if (!kind)
        return fail("object " + to_hex(oid) + " has an unknown type");
    return ObjectHeader{.kind = *kind, .size = static_cast<std::uint64_t>(size)};
}

Result<std::uint64_t> blob_size(const Repository& repo, const git_oid& oid) {
    SLIPWAY_TRY_LET(header, read_header(repo, oid));
    if (header->kind != ObjectKind::blob)
        return fail("object " + to_hex(oid) + " is a " + kind_name(header->kind) + ", not a blob");
    return header->size;
}

Result<TagObject> read_tag(const Repository& repo, const git_oid& oid) {
    git_tag* raw = nullptr;
    if (git_tag_lookup(&raw, repo.raw(), &oid) != 0)
        return fail_git("cannot read tag object " + to_hex(oid));
    TagPtr tag(raw);
    auto kind = to_kind(git_tag_target_type(tag.get()));
    if (!kind)
        return fail("tag object " + to_hex(oid) + " points at an unknown object type");
    return TagObject{git_tag_name(tag.get()), *git_tag_target_id(tag.get()), *kind};
}

Result<Peeled> peel(const Repository& repo, const git_oid& oid) {
    git_oid current = oid;
    // A chain of tags longer than this is a loop or an attack, not a real repository.
    for (int depth = 0; depth < 64; ++depth) {
        SLIPWAY_TRY_LET(kind, object_kind(repo, current));
        if (*kind != ObjectKind::tag)
            return Peeled{current, *kind};
        SLIPWAY_TRY_LET(tag, read_tag(repo, current));
        current = tag->target;
    }
    return fail("tag " + to_hex(oid) + " is nested more than 64 levels deep");
}

Result<CommitInfo> read_commit(const Repository& repo, const git_oid& oid) {
    git_commit* raw = nullptr;
    if (git_commit_lookup(&raw, repo.raw(), &oid) != 0)
        return fail_git("cannot read commit " + to_hex(oid));
    CommitPtr commit(raw);
    CommitInfo info;
    info.oid = oid;
    const git_signature* author = git_commit_author(commit.get());
    const git_signature* committer = git_commit_committer(commit.get());
    info.author_name = author->name ? author->name : "";
    info.author_email = author->email ? author->email : "";
    info.committer_name = committer->name ? committer->name : "";
    info.committer_email = committer->email ? committer->email : "";
    const char* summary = git_commit_summary(commit.get());
    info.summary = summary ? summary : "";
    const char* message = git_commit_message(commit.get());
    info.message = message ? message : "";
    info.time = git_commit_time(commit.get());
    for (unsigned i = 0; i < git_commit_parentcount(commit.get()); ++i)
        info.parents.push_back(*git_commit_parent_id(commit.get(), i));
    info.tree = *git_commit_tree_id(commit.get());
    return info;
}

} // namespace slipway::git
