// Tests for deploy/environment_config: each policy target becomes the deploy engine's target.
#include "deploy/environment_config.hpp"

#include "deploy_fixture.hpp"
#include "policy/policy.hpp"

using namespace slipway;
using namespace slipway::deploy;
using slipway::testing::TempDir;
using slipway::testing::write_file;

TEST_CASE("policy targets map to deploy targets with their settings") {
    auto policy = policy::parse_policy(R"(version: 1
environments:
  - name: preprod
    refs: refs/heads/master
    targets:
      - terraform: {dirs: [infra/a, infra/b], workspace: ops, allow_destroy: true, timeout: 90}
      - kubernetes:
          paths: [services, extra]
          namespace: shop
          prune: {limit: 3, namespaces: true}
          rollout_timeout: 60
          kubeconfig: /etc/k.conf
          context: pre
          timeout: 30
      - kubernetes: {paths: services}
      - command: {run: [./notify.sh, preprod], timeout: 5}
)",
                                       "p.yaml");
    REQUIRE(policy);
    auto config = environment_config(policy->environments.front());
    CHECK(config.name == "preprod");
    REQUIRE(config.targets.size() == 4);

    const auto& tf = std::get<TerraformTarget>(config.targets[0]);
    REQUIRE(tf.roots.size() == 2);
    CHECK(tf.roots[1].module_dir == "infra/b");
    CHECK(tf.roots[1].workspace == "ops");
    CHECK(tf.allow_destroy == terraform::AllowDestroy::yes);
    CHECK(tf.tool.timeout == std::chrono::seconds(90));

    const auto& apply = std::get<KubernetesTarget>(config.targets[1]);
    CHECK(apply.name == "kubernetes services extra");
    CHECK(apply.default_namespace == "shop");
    REQUIRE(apply.cluster);
    CHECK(apply.cluster->kubeconfig == "/etc/k.conf");
    CHECK(apply.cluster->context == "pre");
    CHECK(apply.cluster->timeout == std::chrono::seconds(30));
    CHECK(apply.prune.limit == 3);
    CHECK(apply.prune.namespaces == Allow::yes);
    CHECK(apply.prune.cluster_scoped == Allow::no);
    CHECK(apply.rollout.enabled == RolloutWait::Enabled::yes);
    CHECK(apply.rollout.timeout == std::chrono::seconds(60));

    const auto& render = std::get<KubernetesTarget>(config.targets[2]);
    CHECK_FALSE(render.cluster);
    CHECK(render.default_namespace == "default");
    CHECK(render.prune.limit == 10);
    CHECK(render.rollout.enabled == RolloutWait::Enabled::no);

    const auto& cmd = std::get<CommandTarget>(config.targets[3]);
    CHECK(cmd.argv == std::vector<std::string>{"./notify.sh", "preprod"});
    CHECK(cmd.timeout == std::chrono::seconds(5));
}

TEST_CASE("the kubernetes target loads the manifests under its paths from the workspace") {
    auto policy = policy::parse_policy(R"(version: 1
environments:
  - name: staging
    refs: refs/heads/feature/*
    targets:
      - kubernetes: {paths: services}
)",
                                       "p.yaml");
    REQUIRE(policy);
    auto config = environment_config(policy->environments.front());
    TempDir ws;
    write_file(ws / "services/cart/cm.yaml",
               "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cart\n");
    write_file(ws / "other/ignored.yaml",
               "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\n");
    auto objects = std::get<KubernetesTarget>(config.targets[0]).load(ws.path());
    REQUIRE(objects);
    REQUIRE(objects->size() == 1);
    CHECK(objects->front().name == "cart");
    CHECK(objects->front().kind == "ConfigMap");

    write_file(ws / "services/bad.yaml", "kind: [\n");
    auto bad = std::get<KubernetesTarget>(config.targets[0]).load(ws.path());
    CHECK_FALSE(bad);
}
