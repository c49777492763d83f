// E2E: the kubernetes target with a cluster (a recording fake kubectl first on PATH, or a real
// cluster with SLIPWAY_TEST_KUBECONFIG): apply, prune within the limit, beyond it only when
// the push says so.
#include "support/deploys.hpp"
#include "support/sandbox.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>

using namespace slipway::e2e;
using Lines = std::vector<std::string>;

namespace {

const std::string services = std::string(SLIPWAY_SOURCE_DIR) + "/templates/deployment/services";

// server.git deploying master's services/ to a cluster reached through `kubeconfig`.
void seed(Sandbox& sb, const std::string& kubeconfig, int prune_limit) {
    sb.seeded(R"(version: 1
environments:
  - name: preprod
    refs: refs/heads/master
    targets:
      - kubernetes:
          paths: [services]
          namespace: shop
          kubeconfig: )" +
              kubeconfig + R"(
          prune: {limit: )" +
              std::to_string(prune_limit) + "}\n");
    sb.ok("cp -R " + quote(services) +
          " work/services && cd work && git add -A && "
          "git commit -qm 'three services'");
}

} // namespace

TEST_CASE("kubernetes apply: prune within the limit, beyond it only with -o slipway.prune") {
    Sandbox sb;
    sb.ok("mkdir bin && ln -s " +
          quote(std::string(SLIPWAY_SOURCE_DIR) + "/tests/support/fake-kubectl") + " bin/kubectl");
    const std::map<std::string, std::string> env{
        {"GL_USERNAME", "alice"},
        {"PATH", (sb.root() / "bin").string() + ":" + Sandbox::bin("") + ":" + std::getenv("PATH")},
        {"SLIPWAY_FAKE_KUBECTL_LOG", (sb.root() / "kubectl.log").string()}};
    seed(sb, "/etc/slipway/preprod.kubeconfig", 2);

    auto first = sb.sh("git push origin master", env, "work");
    REQUIRE(first.exit_code == 0);
    CHECK(timeless(first.remote()) ==
          Lines{"slipway: push accepted — 1 ref update checked",
                "[preprod] kubectl apply of 6 objects in namespace shop",
                "[preprod] deployment/cart serverside-applied",
                "[preprod] service/cart serverside-applied",
                "[preprod] deployment/frontend serverside-applied",
                "[preprod] service/frontend serverside-applied",
                "[preprod] deployment/payments serverside-applied",
                "[preprod] service/payments serverside-applied",
                "[preprod] kubernetes: applied 6 objects, pruned 0",
                "[preprod] deployed " + short_rev(sb, "HEAD") +
                    " in Ns (6 applied, 0 pruned, 6 changed)"});
    CHECK(sb.ok("sed 's/ -f [^ ]* / -f FILE /' kubectl.log") ==
          "apply --server-side --field-manager=slipway -f FILE "
          "--kubeconfig=/etc/slipway/preprod.kubeconfig --namespace=shop\n");

    // One service removed: 2 objects, within the limit of 2.
    sb.ok(": > kubectl.log");
    auto within = sb.sh("git rm -rq services/payments && git commit -qm 'retire payments' && "
                        "git push origin master",
                        env, "work");
    REQUIRE(within.exit_code == 0);
    CHECK(timeless(within.remote()) ==
          Lines{"slipway: push accepted — 1 ref update checked",
                "[preprod] kubectl apply of 4 objects in namespace shop",
                "[preprod] deployment/cart serverside-applied",
                "[preprod] service/cart serverside-applied",
                "[preprod] deployment/frontend serverside-applied",
                "[preprod] service/frontend serverside-applied",
                "[preprod] pruning Deployment shop/payments",
                "[preprod] deployment.v1.apps/payments deleted",
                "[preprod] pruning Service shop/payments", "[preprod] service/payments deleted",
                "[preprod] kubernetes: applied 4 objects, pruned 2 (Deployment shop/payments, "
                "Service shop/payments)",
                "[preprod] deployed " + short_rev(sb, "HEAD") +
                    " in Ns (4 applied, 2 pruned, 4 changed)"});
    CHECK(sb.ok("grep '^delete' kubectl.log") ==
          "delete --ignore-not-found=true --wait=false deployment.v1.apps/payments "
          "--kubeconfig=/etc/slipway/preprod.kubeconfig --namespace=shop\n"
          "delete --ignore-not-found=true --wait=false service/payments "
          "--kubeconfig=/etc/slipway/preprod.kubeconfig --namespace=shop\n");

    // Two more: 4 objects, beyond the limit: nothing is applied, the deployed ref stays.
    sb.ok(": > kubectl.log");
    const auto deployed = rev(sb, "HEAD");
    auto beyond = sb.sh("git rm -rq services/cart services/frontend && mkdir -p services/keep && "
                        "printf 'apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: keep\\n' > "
                        "services/keep/cm.yaml && git add -A && git commit -qm 'only keep' && "
                        "git push origin master",
                        env, "work");
    REQUIRE(beyond.exit_code == 0);
    const auto refused = short_rev(sb, "HEAD");
    CHECK(timeless(beyond.remote()) ==
          Lines{"slipway: push accepted — 1 ref update checked",
                "[preprod] deploy of " + refused +
                    " FAILED after Ns (0 applied, 0 pruned, 0 changed): kubernetes: pruning 4 "
                    "objects (Deployment shop/cart, Service shop/cart, Deployment shop/frontend, "
                    "Service shop/frontend) is more than this environment's limit of 2; push with "
                    "-o slipway.prune=4 to allow it"});
    CHECK(sb.ok("cat kubectl.log").empty());
    CHECK(rev(sb, "refs/slipway/deployed/preprod", "server.git") == deployed);

    // The push option raises the limit for that push.
    auto allowed = sb.sh("git commit -q --allow-empty -m 'prune them' && "
                         "git push -o slipway.prune=4 origin master",
                         env, "work");
    REQUIRE(allowed.exit_code == 0);
    CHECK(in_order(timeless(allowed.remote()),
                   {"[preprod] configmap/keep serverside-applied",
                    "[preprod] deployment.v1.apps/cart deleted",
                    "[preprod] kubernetes: applied 1 objects, pruned 4 (Deployment shop/cart, "
                    "Service shop/cart, Deployment shop/frontend, Service shop/frontend)",
                    "[preprod] deployed " + short_rev(sb, "HEAD") +
                        " in Ns (1 applied, 4 pruned, 1 changed)"}));
    auto deploys = recorded_deploys(sb.root() / "server.git");
    REQUIRE(deploys.size() == 4);
    CHECK(deploys[2].state() == "failure");
    CHECK(deploys[3].end->pruned == Lines{"Deployment shop/cart", "Service shop/cart",
                                          "Deployment shop/frontend", "Service shop/frontend"});

    auto bad = sb.sh("git commit -q --allow-empty -m again && "
                     "git push -o slipway.prune=lots origin master",
                     env, "work");
    CHECK(bad.remote().at(1) == "slipway: warning: push option slipway.prune=lots must be a number "
                                "of objects or \"all\"; this environment's own prune limit "
                                "applies");
}

TEST_CASE("kubernetes apply against a real cluster, when SLIPWAY_TEST_KUBECONFIG names one") {
    const char* kubeconfig = std::getenv("SLIPWAY_TEST_KUBECONFIG");
    if (kubeconfig == nullptr || *kubeconfig == '\0') {
        SUCCEED("SLIPWAY_TEST_KUBECONFIG is not set: no cluster to deploy to");
        return;
    }
    Sandbox sb;
    seed(sb, kubeconfig, 10);
    auto run = sb.sh("kubectl --kubeconfig=" + quote(kubeconfig) +
                         " create namespace shop --dry-run=client -o yaml | kubectl --kubeconfig=" +
                         quote(kubeconfig) + " apply -f - >/dev/null && git push origin master",
                     {{"GL_USERNAME", "alice"}}, "work");
    REQUIRE(run.exit_code == 0);
    CHECK(in_order(timeless(run.remote()), {"[preprod] kubernetes: applied 6 objects, pruned 0",
                                            "[preprod] deployed " + short_rev(sb, "HEAD") +
                                                " in Ns (6 applied, 0 pruned, " + "6 changed)"}));
}
