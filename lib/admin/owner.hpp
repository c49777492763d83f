// Running a command on a repository that belongs to another OS user: root becomes the owner,
// anyone else may read but not write.
#pragma once

#include "util/result.hpp"

#include <filesystem>
#include <optional>
#include <string>

namespace slipway::admin {

/// What a command does to the repository it names first.
enum class RepoAccess {
    none,   ///< names no repository (policy check, check)
    reads,  ///< status, log, show, audit verify/head/backup
    writes, ///< install, uninstall, audit ack/restore/rebaseline
};

/// Makes this process fit to run `command_line` (as the user typed it, for the message) on
/// `repo`, whose owner the hooks run as:
/// - as its owner, or when `repo` does not exist (the command says so itself): nothing;
/// - as root: becomes the owner (supplementary groups, gid, uid; HOME, USER and LOGNAME), so
///   every file the command creates is the owner's and git's ownership check passes without
///   touching safe.directory; returns the owner's name, for a note;
/// - as another user: a command that writes is refused with the command to run instead
///   (`sudo -u git slipway ...`), since what it created would be the wrong user's; one that
///   reads runs, with libgit2's ownership check off for this process, for a member of a group
///   the repository is group-writable for (an operator of a shared repository), and is refused
///   the same way for anyone else, who could not open the ledger.
Result<std::optional<std::string>> act_for_owner(const std::filesystem::path& repo,
                                                 RepoAccess access,
                                                 const std::string& command_line);

} // namespace slipway::admin
