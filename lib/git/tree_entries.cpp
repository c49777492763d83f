// Looking into a tree without a checkout.
#include "git/tree_entries.hpp"

#include "git/error.hpp"
#include "git/objects.hpp"
#include "git/oid.hpp"

#include <algorithm>
#include <cstring>

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
        SLIPWAY_TRY(walk_dir(repo, sub.get(), entry.path + "/", visit, depth + 1));
    }
    return {};
}

TreeEntry entry_of(const git_tree_entry* e, const std::string& prefix) {
    return TreeEntry{.path = prefix + git_tree_entry_name(e),
                     .oid = *git_tree_entry_id(e),
                     .type = type_of(git_tree_entry_filemode(e))};
}

// Git's order of tree entries: names compared bytewise, a directory's as if it ended in '/'.
int entry_order(const git_tree_entry* a, const git_tree_entry* b) {
    const char* na = git_tree_entry_name(a);
    const char* nb = git_tree_entry_name(b);
    const std::size_t la = std::strlen(na), lb = std::strlen(nb), n = std::min(la, lb);
    if (int c = std::memcmp(na, nb, n); c != 0)
        return c;
    auto next = [n](const char* name, std::size_t len, const git_tree_entry* e) {
        if (len > n)
            return static_cast<unsigned char>(name[n]);
        return static_cast<unsigned char>(git_tree_entry_type(e) == GIT_OBJECT_TREE ? '/' : 0);
    };
    return static_cast<int>(next(na, la, a)) - static_cast<int>(next(nb, lb, b));
}

Result<TreePtr> lookup_tree(const Repository& repo, const git_oid& oid, const std::string& path) {
    git_tree* raw = nullptr;
    if (git_tree_lookup(&raw, repo.raw(), &oid) != 0)
        return fail_git("cannot read tree " + path);
    return TreePtr(raw);
}

// Every non-directory entry under `e` (itself when it is not a directory) as a change: added
// with its entry when `added`, else deleted.
Status all_under(const Repository& repo, const TreeEntry& e, bool added, int depth,
                 std::vector<TreeChange>& out) {
    auto record = [&](const TreeEntry& leaf) {
        out.push_back({leaf.path, added ? std::optional<TreeEntry>(leaf) : std::nullopt,
                       added ? PathChangeKind::added : PathChangeKind::deleted});
    };
    if (e.type != EntryType::tree) {
        record(e);
        return {};
    }
    SLIPWAY_TRY_LET(sub, lookup_tree(repo, e.oid, e.path));
    return walk_dir(
        repo, sub->get(), e.path + "/",
        [&](const TreeEntry& leaf) {
            if (leaf.type != EntryType::tree)
                record(leaf);
            return Descend::yes;
        },
        depth + 1);
}

Status diff_dir(const Repository& repo, const git_tree* from, const git_tree* to,
                const std::string& prefix, int depth, std::vector<TreeChange>& out) {
    if (depth > 256)
        return fail("tree is nested more than 256 levels deep at " + prefix);
    const std::size_t nf = from ? git_tree_entrycount(from) : 0;
    const std::size_t nt = to ? git_tree_entrycount(to) : 0;
    std::size_t i = 0, j = 0;
    while (i < nf || j < nt) {
        const git_tree_entry* a = i < nf ? git_tree_entry_byindex(from, i) : nullptr;
        const git_tree_entry* b = j < nt ? git_tree_entry_byindex(to, j) : nullptr;
        const int order = !a ? 1 : !b ? -1 : entry_order(a, b);
        if (order < 0) {
            SLIPWAY_TRY(all_under(repo, entry_of(a, prefix), false, depth, out));
            ++i;
            continue;
        }
        if (order > 0) {
            SLIPWAY_TRY(all_under(repo, entry_of(b, prefix), true, depth, out));
            ++j;
            continue;
        }
        ++i;
        ++j;
        if (git_oid_equal(git_tree_entry_id(a), git_tree_entry_id(b)) &&
            git_tree_entry_filemode(a) == git_tree_entry_filemode(b))
            continue; // the same file, or the same subtree: nothing below differs
        TreeEntry now = entry_of(b, prefix);
        if (now.type != EntryType::tree) {
            out.push_back({now.path, now, PathChangeKind::modified});
            continue;
        }
        SLIPWAY_TRY_LET(old_sub, lookup_tree(repo, *git_tree_entry_id(a), now.path));
        SLIPWAY_TRY_LET(new_sub, lookup_tree(repo, now.oid, now.path));
        SLIPWAY_TRY(diff_dir(repo, old_sub->get(), new_sub->get(), now.path + "/", depth + 1, out));
    }
    return {};
}

// The changed entries of `to` against `from` (either may be null: no directory there).
Status changed_dir(const Repository& repo, const git_tree* from, const git_tree* to,
                   const std::string& prefix, std::size_t depth,
                   const std::function<Descend(const ChangedEntry&)>& visit) {
    if (depth > 1024)
        return fail("tree is nested more than 1024 levels deep at " + prefix);
    const std::size_t nf = from ? git_tree_entrycount(from) : 0;
    const std::size_t nt = to ? git_tree_entrycount(to) : 0;
    std::size_t i = 0, j = 0;
    while (j < nt) {
        const git_tree_entry* a = i < nf ? git_tree_entry_byindex(from, i) : nullptr;
        const git_tree_entry* b = git_tree_entry_byindex(to, j);
        const int order = !a ? 1 : entry_order(a, b);
        if (order < 0) { // only in the older tree: gone, nothing to visit
            ++i;
            continue;
        }
        ++j;
        const git_tree_entry* before = nullptr;
        if (order == 0) {
            ++i;
            if (git_oid_equal(git_tree_entry_id(a), git_tree_entry_id(b)) &&
                git_tree_entry_filemode(a) == git_tree_entry_filemode(b))
                continue;
            before = a;
        }
        const ChangedEntry changed{
            .entry = entry_of(b, prefix), .depth = depth, .name_at = prefix.size()};
        if (visit(changed) == Descend::no || changed.entry.type != EntryType::tree)
            continue;
        SLIPWAY_TRY_LET(sub, lookup_tree(repo, changed.entry.oid, changed.entry.path));
        TreePtr old_sub;
        if (before && git_tree_entry_type(before) == GIT_OBJECT_TREE) {
            SLIPWAY_TRY_LET(t, lookup_tree(repo, *git_tree_entry_id(before), changed.entry.path));
            old_sub = std::move(*t);
        }
        SLIPWAY_TRY(changed_dir(repo, old_sub.get(), sub->get(), changed.entry.path + "/",
                                depth + 1, visit));
    }
    return {};
}

} // namespace

Status walk_changed_entries(const Repository& repo, const git_tree* from, const git_tree& to,
                            const std::function<Descend(const ChangedEntry&)>& visit) {
    if (from && git_oid_equal(git_tree_id(from), git_tree_id(&to)))
        return {};
    return changed_dir(repo, from, &to, "", 1, visit);
}

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

Result<const git_tree*> TreeLookup::directory(std::string_view dir) {
    if (dir.empty() || dir == ".")
        return &m_root;
    if (auto it = m_trees.find(dir); it != m_trees.end())
        return static_cast<const git_tree*>(it->second.get());
    const auto slash = dir.rfind('/');
    auto parent =
        directory(slash == std::string_view::npos ? std::string_view() : dir.substr(0, slash));
    if (!parent)
        return std::unexpected(parent.error());
    TreePtr tree;
    if (*parent) {
        const std::string name(slash == std::string_view::npos ? dir : dir.substr(slash + 1));
        const git_tree_entry* e = git_tree_entry_byname(*parent, name.c_str());
        if (e && git_tree_entry_type(e) == GIT_OBJECT_TREE) {
            SLIPWAY_TRY_LET(sub, lookup_tree(m_repo, *git_tree_entry_id(e), std::string(dir)));
            tree = std::move(*sub);
        }
    }
    const git_tree* out = tree.get();
    m_trees.emplace(std::string(dir), std::move(tree));
    return out;
}

Result<std::optional<TreeEntry>> TreeLookup::entry(std::string_view path) {
    if (path.empty() || path == ".")
        return TreeEntry{.path = ".", .oid = *git_tree_id(&m_root), .type = EntryType::tree};
    const auto slash = path.rfind('/');
    auto dir =
        directory(slash == std::string_view::npos ? std::string_view() : path.substr(0, slash));
    if (!dir)
        return std::unexpected(dir.error());
    if (!*dir)
        return std::nullopt;
    const std::string name(slash == std::string_view::npos ? path : path.substr(slash + 1));
    const git_tree_entry* e = git_tree_entry_byname(*dir, name.c_str());
    if (!e)
        return std::nullopt;
    return TreeEntry{.path = std::string(path),
                     .oid = *git_tree_entry_id(e),
                     .type = type_of(git_tree_entry_filemode(e))};
}

Result<std::optional<std::vector<TreeEntry>>> TreeLookup::list(std::string_view dir) {
    using Listing = std::optional<std::vector<TreeEntry>>;
    const bool root = dir.empty() || dir == ".";
    const git_tree* tree = &m_root;
    TreePtr owned;
    if (!root) {
        SLIPWAY_TRY_LET(e, entry(dir));
        if (!*e || (*e)->type != EntryType::tree)
            return Listing();
        if (auto it = m_trees.find(dir); it != m_trees.end() && it->second) {
            tree = it->second.get();
        } else {
            SLIPWAY_TRY_LET(sub, lookup_tree(m_repo, (*e)->oid, std::string(dir)));
            owned = std::move(*sub);
            tree = owned.get();
        }
    }
    const std::string prefix = root ? std::string() : std::string(dir) + "/";
    std::vector<TreeEntry> out;
    const std::size_t count = git_tree_entrycount(tree);
    out.reserve(count);
    for (std::size_t i = 0; i < count; ++i)
        out.push_back(entry_of(git_tree_entry_byindex(tree, i), prefix));
    return Listing(std::move(out));
}

Result<std::vector<TreeChange>> diff_trees(const Repository& repo, const git_tree* from,
                                           const git_tree& to) {
    std::vector<TreeChange> out;
    if (from && git_oid_equal(git_tree_id(from), git_tree_id(&to)))
        return out;
    SLIPWAY_TRY(diff_dir(repo, from, &to, "", 0, out));
    std::sort(out.begin(), out.end(),
              [](const TreeChange& a, const TreeChange& b) { return a.path < b.path; });
    return out;
}

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
    SLIPWAY_TRY_LET(top, tree_entry(repo, tree, path));
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

Result<std::string> read_blob(const Repository& repo, const git_oid& oid, std::uint64_t max_bytes) {
    SLIPWAY_TRY_LET(size, blob_size(repo, oid));
    if (*size > max_bytes)
        return fail("blob " + to_hex(oid) + " is " + std::to_string(*size) +
                    " bytes, more than the " + std::to_string(max_bytes) + " read at most");
    git_blob* raw = nullptr;
    if (git_blob_lookup(&raw, repo.raw(), &oid) != 0)
        return fail_git("cannot read blob " + to_hex(oid));
    BlobPtr blob(raw);
    return std::string(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                       static_cast<std::size_t>(git_blob_rawsize(blob.get())));
}

} // namespace slipway::git
