// Looking into a tree without a checkout.
#include "git/tree_entries.hpp"

#include "git/error.hpp"
#include "git/oid.hpp"

namespace slipway::git {

namespace {

EntryType type_of(git_filemode_t mode) {
    switch (mode) {
    case GIT_FILEMODE_TREE:
        return EntryType::tree;
    case GIT_FILEMODE_BLOB_EXECUTABLE:
        return EntryType::executable;
    case GIT_FILEMODE_LINK:
        return EntryType::symlink;
    case GIT_FILEMODE_COMMIT:
        return EntryType::submodule;
    default:
        return EntryType::file;
    }
}

using TreeEntryPtr = std::unique_ptr<git_tree_entry, void (*)(git_tree_entry*)>;

Status walk_dir(const Repository& repo, const git_tree* tree, const std::string& prefix,
                const std::function<Descend(const TreeEntry&)>& visit, int depth) {
    if (depth > 256)
        return fail("tree is nested more than 256 levels deep at " + prefix);
    const std::size_t count = git_tree_entrycount(tree);
    for (std::size_t i = 0; i < count; ++i) {
        const git_tree_entry* e = git_tree_entry_byindex(tree, i);
        TreeEntry entry{.path = prefix + git_tree_entry_name(e),
                        .oid = *git_tree_entry_id(e),
                        .type = type_of(git_tree_entry_filemode(e))};
        if (visit(entry) == Descend::no || entry.type != EntryType::tree)
            continue;
        git_tree* raw = nullptr;
        if (git_tree_lookup(&raw, repo.raw(), &entry.oid) != 0)
            return fail_git("cannot read tree " + entry.path);
        TreePtr sub(raw);
        if (auto s = walk_dir(repo, sub.get(), entry.path + "/", visit, depth + 1); !s)
            return s;
    }
    return {};
}

} // namespace

Result<std::optional<TreeEntry>> tree_entry(const Repository&, const git_tree& tree,
                                            std::string_view path) {
    if (path.empty() || path == ".")
        return TreeEntry{.path = ".", .oid = *git_tree_id(&tree), .type = EntryType::tree};
    git_tree_entry* raw = nullptr;
    const std::string p(path);
    int rc = git_tree_entry_bypath(&raw, &tree, p.c_str());
    if (rc == GIT_ENOTFOUND)
        return std::nullopt;
    if (rc != 0)
        return fail_git("cannot look up " + p);
    TreeEntryPtr entry(raw, git_tree_entry_free);
    return TreeEntry{.path = p,
                     .oid = *git_tree_entry_id(entry.get()),
                     .type = type_of(git_tree_entry_filemode(entry.get()))};
}

Status walk_tree(const Repository& repo, const git_tree& tree, std::string_view path,
                 const std::function<Descend(const TreeEntry&)>& visit) {
    if (path.empty() || path == ".")
        return walk_dir(repo, &tree, "", visit, 0);
    auto top = tree_entry(repo, tree, path);
    if (!top)
        return std::unexpected(top.error());
    if (!*top)
        return {};
    if (visit(**top) == Descend::no || (*top)->type != EntryType::tree)
        return {};
    git_tree* raw = nullptr;
    if (git_tree_lookup(&raw, repo.raw(), &(*top)->oid) != 0)
        return fail_git("cannot read tree " + (*top)->path);
    TreePtr sub(raw);
    return walk_dir(repo, sub.get(), (*top)->path + "/", visit, 1);
}

Result<std::string> read_blob(const Repository& repo, const git_oid& oid) {
    git_blob* raw = nullptr;
    if (git_blob_lookup(&raw, repo.raw(), &oid) != 0)
        return fail_git("cannot read blob " + to_hex(oid));
    BlobPtr blob(raw);
    return std::string(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                       static_cast<std::size_t>(git_blob_rawsize(blob.get())));
}

} // namespace slipway::git
