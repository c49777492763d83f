// Tests of the e2e harness itself: isolation of git and the shell.
#include "support/sandbox.hpp"

#include <catch2/catch.hpp>

using slipway::e2e::Sandbox;

TEST_CASE("the sandbox isolates git from the machine's configuration") {
    Sandbox sb;
    auto run = sb.sh("git config --global --list 2>&1; echo \"home=$HOME\"");
    CHECK(run.has("home=" + (sb.root() / "home").string()));
    CHECK_FALSE(run.has("user.name"));
}
