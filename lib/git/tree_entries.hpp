// Looking into a tree without a checkout: one entry by path, a subtree walk, a blob's bytes.
#pragma once

#include "git/repository.hpp"
#include "util/result.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>

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

/// The bytes of blob `oid`; fails when it is missing or not a blob.
Result<std::string> read_blob(const Repository& repo, const git_oid& oid);

} // namespace slipway::git
