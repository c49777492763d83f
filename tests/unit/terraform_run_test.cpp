// Tests for deploy/terraform with real terraform and terraform_data only (offline).
#include "terraform/run.hpp"

#include "deploy_fixture.hpp"

using namespace slipway;
using namespace slipway;
using namespace slipway::terraform;
using slipway::testing::read_file;
using slipway::testing::ScopedEnv;
using slipway::testing::TempDir;
using slipway::testing::write_file;
namespace fs = std::filesystem;

namespace {

const char* two_resources = R"(resource "terraform_data" "a" {
  input = "a"
}

resource "terraform_data" "b" {
  input = "b"
}
)";

const char* one_resource = R"(resource "terraform_data" "a" {
  input = "a"
}
)";

// A checkout, a state dir and an output with its log, as one environment's deploy has them.
struct Env {
    TempDir dir;
    ScopedEnv cli_config{"TF_CLI_CONFIG_FILE", (dir / "empty.tfrc").string()};
    fs::path checkout = dir / "ws";
    fs::path log = dir / "deploy.log";
    report::Output out = slipway::testing::open_output("infra-ops", log);
    Env() { write_file(dir / "empty.tfrc", ""); }

    terraform::TerraformSettings
    settings(const std::string& env, terraform::AllowDestroy allow = terraform::AllowDestroy::no) {
        return {.state_dir = dir / "state/terraform/infra%2Fnet/state",
                .data_dir = dir / ("state/terraform/infra%2Fnet/data/" + env),
                .allow_destroy = allow};
    }
    void write(const std::string& relative, const std::string& text) {
        write_file(checkout / relative, text);
    }
    std::string log_text() const { return read_file(log); }
    bool logged(const std::string& line) const {
        return log_text().find(line + "\n") != std::string::npos;
    }
};

} // namespace

TEST_CASE("terraform_deploy applies a plan with its state outside the checkout") {
    Env e;
    e.write("infra/net/main.tf", two_resources);
    auto outcome = terraform::terraform_deploy(e.checkout, {"infra/net", "ops"},
                                               e.settings("infra-ops"), e.out);
    INFO(e.log_text());
    REQUIRE(outcome);
    CHECK(outcome->applied);
    CHECK(outcome->plan.add == 2);
    CHECK(outcome->plan.describe() == "2 to add, 0 to change, 0 to destroy");
    CHECK(e.logged("[infra-ops] terraform infra/net (ops): plan"));
    CHECK(e.logged("[infra-ops] Plan: 2 to add, 0 to change, 0 to destroy."));
    CHECK(e.logged("[infra-ops] Apply complete! Resources: 2 added, 0 changed, 0 destroyed."));
    CHECK_FALSE(e.logged("[infra-ops] Initializing the backend..."));

    const auto state =
        e.dir / "state/terraform/infra%2Fnet/state/terraform.tfstate.d/ops/terraform.tfstate";
    CHECK(read_file(state).find("\"terraform_data\"") != std::string::npos);
    CHECK(fs::exists(e.dir / "state/terraform/infra%2Fnet/data/infra-ops/slipway.tfplan"));
    CHECK_FALSE(fs::exists(e.checkout / "infra/net/.terraform"));
    CHECK_FALSE(fs::exists(e.checkout / "infra/net/terraform.tfstate"));
    CHECK_FALSE(fs::exists(e.checkout / "infra/net/terraform.tfstate.d"));

    SECTION("the same configuration again has nothing to apply") {
        auto again = terraform::terraform_deploy(e.checkout, {"infra/net", "ops"},
                                                 e.settings("infra-ops"), e.out);
        REQUIRE(again);
        CHECK_FALSE(again->applied);
        CHECK(again->plan.empty());
        CHECK(e.logged("[infra-ops] terraform infra/net (ops): no changes"));
    }
    SECTION("a plan that destroys is refused unless the environment allows it") {
        e.write("infra/net/main.tf", one_resource);
        auto refused = terraform::terraform_deploy(e.checkout, {"infra/net", "ops"},
                                                   e.settings("infra-ops"), e.out);
        REQUIRE_FALSE(refused);
        CHECK(refused.error().message ==
              "terraform infra/net (ops): the plan destroys 1 resource (terraform_data.b) and "
              "this environment does not allow destroys; nothing was applied");
        CHECK(read_file(state).find("\"name\": \"b\"") != std::string::npos);

        auto allowed = terraform::terraform_deploy(
            e.checkout, {"infra/net", "ops"}, e.settings("infra-ops", terraform::AllowDestroy::yes),
            e.out);
        REQUIRE(allowed);
        CHECK(allowed->applied);
        CHECK(allowed->plan.destroy == 1);
        CHECK(allowed->plan.destroyed == std::vector<std::string>{"terraform_data.b"});
        CHECK(read_file(state).find("\"name\": \"b\"") == std::string::npos);
    }
    SECTION("another workspace of the same module has its own state") {
        auto apps = terraform::terraform_deploy(e.checkout, {"infra/net", "apps"},
                                                e.settings("infra-apps"), e.out);
        REQUIRE(apps);
        CHECK(apps->plan.add == 2);
        CHECK(fs::exists(
            e.dir /
            "state/terraform/infra%2Fnet/state/terraform.tfstate.d/apps/terraform.tfstate"));
    }
}

TEST_CASE("a failing apply says which root module and step failed") {
    Env e;
    e.write("bad/main.tf", R"(resource "terraform_data" "fails" {
  provisioner "local-exec" {
    command = "echo provisioning failed; exit 1"
  }
}
)");
    auto outcome =
        terraform::terraform_deploy(e.checkout, {"bad", "default"}, e.settings("prod"), e.out);
    REQUIRE_FALSE(outcome);
    CHECK(outcome.error().message == "terraform bad (default): apply exited with status 1");
    CHECK(e.logged("[infra-ops] terraform_data.fails (local-exec): provisioning failed"));
}

TEST_CASE("a local backend declared in the repository is redirected out of the checkout") {
    Env e;
    e.write("infra/net/backend.tf",
            "terraform {\n  backend \"local\" {\n    path = \"in-checkout.tfstate\"\n  }\n}\n");
    e.write("infra/net/main.tf", one_resource);
    auto outcome = terraform::terraform_deploy(e.checkout, {"infra/net", "default"},
                                               e.settings("prod"), e.out);
    INFO(e.log_text());
    REQUIRE(outcome);
    CHECK(outcome->applied);
    CHECK_FALSE(fs::exists(e.checkout / "infra/net/in-checkout.tfstate"));
    CHECK(fs::exists(e.dir / "state/terraform/infra%2Fnet/state/terraform.tfstate"));
}

TEST_CASE("a failing init shows its output, which is otherwise held back") {
    Env e;
    e.write("infra/net/main.tf", "resource \"x\" {\n  a = 1 +\n}\n");
    auto outcome =
        terraform::terraform_deploy(e.checkout, {"infra/net", "ops"}, e.settings("ops"), e.out);
    REQUIRE_FALSE(outcome);
    CHECK(outcome.error().message == "terraform infra/net (ops): init exited with status 1");
    CHECK(e.logged("[infra-ops] Error: Invalid expression"));
}

TEST_CASE("a module whose backend cannot be told is not run: its state could go anywhere") {
    Env e;
    e.write("infra/net/main.tf", "resource \"terraform_data\" \"a\" {\n  input = \n}\n");
    auto outcome =
        terraform::terraform_deploy(e.checkout, {"infra/net", "ops"}, e.settings("ops"), e.out);
    REQUIRE_FALSE(outcome);
    CHECK(outcome.error().message ==
          "terraform infra/net (ops): cannot tell where its state goes: cannot read main.tf: line "
          "2: the attribute `input` has no value");
    CHECK_FALSE(e.logged("init"));
}

TEST_CASE("terraform_plan reports the counts and applies nothing") {
    Env e;
    e.write("infra/net/main.tf", two_resources);
    auto counts =
        terraform::terraform_plan(e.checkout, {"infra/net", "ops"}, e.settings("plan"), e.out);
    REQUIRE(counts);
    CHECK(counts->add == 2);
    CHECK_FALSE(e.logged("[infra-ops] terraform infra/net (ops): apply"));
    CHECK_FALSE(fs::exists(
        e.dir / "state/terraform/infra%2Fnet/state/terraform.tfstate.d/ops/terraform.tfstate"));
}

TEST_CASE("bad root module settings are refused before terraform runs") {
    Env e;
    e.write("infra/net/main.tf", one_resource);
    auto ws =
        terraform::terraform_deploy(e.checkout, {"infra/net", "-chdir=/"}, e.settings("x"), e.out);
    REQUIRE_FALSE(ws);
    CHECK(ws.error().message ==
          "terraform infra/net (-chdir=/): \"-chdir=/\" is not a valid Terraform workspace name");
    auto dir =
        terraform::terraform_deploy(e.checkout, {"../outside", "ops"}, e.settings("x"), e.out);
    REQUIRE_FALSE(dir);
    CHECK(dir.error().message ==
          "terraform ../outside (ops): directory \"../outside\" must not contain \"..\"");
}

TEST_CASE("parse_plan_counts counts replacements as add and destroy") {
    auto counts = terraform::parse_plan_counts(R"({"format_version": "1.2", "resource_changes": [
        {"address": "a.x", "change": {"actions": ["delete", "create"]}},
        {"address": "a.y", "change": {"actions": ["update"]}},
        {"address": "a.z", "change": {"actions": ["no-op"]}},
        {"address": "a.w", "change": {"actions": ["create"]}}]})");
    REQUIRE(counts);
    CHECK(counts->add == 2);
    CHECK(counts->change == 1);
    CHECK(counts->destroy == 1);
    CHECK(counts->destroyed == std::vector<std::string>{"a.x"});

    auto bad = terraform::parse_plan_counts("[1, 2]");
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message == "the plan is not a Terraform JSON plan");
}
