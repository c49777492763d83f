// Materializing a commit's tree, or the part of it some paths lead to, into an empty directory,
// never writing or linking outside it.
#pragma once

#include "git/repository.hpp"
#include "git/tree_entries.hpp"
#include "util/result.hpp"

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
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

/// Writes into `dir` (an existing, empty directory) only what `paths` lead to in the tree that
/// `tree` looks into, as checkout_tree() would write it: each path resolved as
/// util::resolve_path() does (through the tree's symlinks), the entry reached written whole (a
/// directory with everything below it), with every symlink followed on the way, and the directories
/// above them (holding only what is asked for). A path missing from the tree gets the part of it
/// the tree has: a file where a directory is expected, or only the directories above it. So that no
/// symlink leads to a path that the full checkout would have and this one lacks, every symlink
/// written brings what it leads to, whole, by the same rules, until nothing more is needed;
/// one leading outside is left out with a warning, as checkout_tree() does. Entries are
/// written as checkout_tree() writes them (never through a symlink), and the same refusals
/// apply to every entry written: an invalid name, two entries with one name, more than 256
/// levels. Entries not written are not looked at. Fails, naming the entry, on those or on any
/// read or I/O error; what was written so far stays for the caller to remove.
Result<CheckoutReport> checkout_paths(TreeLookup& tree, const std::vector<std::string>& paths,
                                      const std::filesystem::path& dir);

} // namespace slipway::git
