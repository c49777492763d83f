// Materializing a commit's tree into an empty directory, never writing or linking outside it.
#pragma once

#include "git/repository.hpp"
#include "util/result.hpp"

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace slipway::git {

/// What checkout_tree() wrote, and what it left out on purpose.
struct CheckoutReport {
    std::size_t files = 0;       ///< regular and executable files written
    std::size_t directories = 0; ///< directories created (the target itself not counted)
    std::size_t symlinks = 0;    ///< symlinks created
    /// One sentence per entry left out: a symlink leading outside the directory, a submodule.
    std::vector<std::string> warnings;
};

/// Writes the tree of `treeish` (a commit, annotated tag or tree id) into `dir`, which must be
/// an existing, empty directory. Files get mode 0644, or 0755 when executable in the tree.
/// A symlink is created only when its target, resolved the way the kernel would (following
/// the tree's other symlinks), stays inside `dir`; any other is skipped with a warning, so no
/// path through the checkout reads or writes outside it. Submodules become empty directories,
/// with a warning. Nothing is ever written through a symlink (each entry is created with
/// `openat`/`mkdirat`/`symlinkat` relative to its parent's descriptor, O_NOFOLLOW|O_EXCL).
/// Fails, naming the entry, on an entry name that is empty, ".", "..", ".git" or holds a '/',
/// on two entries with one name, on a missing object or any I/O error; what was written so
/// far stays for the caller to remove.
Result<CheckoutReport> checkout_tree(const Repository& repo, const git_oid& treeish,
                                     const std::filesystem::path& dir);

} // namespace slipway::git
