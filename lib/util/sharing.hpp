// A repository shared by a group of OS users (git's core.sharedRepository): what Slipway
// creates in it must be writable by the group too.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace slipway::util {

/// Who besides the owner may write a shared repository.
enum class Sharing {
    none,  ///< core.sharedRepository unset, false or umask: the umask decides
    group, ///< group (true, 1, or an octal mode giving the group write): group-writable
    all,   ///< all (world, everybody, 2): group-writable, readable by everyone
};

/// core.sharedRepository's `value` as git reads it; nullopt (unset) is none.
Sharing parse_sharing(const std::optional<std::string>& value);

/// Makes this process create what a `sharing` repository needs: the group's write bit (and,
/// for all, others' read bit) cleared from the umask, so files created with the usual 0666 and
/// directories with 0777 are writable by the group. Nothing for Sharing::none.
void adopt_sharing(Sharing sharing);

/// The permission bits a new file gets in this process (0666 less the umask).
unsigned new_file_mode();

/// Makes `root` and everything in it (symlinks not followed) the group `gid`'s to write, as a
/// repository made shared after the fact needs (`slipway install` again): group `gid`, g+rw on
/// files, g+rwx and setgid (their new files inherit the group, as git's own directories do) on
/// directories. Returns what it could not change: another user's, which only root or its owner
/// may. A missing `root` is nothing to do.
std::vector<std::filesystem::path> share_tree(const std::filesystem::path& root, gid_t gid);

} // namespace slipway::util
