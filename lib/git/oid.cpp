// Object ids as text.
#include "git/oid.hpp"

#include <algorithm>
#include <cctype>

namespace slipway::git {

bool is_zero_id(std::string_view hex) {
    return !hex.empty() && std::all_of(hex.begin(), hex.end(), [](char c) { return c == '0'; });
}

bool is_full_hex_id(std::string_view hex) {
    return (hex.size() == 40 || hex.size() == 64) &&
           std::all_of(hex.begin(), hex.end(),
                       [](unsigned char c) { return std::isxdigit(c) != 0; });
}

Result<git_oid> parse_oid(std::string_view hex) {
    if (hex.size() == 64 && is_full_hex_id(hex))
        return fail("object id " + std::string(hex) +
                    " is SHA-256; this server's libgit2 reads only SHA-1 repositories");
    if (hex.size() != 40 || !is_full_hex_id(hex))
        return fail("\"" + std::string(hex) + "\" is not an object id");
    git_oid oid;
    if (git_oid_fromstrn(&oid, hex.data(), hex.size()) != 0)
        return fail("\"" + std::string(hex) + "\" is not an object id");
    return oid;
}

std::string to_hex(const git_oid& oid) {
    char buf[GIT_OID_HEXSZ + 1];
    git_oid_tostr(buf, sizeof buf, &oid);
    return buf;
}

std::string short_id(std::string_view hex) {
    return std::string(hex.substr(0, 7));
}

} // namespace slipway::git
