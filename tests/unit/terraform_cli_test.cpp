// Tests for deploy/terraform_cli: the environment every terraform command gets.
#include "terraform/cli.hpp"

#include "deploy_fixture.hpp"

#include <algorithm>

using namespace slipway;
using namespace slipway;
using namespace slipway::terraform;
using slipway::testing::ScopedEnv;
using slipway::testing::TempDir;

namespace {

std::optional<std::string> env_of(const util::Command& c, const std::string& name) {
    for (const auto& [k, v] : c.env)
        if (k == name)
            return v;
    return std::nullopt;
}

bool unsets(const util::Command& c, const std::string& name) {
    return std::find(c.unset.begin(), c.unset.end(), name) != c.unset.end();
}

} // namespace

TEST_CASE("terraform runs non-interactively with its data dir where it is told") {
    // Whatever the machine sets: a missing CLI config file is the case under test here.
    ScopedEnv no_config("TF_CLI_CONFIG_FILE", std::nullopt);
    terraform::TerraformTool tool{.env = {{"TF_VAR_region", "eu"}}};
    auto c =
        terraform::terraform_command(tool, {"plan", "-input=false"}, "/ws/infra", "/state/data");
    CHECK(c.argv == std::vector<std::string>{"terraform", "plan", "-input=false"});
    CHECK(c.cwd == "/ws/infra");
    CHECK(env_of(c, "TF_IN_AUTOMATION") == "1");
    CHECK(env_of(c, "TF_INPUT") == "0");
    CHECK(env_of(c, "TF_DATA_DIR") == "/state/data");
    CHECK(env_of(c, "TF_VAR_region") == "eu");
    CHECK(terraform::terraform_command(tool, {"fmt"}, "/ws", "").env.size() == 3);
}

TEST_CASE("a TF_CLI_CONFIG_FILE naming a missing file is dropped, an existing one kept") {
    TempDir d;
    slipway::testing::write_file(d / "empty.tfrc", "");
    {
        ScopedEnv missing("TF_CLI_CONFIG_FILE", (d / "missing.tfrc").string());
        auto c = terraform::terraform_command({}, {"version"}, d.path(), "");
        CHECK(unsets(c, "TF_CLI_CONFIG_FILE"));
        CHECK_FALSE(env_of(c, "TF_CLI_CONFIG_FILE"));
        auto r = util::run_capture(c);
        REQUIRE(r);
        CHECK(r->exit.ok());
        CHECK(r->err.find("Unable to open CLI configuration file") == std::string::npos);
    }
    {
        ScopedEnv present("TF_CLI_CONFIG_FILE", (d / "empty.tfrc").string());
        auto c = terraform::terraform_command({}, {"version"}, d.path(), "");
        CHECK(env_of(c, "TF_CLI_CONFIG_FILE") == (d / "empty.tfrc").string());
        CHECK_FALSE(unsets(c, "TF_CLI_CONFIG_FILE"));
    }
}
