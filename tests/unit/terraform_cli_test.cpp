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

TEST_CASE("the push-time CLI configuration installs providers from the mirror only") {
    CHECK(push_time_cli_config("/srv/tf mirror") ==
          "# Written by Slipway for push-time checks: providers come from this mirror only.\n"
          "disable_checkpoint = true\n"
          "provider_installation {\n"
          "  filesystem_mirror {\n"
          "    path = \"/srv/tf mirror\"\n"
          "  }\n"
          "}\n");
    // A path is a literal: quotes, backslashes and template starts cannot escape it.
    CHECK(push_time_cli_config("/a\"b\\c/${x}/%{y}")
              .find("    path = \"/a\\\"b\\\\c/$${x}/%%{y}\"\n") != std::string::npos);
}

TEST_CASE("writable_copy copies a module, links as links, to be laid over the original") {
    TempDir d;
    slipway::testing::write_file(d / "tree/infra/main.tf",
                                 "resource \"terraform_data\" \"a\" {}\n");
    std::filesystem::create_symlink("main.tf", d / "tree/infra/link.tf");
    auto m = writable_copy(d / "tree/infra", d / "scratch/infra.module");
    REQUIRE(m);
    CHECK(m->source == d / "scratch/infra.module");
    CHECK(m->target == d / "tree/infra");
    CHECK(m->access == util::Access::writable);
    CHECK(std::filesystem::is_regular_file(d / "scratch/infra.module/main.tf"));
    CHECK(std::filesystem::is_symlink(d / "scratch/infra.module/link.tf"));

    auto missing = writable_copy(d / "tree/nope", d / "scratch/nope.module");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().message.starts_with("cannot copy " + (d / "tree/nope").string()));
}
