// A repository shared by a group of OS users (git's core.sharedRepository).
#include "util/sharing.hpp"

#include <algorithm>
#include <cctype>
#include <sys/stat.h>
#include <unistd.h>

namespace slipway::util {

Sharing parse_sharing(const std::optional<std::string>& value) {
    if (!value)
        return Sharing::none;
    std::string v = *value;
    std::transform(v.begin(), v.end(), v.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (v == "group" || v == "true" || v == "1")
        return Sharing::group;
    if (v == "all" || v == "world" || v == "everybody" || v == "2")
        return Sharing::all;
    // An octal mode ("0660", "0664"): git's own permissions for the repository's files.
    if (v.size() >= 3 && v.front() == '0' && v.find_first_not_of("01234567") == std::string::npos) {
        const unsigned mode = static_cast<unsigned>(std::stoul(v, nullptr, 8));
        if (mode & 0020)
            return (mode & 0004) ? Sharing::all : Sharing::group;
    }
    return Sharing::none;
}

void adopt_sharing(Sharing sharing) {
    if (sharing == Sharing::none)
        return;
    const mode_t old = ::umask(0);
    mode_t wanted = old & ~static_cast<mode_t>(0070);
    if (sharing == Sharing::all)
        wanted &= ~static_cast<mode_t>(0004);
    ::umask(wanted);
}

unsigned new_file_mode() {
    const mode_t mask = ::umask(0);
    ::umask(mask);
    return 0666u & ~static_cast<unsigned>(mask);
}

namespace {

// Whether `path` (lstat'ed as `st`) is now the group's; false when this process may not
// change it.
bool share_one(const std::filesystem::path& path, const struct stat& st, gid_t gid) {
    if (S_ISLNK(st.st_mode))
        return true;
    if (st.st_uid != ::geteuid() && ::geteuid() != 0)
        return (st.st_gid == gid) && (st.st_mode & S_IWGRP);
    if (st.st_gid != gid && ::lchown(path.c_str(), static_cast<uid_t>(-1), gid) != 0)
        return false;
    mode_t mode = st.st_mode & 07777;
    mode |= S_IRGRP | S_IWGRP;
    if (S_ISDIR(st.st_mode))
        mode |= S_IXGRP | S_ISGID;
    return mode == (st.st_mode & 07777) || ::chmod(path.c_str(), mode) == 0;
}

} // namespace

std::vector<std::filesystem::path> share_tree(const std::filesystem::path& root, gid_t gid) {
    namespace fs = std::filesystem;
    std::vector<fs::path> refused;
    struct stat st {};
    if (::lstat(root.c_str(), &st) != 0)
        return refused;
    if (!share_one(root, st, gid))
        refused.push_back(root);
    if (!S_ISDIR(st.st_mode))
        return refused;
    std::error_code ec;
    for (fs::recursive_directory_iterator
             it(root, fs::directory_options::skip_permission_denied, ec),
         end;
         !ec && it != end; it.increment(ec))
        if (::lstat(it->path().c_str(), &st) == 0 && !share_one(it->path(), st, gid))
            refused.push_back(it->path());
    return refused;
}

} // namespace slipway::util
