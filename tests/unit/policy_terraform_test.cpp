// Tests for policy/terraform: the push-time Terraform checks' settings, defaults and mistakes.
#include "policy/policy.hpp"

#include <catch2/catch.hpp>

using namespace slipway::policy;

namespace {

std::string errors_of(const std::string& section) {
    auto p = parse_policy("version: 1\ngroups:\n  ops: [alice]\nterraform:\n" + section, "p.yaml");
    REQUIRE_FALSE(p);
    return p.error().message;
}

} // namespace

TEST_CASE("without a terraform section, fmt and validate run and nobody gets a plan") {
    auto p = parse_policy("version: 1\n", "p.yaml");
    REQUIRE(p);
    CHECK(p->terraform.fmt);
    CHECK(p->terraform.validate);
    CHECK_FALSE(p->terraform.plan);
    CHECK(p->terraform.timeout == std::chrono::seconds(300));
}

TEST_CASE("a terraform section with every key parses") {
    auto p = parse_policy(R"(version: 1
groups:
  ops: [alice]
terraform:
  fmt: false
  validate: true
  timeout: 60
  plan:
    pushers: ["@ops", carol]
    workspace: ops
)",
                          "p.yaml");
    REQUIRE(p);
    CHECK_FALSE(p->terraform.fmt);
    CHECK(p->terraform.validate);
    CHECK(p->terraform.timeout == std::chrono::seconds(60));
    REQUIRE(p->terraform.plan);
    CHECK(p->terraform.plan->pushers == std::vector<std::string>{"@ops", "carol"});
    CHECK(p->terraform.plan->workspace == std::optional<std::string>("ops"));
    CHECK(p->principals.includes(p->terraform.plan->pushers, "alice"));
}

TEST_CASE("terraform section mistakes are reported at line:col") {
    CHECK(errors_of("  fmtt: true\n") ==
          "p.yaml:5:3: unknown key \"fmtt\" in terraform (did you mean \"fmt\"?)");
    CHECK(errors_of("  plan: {workspace: ops}\n") ==
          "p.yaml:5:9: terraform plan needs \"pushers\": a plan runs code from the pushed tree, "
          "so only the users and @groups listed there get one");
    CHECK(errors_of("  plan: {pushers: [\"@nobody\"]}\n") ==
          "p.yaml:5:19: unknown group \"nobody\" (define it under groups:)");
    CHECK(errors_of("  plan: {pushers: [alice], workspace: Ops_1}\n") ==
          "p.yaml:5:39: workspace \"Ops_1\" must be lowercase letters, digits and '-'");
    CHECK(errors_of("  validate: yes\n") == "p.yaml:5:13: validate must be true or false");
}

TEST_CASE("plugin_mirror and plan env: where push-time providers come from, what a plan gets") {
    auto p = parse_policy(R"(version: 1
terraform:
  plugin_mirror: /srv/terraform/mirror
  plan:
    pushers: [alice]
    env: [AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY]
)",
                          "p.yaml");
    REQUIRE(p);
    CHECK(p->terraform.plugin_mirror == std::optional<std::string>("/srv/terraform/mirror"));
    CHECK(p->terraform.plan->env ==
          std::vector<std::string>{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"});
    auto defaults = parse_policy("version: 1\n", "p.yaml");
    REQUIRE(defaults);
    CHECK_FALSE(defaults->terraform.plugin_mirror);

    CHECK(errors_of("  plugin_mirror: mirror\n") ==
          "p.yaml:5:18: plugin_mirror \"mirror\" must be an absolute path on the server (a "
          "provider mirror or plugin cache directory)");
    CHECK(errors_of("  plan: {pushers: [alice], env: [AWS_KEY, \"1X\", \"A=B\"]}\n") ==
          "p.yaml:5:33: terraform plan env: \"1X\" is not the name of an environment variable\n"
          "p.yaml:5:33: terraform plan env: \"A=B\" is not the name of an environment variable");
}
