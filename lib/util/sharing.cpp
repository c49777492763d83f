// A repository shared by a group of OS users (git's core.sharedRepository).
#include "util/sharing.hpp"

#include <algorithm>
#include <cctype>
#include <sys/stat.h>

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

} // namespace slipway::util
