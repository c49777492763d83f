// OS accounts as people read them.
#include "util/accounts.hpp"

#include <grp.h>
#include <pwd.h>
#include <unistd.h>
#include <vector>

namespace slipway::util {

std::string user_name(uid_t uid) {
    if (const passwd* pw = ::getpwuid(uid); pw && pw->pw_name)
        return pw->pw_name;
    return "uid " + std::to_string(uid);
}

std::string group_name(gid_t gid) {
    if (const group* gr = ::getgrgid(gid); gr && gr->gr_name)
        return gr->gr_name;
    return "gid " + std::to_string(gid);
}

bool in_group(gid_t gid) {
    if (::getegid() == gid)
        return true;
    const int count = ::getgroups(0, nullptr);
    std::vector<gid_t> groups(static_cast<std::size_t>(count > 0 ? count : 0));
    if (count > 0 && ::getgroups(count, groups.data()) == count)
        for (gid_t g : groups)
            if (g == gid)
                return true;
    return false;
}

} // namespace slipway::util
