// Why this process may not write a path of a repository's state, and what would fix it.
#include "util/write_access.hpp"

#include "util/accounts.hpp"

#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

namespace slipway::util {

namespace fs = std::filesystem;

namespace {

// How many entries of a tree are looked at: a leftover workspace may be a big checkout.
constexpr std::size_t tree_limit = 100000;

// False only when the kernel says this process may not write `path` (a directory also needs
// search): a read-only file system or a missing path is another problem, told elsewhere.
bool may_write(const fs::path& path, bool directory) {
    if (::faccessat(AT_FDCWD, path.c_str(), directory ? W_OK | X_OK : W_OK, AT_EACCESS) == 0)
        return true;
    return errno != EACCES && errno != EPERM;
}

bool is_real_directory(const fs::path& path) {
    struct stat st {};
    return ::lstat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// The first path `n` needs that this process may not write.
std::optional<fs::path> blocked(const Needed& n) {
    // A path that does not exist yet is created in the nearest directory that does.
    fs::path p = n.path;
    struct stat st {};
    while (::lstat(p.c_str(), &st) != 0) {
        if (p == p.parent_path() || p.parent_path().empty())
            return std::nullopt;
        p = p.parent_path();
    }
    // A file where a directory should be is no question of permissions.
    if (p != n.path)
        return !S_ISDIR(st.st_mode) || may_write(p, true) ? std::nullopt
                                                          : std::optional<fs::path>(p);
    if (!may_write(p, S_ISDIR(st.st_mode)))
        return p;
    if (n.reach != Reach::tree || !S_ISDIR(st.st_mode))
        return std::nullopt;
    // Removing the tree and making it again: its directory, and every directory in it.
    if (!may_write(p.parent_path(), true))
        return p.parent_path();
    std::error_code ec;
    std::size_t seen = 0;
    for (fs::recursive_directory_iterator it(p, fs::directory_options::skip_permission_denied, ec),
         end;
         !ec && it != end && seen < tree_limit; it.increment(ec), ++seen) {
        if (it->is_symlink(ec) || !is_real_directory(it->path()))
            continue;
        if (!may_write(it->path(), true))
            return it->path();
    }
    return std::nullopt;
}

std::string mode_text(mode_t mode) {
    char out[8];
    std::snprintf(out, sizeof out, "%04o", static_cast<unsigned>(mode & 07777));
    return out;
}

// What fixes `path`, whose status is `st`, for this process.
std::string fix_for(const fs::path& path, const struct stat& st, const RepoSharing& repo) {
    const uid_t me = ::geteuid();
    const std::string user = user_name(me);
    const std::string recursive = S_ISDIR(st.st_mode) ? "-R " : "";
    struct stat repo_st {};
    const bool repo_known = ::stat(repo.git_dir.c_str(), &repo_st) == 0;
    const std::string owner = repo_known ? user_name(repo_st.st_uid) : "the repository's owner";
    const std::string install = "`slipway install " + repo.git_dir.string() + "` (as root)";
    // The group to share with: the repository's, when this user is in it.
    const bool same_group = repo_known && in_group(repo_st.st_gid);
    const std::string chgrp =
        same_group ? ""
                   : " and `chgrp -R <a group " + user + " is in> " + repo.git_dir.string() + "`";
    const std::string share =
        repo.git_dir.string() + " is not shared with a group (core.sharedRepository is not set), " +
        "so what " + owner + " made there is " + owner + "'s alone: let only " + owner +
        " push to it, or share it: `sudo -u " + owner + " git -C " + repo.git_dir.string() +
        " config core.sharedRepository group`" + chgrp + ", then " + install +
        ", which makes its state group-writable";
    if (st.st_uid == me)
        return "`chmod " + recursive + "u+w " + path.string() + "` (as " + user + ")";
    if (!repo_known || st.st_uid != repo_st.st_uid) {
        std::string fix = "give it to the repository's owner: `chown -R " + owner + " " +
                          path.string() + "` (as root)";
        if (repo_known && me != repo_st.st_uid)
            fix += repo.sharing == Sharing::none
                       ? "; and " + share
                       : ", then " + install + ", which makes it group-writable";
        return fix;
    }
    if (repo.sharing == Sharing::none)
        return share;
    if (!in_group(st.st_gid))
        return "add " + user + " to group " + group_name(st.st_gid) + ", which shares " +
               repo.git_dir.string() + " (`usermod -aG " + group_name(st.st_gid) + " " + user +
               "`), and push again in a new session";
    return install + ", which makes the state group-writable, as core.sharedRepository asks";
}

} // namespace

std::optional<std::string> write_problem(const std::vector<Needed>& needed, const RepoSharing& repo,
                                         const std::string& who) {
    for (const auto& n : needed) {
        auto path = blocked(n);
        if (!path)
            continue;
        struct stat st {};
        if (::lstat(path->c_str(), &st) != 0)
            continue;
        return path->string() + " belongs to " + user_name(st.st_uid) + " (group " +
               group_name(st.st_gid) + ", mode " + mode_text(st.st_mode) + ") and " + who +
               " runs as " + user_name(::geteuid()) +
               ", who may not write it; fix: " + fix_for(*path, st, repo);
    }
    return std::nullopt;
}

std::vector<Needed> ledger_needs(const StateDir& state) {
    const auto db = state.ledger_file();
    const fs::path wal = db.string() + "-wal";
    std::vector<Needed> out = {{db}, {wal}, {db.string() + "-shm"}};
    std::error_code ec;
    if (!fs::exists(fs::symlink_status(wal, ec)))
        out.push_back({state.root()});
    return out;
}

} // namespace slipway::util
