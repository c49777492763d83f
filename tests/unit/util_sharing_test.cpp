// Tests for util/sharing: core.sharedRepository as git reads it, the umask it asks for, and a
// state made the group's after the fact.
#include "util/sharing.hpp"

#include "support/temp_repo.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sys/stat.h>

using namespace slipway::util;

TEST_CASE("core.sharedRepository: group, all, an octal mode, or not shared") {
    CHECK(parse_sharing(std::nullopt) == Sharing::none);
    for (const char* v : {"group", "true", "1", "GROUP", "0660", "0770"}) {
        INFO(v);
        CHECK(parse_sharing(std::string(v)) == Sharing::group);
    }
    for (const char* v : {"all", "world", "everybody", "2", "0664"}) {
        INFO(v);
        CHECK(parse_sharing(std::string(v)) == Sharing::all);
    }
    for (const char* v : {"umask", "false", "0", "0600", "0644", "nonsense"}) {
        INFO(v);
        CHECK(parse_sharing(std::string(v)) == Sharing::none);
    }
}

TEST_CASE("a shared repository's umask lets the group write what is created") {
    const mode_t saved = ::umask(022);
    adopt_sharing(Sharing::none);
    CHECK(new_file_mode() == 0644);
    adopt_sharing(Sharing::group);
    CHECK(new_file_mode() == 0664);
    ::umask(077);
    adopt_sharing(Sharing::group);
    CHECK(new_file_mode() == 0660);
    ::umask(077);
    adopt_sharing(Sharing::all);
    CHECK(new_file_mode() == 0664);
    ::umask(saved);
}

TEST_CASE("a state made before the repository was shared becomes the group's: g+rw, "
          "directories setgid, symlinks left alone") {
    slipway::test::TempDir dir;
    std::filesystem::create_directories(dir / "slipway/locks");
    { std::ofstream(dir / "slipway/locks/preprod.lock") << ""; }
    std::filesystem::create_symlink("/etc/passwd", dir / "slipway/link");
    ::chmod((dir / "slipway").c_str(), 0755);
    ::chmod((dir / "slipway/locks").c_str(), 0700);
    ::chmod((dir / "slipway/locks/preprod.lock").c_str(), 0600);
    CHECK(share_tree(dir / "slipway", ::getegid()).empty());
    auto mode = [](const std::filesystem::path& p) {
        struct stat st {};
        REQUIRE(::lstat(p.c_str(), &st) == 0);
        return st.st_mode & 07777;
    };
    CHECK(mode(dir / "slipway") == 02775);
    CHECK(mode(dir / "slipway/locks") == 02770);
    CHECK(mode(dir / "slipway/locks/preprod.lock") == 0660);
    CHECK(mode("/etc/passwd") == 0644);
    CHECK(share_tree(dir / "missing", ::getegid()).empty());
}
