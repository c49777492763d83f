// Tests for util/files: whole reads and atomic writes.
#include "util/files.hpp"

#include "support/temp_repo.hpp"

#include <catch2/catch.hpp>

using namespace slipway;

TEST_CASE("write_file_atomic then read_file round-trips bytes") {
    test::TempDir dir;
    std::string content("a\0b\nc", 5);
    REQUIRE(util::write_file_atomic(dir.path() / "f", content));
    auto read = util::read_file(dir.path() / "f");
    REQUIRE(read);
    CHECK(*read == content);
    CHECK_FALSE(std::filesystem::exists(dir.path() / ("f.tmp-" + std::to_string(::getpid()))));
}

TEST_CASE("reading a missing file names it and the reason") {
    test::TempDir dir;
    auto read = util::read_file(dir.path() / "missing.yaml");
    REQUIRE_FALSE(read);
    CHECK(read.error().message ==
          "cannot read " + (dir.path() / "missing.yaml").string() + ": No such file or directory");
}

TEST_CASE("writing into a missing directory fails with a message") {
    test::TempDir dir;
    auto s = util::write_file_atomic(dir.path() / "no" / "f", "x");
    REQUIRE_FALSE(s);
    CHECK(s.error().message ==
          "cannot write " + (dir.path() / "no" / "f").string() + ": No such file or directory");
}
