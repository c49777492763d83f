// Running a command on a repository that belongs to another OS user.
#include "admin/owner.hpp"

#include "git/library.hpp"
#include "util/accounts.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace slipway::admin {

using util::in_group;
using util::user_name;

namespace {

// Drops from root to `owner` for good: groups first, then gid, then uid (after which no
// other change is allowed).
Status become(const passwd& owner) {
    if (::initgroups(owner.pw_name, owner.pw_gid) != 0 || ::setgid(owner.pw_gid) != 0 ||
        ::setuid(owner.pw_uid) != 0)
        return fail(std::string("cannot become ") + owner.pw_name + ": " + std::strerror(errno));
    ::setenv("HOME", owner.pw_dir ? owner.pw_dir : "/", 1);
    ::setenv("USER", owner.pw_name, 1);
    ::setenv("LOGNAME", owner.pw_name, 1);
    return {};
}

} // namespace

Result<std::optional<std::string>> act_for_owner(const std::filesystem::path& repo,
                                                 RepoAccess access,
                                                 const std::string& command_line) {
    struct stat st {};
    const uid_t me = ::geteuid();
    if (access == RepoAccess::none || ::stat(repo.c_str(), &st) != 0 || st.st_uid == me)
        return std::nullopt;
    if (me == 0) {
        const passwd* owner = ::getpwuid(st.st_uid);
        if (!owner)
            return fail(repo.string() + " belongs to uid " + std::to_string(st.st_uid) +
                        ", which has no account; give it to the account the git server runs as "
                        "(`chown -R`) and run this again");
        SLIPWAY_TRY(become(*owner));
        git::refresh_config_search_paths();
        return std::string(owner->pw_name);
    }
    const std::string owner = user_name(st.st_uid);
    const std::string instead =
        "; run it as the owner: `sudo -u " + owner + " slipway " + command_line + "`";
    if (access == RepoAccess::writes)
        return fail(repo.string() + " belongs to " + owner + ", and you are " + user_name(me) +
                    ": what this command writes would be " + user_name(me) +
                    "'s, which the hooks, running as " + owner + ", may be unable to use" +
                    instead);
    // Reading the ledger opens sqlite's shared-memory file for writing: only a member of a
    // group the repository is shared with (group-writable) can.
    if (!(st.st_mode & S_IWGRP) || !in_group(st.st_gid))
        return fail(repo.string() + " belongs to " + owner + ", and you are " + user_name(me) +
                    ", who cannot open its ledger (not a member of a group it is shared with)" +
                    instead);
    git::trust_repository_owners();
    return std::nullopt;
}

} // namespace slipway::admin
