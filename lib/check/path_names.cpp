// Tree entry names git fsck refuses, as fsck.c and utf8.c decide them.
#include "check/path_names.hpp"

#include <cstdint>

namespace slipway::check {

namespace {

// One UTF-8 character of `s` from `at` (advanced past it); 0 and `at` at the end when the
// bytes are not UTF-8, as git's pick_one_utf8_char() gives up on them.
std::uint32_t next_utf8(std::string_view s, std::size_t& at) {
    auto byte = [&](std::size_t i) {
        return static_cast<unsigned char>(s[i]);
    };
    const unsigned char c = byte(at);
    std::size_t n = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) {
        ++at;
        return c;
    }
    if ((c & 0xE0) == 0xC0) {
        n = 1;
        cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
        n = 2;
        cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
        n = 3;
        cp = c & 0x07;
    } else {
        at = s.size();
        return 0;
    }
    for (std::size_t i = 1; i <= n; ++i) {
        if (at + i >= s.size() || (byte(at + i) & 0xC0) != 0x80) {
            at = s.size();
            return 0;
        }
        cp = (cp << 6) | (byte(at + i) & 0x3F);
    }
    at += n + 1;
    return cp;
}

// git's next_hfs_char(): the next character HFS+ does not ignore; 0 at the end or on bytes
// that are not UTF-8.
std::uint32_t next_hfs_char(std::string_view s, std::size_t& at) {
    while (at < s.size()) {
        const std::uint32_t c = next_utf8(s, at);
        switch (c) {
        case 0x200c: // ZERO WIDTH NON-JOINER
        case 0x200d: // ZERO WIDTH JOINER
        case 0x200e: // LEFT-TO-RIGHT MARK
        case 0x200f: // RIGHT-TO-LEFT MARK
        case 0x202a: // LEFT-TO-RIGHT EMBEDDING
        case 0x202b: // RIGHT-TO-LEFT EMBEDDING
        case 0x202c: // POP DIRECTIONAL FORMATTING
        case 0x202d: // LEFT-TO-RIGHT OVERRIDE
        case 0x202e: // RIGHT-TO-LEFT OVERRIDE
        case 0x206a: // INHIBIT SYMMETRIC SWAPPING
        case 0x206b: // ACTIVATE SYMMETRIC SWAPPING
        case 0x206c: // INHIBIT ARABIC FORM SHAPING
        case 0x206d: // ACTIVATE ARABIC FORM SHAPING
        case 0x206e: // NATIONAL DIGIT SHAPES
        case 0x206f: // NOMINAL DIGIT SHAPES
        case 0xfeff: // ZERO WIDTH NO-BREAK SPACE
            continue;
        default:
            return c;
        }
    }
    return 0;
}

char lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

} // namespace

bool is_hfs_dotgit(std::string_view name) {
    std::size_t at = 0;
    if (next_hfs_char(name, at) != '.')
        return false;
    for (char want : std::string_view("git")) {
        const std::uint32_t c = next_hfs_char(name, at);
        if (c > 127 || lower(static_cast<char>(c)) != want)
            return false;
    }
    const std::uint32_t c = next_hfs_char(name, at);
    return c == 0 || c == '/';
}

bool is_ntfs_dotgit(std::string_view name) {
    std::size_t at = 0;
    auto next = [&]() -> char {
        return at < name.size() ? name[at++] : '\0';
    };
    char c = next();
    if (c == '.') {
        if (lower(next()) != 'g' || lower(next()) != 'i' || lower(next()) != 't')
            return false;
    } else if (lower(c) == 'g') {
        if (lower(next()) != 'i' || lower(next()) != 't' || next() != '~' || next() != '1')
            return false;
    } else {
        return false;
    }
    for (;;) {
        c = next();
        if (c == '\0' || c == '/' || c == '\\')
            return true;
        if (c != '.' && c != ' ')
            return false;
    }
}

std::optional<NameProblem> path_name_problem(std::string_view name) {
    if (name.empty())
        return NameProblem{"emptyName",
                           "an entry has an empty name; rewrite the commit without it"};
    if (name.find('/') != std::string_view::npos)
        return NameProblem{"fullPathname",
                           "an entry name holds a '/', which no file name can; rewrite the "
                           "commit without it"};
    if (name == ".")
        return NameProblem{"hasDot", "\".\" is no file name; rewrite the commit without it"};
    if (name == "..")
        return NameProblem{"hasDotdot", "\"..\" would lead out of the directory; rewrite the "
                                        "commit without it"};
    bool dotgit = is_hfs_dotgit(name) || is_ntfs_dotgit(name);
    // Windows reads '\\' as a directory separator: "x\\.git" holds ".git" there.
    for (auto slash = name.find('\\'); !dotgit && slash != std::string_view::npos;
         slash = name.find('\\', slash + 1))
        dotgit = is_ntfs_dotgit(name.substr(slash + 1));
    if (!dotgit)
        return std::nullopt;
    if (name == ".git")
        return NameProblem{"hasDotgit", "\".git\" is the name of git's own directory; a checkout "
                                        "of it would write into a repository's configuration; "
                                        "rename it"};
    return NameProblem{"hasDotgit", "the name is read as \".git\" (git's own directory) by "
                                    "case-insensitive, macOS or Windows file systems; rename it"};
}

} // namespace slipway::check
