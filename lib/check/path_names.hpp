// Tree entry names git fsck refuses: ".", "..", ".git" and the names file systems read as ".git".
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace slipway::check {

/// Why git fsck refuses a tree entry name.
struct NameProblem {
    std::string fsck_id; ///< git fsck's message id: "hasDotgit", "hasDot", "hasDotdot", ...
    std::string message; ///< one sentence for the pusher, ending in what to do
};

/// What git fsck (fsck_tree) says about the tree entry name `name`: hasDot ("."), hasDotdot
/// (".."), hasDotgit (".git" in any case, with the Unicode characters HFS+ ignores anywhere in
/// it, with NTFS's trailing dots and spaces, its 8.3 short name "git~1", or after a '\\', which
/// Windows reads as a directory separator), emptyName and fullPathname (a '/'); nullopt when it
/// says nothing. GitHub and GitLab refuse a push with any of these, and a checkout of one
/// would write into a repository's own .git directory on some system.
std::optional<NameProblem> path_name_problem(std::string_view name);

/// git's is_hfs_dotgit(): `name` reads as ".git" on HFS+ (case folded, ignorable code points
/// skipped), up to its end or a '/'.
bool is_hfs_dotgit(std::string_view name);

/// git's is_ntfs_dotgit(): `name` reads as ".git" on NTFS (case folded, "git~1", trailing dots
/// and spaces), up to its end or a '/' or '\\'.
bool is_ntfs_dotgit(std::string_view name);

} // namespace slipway::check
