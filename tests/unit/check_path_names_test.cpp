// Tests for check/path_names: the tree entry names git fsck refuses, with their messages.
#include "check/path_names.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace slipway::check;

namespace {

// "fsckId: message", or "" when the name is fine.
std::string problem(std::string_view name) {
    auto p = path_name_problem(name);
    return p ? p->fsck_id + ": " + p->message : std::string();
}

const std::string dotgit = "hasDotgit: \".git\" is the name of git's own directory; a checkout "
                           "of it would write into a repository's configuration; rename it";
const std::string variant = "hasDotgit: the name is read as \".git\" (git's own directory) by "
                            "case-insensitive, macOS or Windows file systems; rename it";

} // namespace

TEST_CASE("path-name passes ordinary names, and names that only look like .git") {
    for (const char* name : {"config", "git", ".gitignore", ".github", "git-config", "x.git",
                             ".git~1", "git~2", ".gitx", "..x", "..."})
        CHECK(problem(name).empty());
}

TEST_CASE("path-name refuses . and .. and .git") {
    CHECK(problem(".") == "hasDot: \".\" is no file name; rewrite the commit without it");
    CHECK(problem("..") ==
          "hasDotdot: \"..\" would lead out of the directory; rewrite the commit without it");
    CHECK(problem(".git") == dotgit);
    CHECK(problem("") == "emptyName: an entry has an empty name; rewrite the commit without it");
    CHECK(problem("a/b") == "fullPathname: an entry name holds a '/', which no file name can; "
                            "rewrite the commit without it");
}

TEST_CASE("path-name refuses what case-insensitive, HFS+ and NTFS file systems read as .git") {
    CHECK(problem(".GIT") == variant);
    CHECK(problem(".Git") == variant);
    // NTFS: the 8.3 short name, trailing dots and spaces, a backslash as separator.
    CHECK(problem("git~1") == variant);
    CHECK(problem("GIT~1") == variant);
    CHECK(problem(".git ") == variant);
    CHECK(problem(".git. .") == variant);
    CHECK(problem("x\\.git") == variant);
    // HFS+: zero-width characters are ignored, U+200C here and U+FEFF.
    CHECK(problem(".g\xe2\x80\x8cit") == variant);
    CHECK(problem("\xef\xbb\xbf.git") == variant);
    CHECK(is_hfs_dotgit(".GiT"));
    CHECK_FALSE(is_hfs_dotgit(".gitx"));
    CHECK(is_ntfs_dotgit("git~1.."));
    CHECK_FALSE(is_ntfs_dotgit("git~10"));
}
