// Trees as plain maps of path to content: writing one into the object database, reading one.
#pragma once

#include "git/repository.hpp"
#include "util/result.hpp"

#include <map>
#include <string>
#include <string_view>

namespace slipway::git {

enum class FileMode { regular, executable, symlink };

/// One file of a tree: its bytes (a symlink's bytes are its target) and its mode.
struct TreeFile {
    std::string content;
    FileMode mode = FileMode::regular;

    bool operator==(const TreeFile&) const = default;
};

/// A whole tree by path ("ns/deployment-web.yaml"); directories are implied by the paths.
using TreeFiles = std::map<std::string, TreeFile>;

/// True when `path` can name a file in a tree: relative, '/'-separated, no empty, ".", ".."
/// or ".git" component, no NUL byte.
bool is_valid_tree_path(std::string_view path);

/// Writes the blobs and trees for `files` and returns the root tree's id (the empty tree for
/// no files). Fails on an invalid path or on a path that is both a file and a directory,
/// naming it.
Result<git_oid> write_tree(const Repository& repo, const TreeFiles& files);

/// Every file and symlink in the tree `treeish` peels to (a commit, tag or tree), by path.
/// Submodule entries are left out. Fails when an object is missing.
Result<TreeFiles> read_tree(const Repository& repo, const git_oid& treeish);

} // namespace slipway::git
