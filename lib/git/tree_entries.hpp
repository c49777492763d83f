// Looking into a tree without a checkout: entries by path, a subtree walk, what differs between
// two trees, a blob's bytes.
#pragma once

#include "git/repository.hpp"
#include "util/result.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace slipway::git {

enum class EntryType { file, executable, symlink, tree, submodule };

/// One entry of a tree, with its full path from the root.
struct TreeEntry {
    std::string path;
    git_oid oid;
    EntryType type = EntryType::file;

    /// A regular or executable file (what a checkout writes as a file).
    bool is_file() const { return type == EntryType::file || type == EntryType::executable; }
};

/// The entry at `path` ("services/cart/deployment.yaml", or a directory) in `tree`; nullopt
/// when there is none. "." or "" names the root itself (a tree entry with `tree`'s id).
Result<std::optional<TreeEntry>> tree_entry(const Repository& repo, const git_tree& tree,
                                            std::string_view path);

/// What walk_tree() does after visiting a directory entry.
enum class Descend { yes, no };

/// Calls `visit` for every entry under the directory `path` of `tree` (the whole tree for
/// "."), parents before children, in git's name order. A directory's entries are visited
/// only when `visit` returns Descend::yes for it. Visits nothing when `path` does not exist;
/// visits only that entry when it is not a directory. Fails when an object is missing.
Status walk_tree(const Repository& repo, const git_tree& tree, std::string_view path,
                 const std::function<Descend(const TreeEntry&)>& visit);

/// Entries of one tree looked up by path, each directory read once. (git_tree_entry_bypath
/// re-reads every tree above the path on each call: libgit2 does not cache trees over 4 KiB,
/// and a directory of 10,000 services is one such tree.) Holds `repo` and `root` by reference.
class TreeLookup {
public:
    TreeLookup(const Repository& repo, const git_tree& root)
        : m_repo(repo)
        , m_root(root) {}

    /// The entry at `path`, as tree_entry() finds it; nullopt when there is none. Fails when a
    /// tree on the way cannot be read.
    Result<std::optional<TreeEntry>> entry(std::string_view path);

    /// The entries of directory `dir` ("." for the root), in git's order; nullopt when `dir`
    /// is no directory. The directory itself is read without being kept (a walk lists each
    /// directory once), the ones above it are kept. Fails when a tree cannot be read.
    Result<std::optional<std::vector<TreeEntry>>> list(std::string_view dir);

    const Repository& repo() const { return m_repo; }
    const git_tree& root() const { return m_root; }

private:
    /// The tree of directory `dir` ("" for the root); nullptr when there is no such directory.
    Result<const git_tree*> directory(std::string_view dir);

    const Repository& m_repo;
    const git_tree& m_root;
    /// Directories read so far, by path; a null pointer for a directory known not to exist.
    std::map<std::string, TreePtr, std::less<>> m_trees;
};

enum class PathChangeKind { added, modified, deleted };

/// "added", "modified" or "deleted".
const char* path_change_name(PathChangeKind kind);

/// One path whose entry differs between two trees, with what the newer tree has there.
struct TreeChange {
    std::string path;
    std::optional<TreeEntry> now; ///< the entry in the newer tree; nullopt: deleted
    /// added (only in the newer tree), deleted (only in the older), or modified (content,
    /// mode or type changed; a file replaced by a directory is a deletion and additions)
    PathChangeKind kind = PathChangeKind::modified;
};

/// The entries (files, symlinks, submodules; not directories) that differ from `from` (nullptr:
/// the empty tree) to `to`, sorted by path. Subtrees with the same id on both sides are skipped
/// unread, so the cost is that of the directories that differ. A change of type or mode at one
/// path is one change; a file replaced by a directory is a deletion plus the directory's files.
/// Fails when a tree cannot be read.
Result<std::vector<TreeChange>> diff_trees(const Repository& repo, const git_tree* from,
                                           const git_tree& to);

/// What walk_changed_entries() is told about one entry.
struct ChangedEntry {
    TreeEntry entry;         ///< what the newer tree holds at the path
    std::size_t depth = 1;   ///< components of the path: 1 for an entry of the root
    std::size_t name_at = 0; ///< where the last component starts in `entry.path`

    /// The last component of the path: the entry's own name.
    std::string_view name() const { return std::string_view(entry.path).substr(name_at); }
};

/// Calls `visit` for every entry of `to` (directories too, parents before children, in git's
/// order) whose path `from` (nullptr: the empty tree) does not hold with the same id and mode:
/// what a commit adds or changes. A changed directory is descended into only when `visit`
/// returns Descend::yes for it, and then only its changed entries are visited; directories
/// equal on both sides are skipped unread. The walk recurses once per level, so `visit` must
/// stop the descent at the depth it accepts; past 1024 levels the walk fails. Fails when a
/// tree cannot be read.
Status walk_changed_entries(const Repository& repo, const git_tree* from, const git_tree& to,
                            const std::function<Descend(const ChangedEntry&)>& visit);

/// The most read_blob() reads unless told otherwise: the largest file a policy may let the
/// gate judge (`manifests.limits.max_file_bytes`).
inline constexpr std::uint64_t max_blob_read = 1ull << 30;

/// The bytes of blob `oid`. Its size is read from the object header first, so a blob over
/// `max_bytes` is refused without being inflated. Fails when it is missing, not a blob, or
/// larger than `max_bytes`.
Result<std::string> read_blob(const Repository& repo, const git_oid& oid,
                              std::uint64_t max_bytes = max_blob_read);

} // namespace slipway::git
