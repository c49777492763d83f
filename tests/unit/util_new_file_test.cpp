// Tests for deploy/new_file: a planted symlink is replaced, never written through.
#include "util/new_file.hpp"

#include "deploy_fixture.hpp"

#include <sys/stat.h>

using namespace slipway;
using namespace slipway;
using namespace slipway::util;
using slipway::testing::read_file;
using slipway::testing::TempDir;
namespace fs = std::filesystem;

TEST_CASE("write_new_file replaces a symlink instead of writing through it") {
    TempDir d;
    slipway::testing::write_file(d / "outside", "precious");
    fs::create_directory(d / "ws");
    fs::create_symlink(d / "outside", d / "ws/override.tf");
    REQUIRE(util::write_new_file(d / "ws/override.tf", "mine\n", 0600));
    CHECK(read_file(d / "outside") == "precious");
    CHECK_FALSE(fs::is_symlink(d / "ws/override.tf"));
    CHECK(read_file(d / "ws/override.tf") == "mine\n");
    struct stat st {};
    REQUIRE(::stat((d / "ws/override.tf").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
}

TEST_CASE("write_new_file names the file it cannot create") {
    TempDir d;
    auto s = util::write_new_file(d / "missing-dir/x", "x", 0644);
    REQUIRE_FALSE(s);
    CHECK(s.error().message ==
          "cannot create " + (d / "missing-dir/x").string() + ": No such file or directory");
}
