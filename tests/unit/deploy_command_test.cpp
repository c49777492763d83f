// Tests for deploy/command: a program run in the workspace, output streamed, failures said.
#include "deploy/command.hpp"

#include "deploy_fixture.hpp"

using namespace slipway;
using namespace slipway::deploy;
using slipway::testing::read_file;
using slipway::testing::TempDir;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

struct Fixture {
    TempDir dir;
    fs::path workspace = dir / "ws";
    fs::path log = dir / "log";
    report::Output out = slipway::testing::open_output("staging", log);
    Fixture() { fs::create_directories(workspace / "scripts"); }
};

} // namespace

TEST_CASE("a command runs in the workspace and its lines reach the output") {
    Fixture f;
    slipway::testing::write_file(
        f.workspace / "scripts/deploy.sh",
        "#!/bin/sh\necho \"in $(basename \"$PWD\") as $ROLE\"\necho err >&2\n");
    fs::permissions(f.workspace / "scripts/deploy.sh", fs::perms::owner_all);
    auto exit = run_command_target(
        {.argv = {"./deploy.sh"}, .directory = "scripts", .env = {{"ROLE", "deployer"}}},
        f.workspace, f.out);
    REQUIRE(exit);
    CHECK(exit->ok());
    CHECK(read_file(f.log) == "[staging] command ./deploy.sh\n"
                              "[staging] in scripts as deployer\n"
                              "[staging] err\n");
}

TEST_CASE("a failing command says what failed") {
    Fixture f;
    auto exit = run_command_target({.argv = {"sh", "-c", "echo boom; exit 4"}}, f.workspace, f.out);
    REQUIRE_FALSE(exit);
    CHECK(exit.error().message == "command sh exited with status 4");
    CHECK(read_file(f.log) == "[staging] command sh -c echo boom; exit 4\n[staging] boom\n");
}

TEST_CASE("a command that runs too long is killed") {
    Fixture f;
    auto exit = run_command_target({.argv = {"sleep", "10"}, .timeout = 200ms}, f.workspace, f.out);
    REQUIRE_FALSE(exit);
    CHECK(exit.error().message == "command sleep timed out after 0s");
}

TEST_CASE("a command cannot run from outside the workspace") {
    Fixture f;
    auto up = run_command_target({.argv = {"../evil.sh"}}, f.workspace, f.out);
    REQUIRE_FALSE(up);
    CHECK(up.error().message == "command ../evil.sh: directory \"..\" must not contain \"..\"");
    auto abs = run_command_target({.argv = {"/bin/true"}}, f.workspace, f.out);
    REQUIRE_FALSE(abs);
    CHECK(abs.error().message ==
          "command /bin/true: a program path must be relative to the directory it runs in");
    auto missing = run_command_target({.argv = {"slipway-no-such-tool"}}, f.workspace, f.out);
    REQUIRE_FALSE(missing);
    CHECK(missing.error().message == "command slipway-no-such-tool: `slipway-no-such-tool` was not "
                                     "found on PATH; install it or fix PATH for the server");
}
