// Tests for util/sharing: core.sharedRepository as git reads it, and the umask it asks for.
#include "util/sharing.hpp"

#include <catch2/catch.hpp>

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
