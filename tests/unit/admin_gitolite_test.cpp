// Tests for admin/gitolite: telling a gitolite repository from another, and the steps given.
#include "admin/gitolite.hpp"
#include "support/temp_repo.hpp"

#include <catch2/catch.hpp>

#include <fstream>

using namespace slipway;
namespace fs = std::filesystem;

TEST_CASE("a repository is gitolite's by its gl-conf or its hooks/update, not otherwise") {
    test::TempDir dir;
    const auto plain = dir.path() / "plain.git";
    fs::create_directories(plain / "hooks");
    std::ofstream(plain / "hooks" / "update") << "#!/bin/sh\n";
    CHECK_FALSE(admin::managed_by_gitolite(plain));

    const auto conf = dir.path() / "conf.git";
    fs::create_directories(conf);
    std::ofstream(conf / "gl-conf") << "%one_repo = ();\n";
    CHECK(admin::managed_by_gitolite(conf));

    const auto linked = dir.path() / "linked.git";
    fs::create_directories(linked / "hooks");
    fs::create_symlink("/home/git/.gitolite/hooks/common/update", linked / "hooks" / "update");
    CHECK(admin::managed_by_gitolite(linked));
}

TEST_CASE("the gitolite steps name the repository, the binaries and the option lines") {
    const auto steps = admin::gitolite_steps("/home/git/repositories/deploy.git", "/usr/local/bin");
    REQUIRE(steps.size() == 5);
    CHECK(steps[0] == "gitolite manages /home/git/repositories/deploy.git and owns its hooks: "
                      "hooks/ was left to it. To run Slipway's, as the gitolite user:");
    CHECK(steps[2].find("`exec /usr/local/bin/slipway-pre-receive \"$@\"`") != std::string::npos);
    CHECK(steps[3] == "  3. in gitolite.conf, under `repo deploy`, add `option hook.pre-receive = "
                      "slipway-pre-receive` and `option hook.post-receive = "
                      "slipway-post-receive`, and push gitolite-admin.");
}
