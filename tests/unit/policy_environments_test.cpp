// Tests for policy/environments: targets of each kind, promotion chains, mistakes at line:col.
#include "policy/policy.hpp"

#include <catch2/catch.hpp>

using namespace slipway::policy;

namespace {

std::string errors_of(const std::string& environments) {
    auto p = parse_policy("version: 1\nenvironments:\n" + environments, "p.yaml");
    REQUIRE_FALSE(p);
    return p.error().message;
}

} // namespace

TEST_CASE("environments with every kind of target parse") {
    auto p = parse_policy(R"(version: 1
groups:
  release: [alice]
environments:
  - name: preprod
    refs: refs/heads/master
    targets:
      - kubernetes:
          paths: [services/]
          namespace: shop
          prune: {limit: 3, namespaces: true}
          rollout_timeout: 90
      - terraform: {dirs: [infra/preprod], workspace: ops}
      - command: {run: [./notify.sh, preprod], timeout: 30}
  - name: prod
    refs: [refs/tags/v*]
    promote_from: preprod
    deployers: ["@release"]
    targets:
      - kubernetes: {paths: services, kubeconfig: /etc/slipway/prod.kubeconfig, context: prod}
)",
                          "p.yaml");
    REQUIRE(p);
    REQUIRE(p->environments.size() == 2);
    const auto& pre = p->environments[0];
    REQUIRE(pre.targets.size() == 3);
    const auto& k = std::get<KubernetesTarget>(pre.targets[0].spec);
    CHECK(k.paths == std::vector<std::string>{"services"});
    CHECK(k.default_namespace == "shop");
    CHECK(k.prune_limit == 3);
    CHECK(k.prune_namespaces);
    CHECK_FALSE(k.prune_cluster_scoped);
    CHECK(k.rollout_timeout == std::chrono::seconds(90));
    CHECK_FALSE(k.kubeconfig);
    CHECK(std::string(pre.targets[1].kind()) == "terraform");
    CHECK(std::get<TerraformTarget>(pre.targets[1].spec).workspace == "ops");
    CHECK(std::get<CommandTarget>(pre.targets[2].spec).argv ==
          std::vector<std::string>{"./notify.sh", "preprod"});
    const auto& prod = p->environments[1];
    CHECK(prod.promote_from == std::optional<std::string>("preprod"));
    CHECK(std::get<KubernetesTarget>(prod.targets[0].spec).kubeconfig ==
          std::optional<std::string>("/etc/slipway/prod.kubeconfig"));

    CHECK(environments_for(p->environments, "refs/heads/master").size() == 1);
    CHECK(environments_for(p->environments, "refs/tags/v1.0.0")[0]->name == "prod");
    CHECK(environments_for(p->environments, "refs/heads/feature/x").empty());
}

TEST_CASE("environment mistakes are reported where they are") {
    CHECK(errors_of("  - name: Prod\n    refs: refs/heads/master\n    targets: []\n") ==
          "p.yaml:3:11: environment name \"Prod\" must be lowercase letters, digits and '-' (it "
          "names refs/slipway/deployed/<env>)");
    CHECK(errors_of("  - name: prod\n    refs: refs/tags/*\n    promote_from: preprd\n"
                    "    targets:\n      - command: {run: [true]}\n") ==
          "p.yaml:5:19: promote_from names unknown environment \"preprd\"");
    CHECK(errors_of("  - name: a\n    refs: refs/heads/a\n    targets:\n"
                    "      - terraform: {dirs: [../etc]}\n") ==
          "p.yaml:6:27: dirs entry \"../etc\" must be a path inside the repository (relative, "
          "without ..)");
    CHECK(errors_of("  - name: a\n    refs: refs/heads/a\n    targets:\n"
                    "      - command: {run: 'deploy.sh && rm -rf /'}\n") ==
          "p.yaml:6:18: command target needs \"run\": the program and its arguments as a list (no "
          "shell), e.g. [./deploy.sh, staging]");
    CHECK(errors_of("  - name: a\n    refs: refs/heads/a\n    targets:\n"
                    "      - kubernetes: {paths: [k8s]}\n        terraform: {dirs: [tf]}\n") ==
          "p.yaml:6:9: a target is exactly one of kubernetes:, terraform: or command:");
    CHECK(errors_of("  - name: a\n    refs: refs/slipway/deployed/a\n    targets:\n"
                    "      - command: {run: [x]}\n") ==
          "p.yaml:4:11: refs entry \"refs/slipway/deployed/a\" must be a full ref name or glob "
          "under refs/ (not refs/slipway/)");
}

TEST_CASE("promotion cycles and self-promotion are refused") {
    auto cyc = errors_of(
        "  - {name: a, refs: refs/heads/a, promote_from: b, targets: [{command: {run: [x]}}]}\n"
        "  - {name: b, refs: refs/heads/b, promote_from: a, targets: [{command: {run: [x]}}]}\n");
    CHECK(cyc.find("forms a cycle: no commit could ever enter it") != std::string::npos);
    CHECK(errors_of("  - {name: a, refs: refs/heads/a, promote_from: a, targets: [{command: {run: "
                    "[x]}}]}\n") == "p.yaml:3:49: environment \"a\" cannot promote from itself");
}

TEST_CASE("promote_from takes {env, require}, and the plain string is require: ever") {
    auto p = parse_policy(R"(version: 1
environments:
  - {name: preprod, refs: refs/heads/master, targets: [{command: {run: [x]}}]}
  - name: prod
    refs: refs/tags/v*
    promote_from: {env: preprod, require: current}
    targets: [{command: {run: [x]}}]
  - name: dr
    refs: refs/tags/dr-*
    promote_from: {env: preprod}
    targets: [{command: {run: [x]}}]
  - {name: old, refs: refs/tags/o-*, promote_from: preprod, targets: [{command: {run: [x]}}]}
)",
                          "p.yaml");
    REQUIRE(p);
    CHECK(p->environments[1].promote_from == std::optional<std::string>("preprod"));
    CHECK(p->environments[1].promote_require == PromotionRequirement::current);
    CHECK(p->environments[2].promote_require == PromotionRequirement::ever);
    CHECK(p->environments[3].promote_from == std::optional<std::string>("preprod"));
    CHECK(p->environments[3].promote_require == PromotionRequirement::ever);
}

TEST_CASE("promote_from mistakes in the mapping form are reported where they are") {
    const std::string pre = "  - {name: preprod, refs: refs/heads/m, targets: [{command: "
                            "{run: [x]}}]}\n";
    CHECK(errors_of(pre + "  - name: prod\n    refs: refs/tags/*\n    promote_from: {env: "
                          "preprod, require: latest}\n    targets: [{command: {run: [x]}}]\n") ==
          "p.yaml:6:43: promote_from require is `ever` (deployed there successfully at some "
          "point, the default) or `current` (the commit deployed there now), not \"latest\"");
    CHECK(errors_of(pre + "  - name: prod\n    refs: refs/tags/*\n    promote_from: {require: "
                          "current}\n    targets: [{command: {run: [x]}}]\n") ==
          "p.yaml:6:19: promote_from needs \"env\" (the environment commits come from)");
    CHECK(errors_of(pre + "  - name: prod\n    refs: refs/tags/*\n    promote_from: {env: "
                          "preprd}\n    targets: [{command: {run: [x]}}]\n") ==
          "p.yaml:6:25: promote_from names unknown environment \"preprd\"");
}
