// Why this process may not write a path of a repository's state, said so that an admin can fix
// it: the path's owner, group and mode, the user the hooks run as, and the command that helps.
#pragma once

#include "util/sharing.hpp"
#include "util/state_paths.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace slipway::util {

/// What a path must allow.
enum class Reach {
    path, ///< the path itself (or, when it does not exist yet, the directory it is created in)
    tree, ///< as `path`, and every directory under it (what is removed and made again there)
};

/// A path of the state and what it must allow.
struct Needed {
    std::filesystem::path path;
    Reach reach = Reach::path;
};

/// The repository the paths belong to.
struct RepoSharing {
    std::filesystem::path git_dir;   ///< its owner is whom the state should belong to
    Sharing sharing = Sharing::none; ///< core.sharedRepository
};

/// The first of `needed` that this process cannot write, described for the admin: "<path>
/// belongs to <owner> (group <group>, mode 0644) and <who> runs as <user>, who may not write
/// it" and what fixes it, which depends on whose it is and on the repository's sharing
/// (`chown -R <owner> <path>`, `chmod -R u+w <path>`, `usermod -aG`, or
/// `git config core.sharedRepository group` and `slipway install` again, which makes the state
/// group-writable). `who` names what runs ("this deploy", "this push"). nullopt when this
/// process may write them all: whatever failed, it was not permissions.
std::optional<std::string> write_problem(const std::vector<Needed>& needed, const RepoSharing& repo,
                                         const std::string& who);

/// What writing the ledger of `state` needs: `ledger.db`, its `-wal` and `-shm` files, and,
/// when the `-wal` file is missing, the state directory sqlite makes it in.
std::vector<Needed> ledger_needs(const StateDir& state);

} // namespace slipway::util
