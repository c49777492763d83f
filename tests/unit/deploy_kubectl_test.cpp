// Tests for deploy/kubectl against tests/support/fake-kubectl (a recording stand-in on PATH),
// and against a real cluster when SLIPWAY_TEST_KUBECONFIG names one.
#include "deploy/kubectl.hpp"

#include "deploy_fixture.hpp"

#include <unistd.h>

using namespace slipway;
using namespace slipway::deploy;
using slipway::testing::read_file;
using slipway::testing::ScopedEnv;
using slipway::testing::TempDir;
namespace fs = std::filesystem;

namespace {

std::string doc(const std::string& api, const std::string& kind, const std::string& ns,
                const std::string& name) {
    std::string t =
        "apiVersion: " + api + "\nkind: " + kind + "\nmetadata:\n  name: " + name + "\n";
    if (!ns.empty())
        t += "  namespace: " + ns + "\n";
    return t;
}

KubeObject obj(const std::string& api, const std::string& kind, const std::string& ns,
               const std::string& name) {
    return {api, kind, ns, name, doc(api, kind, ns, name)};
}

std::string fake_kubectl() {
    return (fs::path(SLIPWAY_SOURCE_DIR) / "tests/support/fake-kubectl").string();
}

// The fake first on PATH (as `kubectl`), recording into a log; a state dir for one env.
struct Cluster {
    TempDir dir;
    ScopedEnv path{"PATH", (dir / "bin").string() + ":" + std::getenv("PATH")};
    ScopedEnv log_env{"SLIPWAY_FAKE_KUBECTL_LOG", (dir / "kubectl.log").string()};
    ScopedEnv no_fail{"SLIPWAY_FAKE_KUBECTL_FAIL", std::nullopt};
    fs::path output_log = dir / "deploy.log";
    report::Output out = slipway::testing::open_output("prod", output_log);
    KubectlSettings settings{
        .cluster = {.kubeconfig = "/etc/slipway/prod.kubeconfig", .context = "prod"},
        .default_namespace = "shop",
        .inventory_file = dir / "inventory/prod.tsv",
        .scratch_dir = dir / "tmp"};

    Cluster() {
        fs::create_directories(dir / "bin");
        fs::create_symlink(fake_kubectl(), dir / "bin/kubectl");
    }
    // The kubectl invocations so far, one per element; the log is then emptied.
    std::vector<std::string> calls() {
        std::vector<std::string> lines;
        std::istringstream in(read_file(dir / "kubectl.log"));
        std::string line;
        while (std::getline(in, line))
            lines.push_back(line);
        fs::remove(dir / "kubectl.log");
        return lines;
    }
    std::string apply_call(const std::string& ns) const {
        return "apply --server-side --field-manager=slipway -f " +
               (dir / ("tmp/objects-" + std::to_string(::getpid()) + ".yaml")).string() +
               " --kubeconfig=/etc/slipway/prod.kubeconfig --context=prod" +
               (ns.empty() ? "" : " --namespace=" + ns);
    }
    std::string logged() const { return read_file(output_log); }
};

const std::string conn = " --kubeconfig=/etc/slipway/prod.kubeconfig --context=prod";

} // namespace

TEST_CASE("kubectl_deploy applies server-side per namespace and records the inventory") {
    Cluster c;
    std::vector<KubeObject> objects{obj("apps/v1", "Deployment", "", "web"),
                                    obj("v1", "Namespace", "", "shop"),
                                    obj("v1", "Service", "payments", "api")};
    auto out = kubectl_deploy(objects, c.settings, c.out);
    INFO(c.logged());
    REQUIRE(out);
    CHECK(out->applied == 3);
    CHECK(out->pruned.empty());
    CHECK(c.calls() == std::vector<std::string>{c.apply_call(""), c.apply_call("shop"),
                                                c.apply_call("payments")});
    CHECK(c.logged().find("[prod] deployment/web serverside-applied\n") != std::string::npos);
    CHECK_FALSE(fs::exists(c.dir / ("tmp/objects-" + std::to_string(::getpid()) + ".yaml")));

    auto inventory = read_inventory(c.settings.inventory_file);
    REQUIRE(inventory);
    CHECK(*inventory == std::vector<ObjectRef>{{"apps/v1", "Deployment", "shop", "web"},
                                               {"v1", "Namespace", "", "shop"},
                                               {"v1", "Service", "payments", "api"}});
}

TEST_CASE("a removed service is pruned, and a namespace is kept unless the policy allows it") {
    Cluster c;
    REQUIRE(kubectl_deploy({obj("v1", "Namespace", "", "legacy"),
                            obj("apps/v1", "Deployment", "shop", "web"),
                            obj("apps/v1", "Deployment", "legacy", "billing"),
                            obj("v1", "Service", "legacy", "billing")},
                           c.settings, c.out));
    c.calls();

    auto out = kubectl_deploy({obj("apps/v1", "Deployment", "shop", "web")}, c.settings, c.out);
    INFO(c.logged());
    REQUIRE(out);
    CHECK(out->pruned == std::vector<ObjectRef>{{"apps/v1", "Deployment", "legacy", "billing"},
                                                {"v1", "Service", "legacy", "billing"}});
    CHECK(out->not_pruned == std::vector<ObjectRef>{{"v1", "Namespace", "", "legacy"}});
    CHECK(c.calls() ==
          std::vector<std::string>{
              c.apply_call("shop"),
              "delete --ignore-not-found=true --wait=false deployment.v1.apps/billing" + conn +
                  " --namespace=legacy",
              "delete --ignore-not-found=true --wait=false service/billing" + conn +
                  " --namespace=legacy"});
    CHECK(c.logged().find("[prod] not pruning Namespace legacy: this environment does not allow "
                          "deleting namespaces; delete it by hand if it is no longer needed\n") !=
          std::string::npos);
    CHECK(out->inventory == std::vector<ObjectRef>{{"apps/v1", "Deployment", "shop", "web"}});
}

TEST_CASE("a prune over the limit applies nothing") {
    Cluster c;
    REQUIRE(
        kubectl_deploy({obj("v1", "ConfigMap", "shop", "a"), obj("v1", "ConfigMap", "shop", "b")},
                       c.settings, c.out));
    c.calls();
    c.settings.prune.limit = 1;
    auto out = kubectl_deploy({obj("v1", "ConfigMap", "shop", "c")}, c.settings, c.out);
    REQUIRE_FALSE(out);
    CHECK(out.error().message ==
          "pruning 2 objects (ConfigMap shop/a, ConfigMap shop/b) is more than this "
          "environment's limit of 1; push with -o slipway.prune=2 to allow it");
    CHECK(c.calls().empty());
    c.settings.prune.pusher_limit = 2;
    auto allowed = kubectl_deploy({obj("v1", "ConfigMap", "shop", "c")}, c.settings, c.out);
    REQUIRE(allowed);
    CHECK(allowed->pruned.size() == 2);
}

TEST_CASE("a failed apply says so and keeps old and new objects in the inventory") {
    Cluster c;
    REQUIRE(kubectl_deploy({obj("v1", "ConfigMap", "shop", "old")}, c.settings, c.out));
    ScopedEnv fail_apply("SLIPWAY_FAKE_KUBECTL_FAIL", "apply");
    auto out = kubectl_deploy({obj("v1", "ConfigMap", "shop", "new")}, c.settings, c.out);
    REQUIRE_FALSE(out);
    CHECK(out.error().message == "kubectl apply exited with status 1");
    CHECK(c.logged().find("[prod] error: the server rejected the request (fake failure on "
                          "\"apply\")\n") != std::string::npos);
    auto inventory = read_inventory(c.settings.inventory_file);
    REQUIRE(inventory);
    CHECK(*inventory == std::vector<ObjectRef>{{"v1", "ConfigMap", "shop", "new"},
                                               {"v1", "ConfigMap", "shop", "old"}});
}

TEST_CASE("a failed delete keeps the object in the inventory for the next deploy") {
    Cluster c;
    REQUIRE(kubectl_deploy({obj("v1", "ConfigMap", "shop", "keep"),
                            obj("v1", "ConfigMap", "shop", "stuck"),
                            obj("v1", "ConfigMap", "shop", "gone")},
                           c.settings, c.out));
    {
        ScopedEnv fail_delete("SLIPWAY_FAKE_KUBECTL_FAIL", "configmap/stuck");
        auto out = kubectl_deploy({obj("v1", "ConfigMap", "shop", "keep")}, c.settings, c.out);
        REQUIRE_FALSE(out);
        CHECK(out.error().message == "kubectl delete of ConfigMap shop/stuck exited with status 1");
        auto inventory = read_inventory(c.settings.inventory_file);
        REQUIRE(inventory);
        CHECK(*inventory == std::vector<ObjectRef>{{"v1", "ConfigMap", "shop", "keep"},
                                                   {"v1", "ConfigMap", "shop", "stuck"}});
    }
    auto retry = kubectl_deploy({obj("v1", "ConfigMap", "shop", "keep")}, c.settings, c.out);
    REQUIRE(retry);
    CHECK(retry->pruned == std::vector<ObjectRef>{{"v1", "ConfigMap", "shop", "stuck"}});
}

TEST_CASE("rollout status is awaited for workloads when asked") {
    Cluster c;
    c.settings.rollout = {RolloutWait::Enabled::yes, std::chrono::seconds(90)};
    auto out =
        kubectl_deploy({obj("apps/v1", "Deployment", "", "web"), obj("v1", "Service", "", "web"),
                        obj("apps/v1", "StatefulSet", "", "db")},
                       c.settings, c.out);
    REQUIRE(out);
    auto calls = c.calls();
    REQUIRE(calls.size() == 3);
    CHECK(calls[1] ==
          "rollout status --timeout=90s deployment.v1.apps/web" + conn + " --namespace=shop");
    CHECK(calls[2] ==
          "rollout status --timeout=90s statefulset.v1.apps/db" + conn + " --namespace=shop");

    ScopedEnv fail_rollout("SLIPWAY_FAKE_KUBECTL_FAIL", "rollout");
    auto failed = kubectl_deploy({obj("apps/v1", "Deployment", "", "web")}, c.settings, c.out);
    REQUIRE_FALSE(failed);
    CHECK(failed.error().message == "rollout of Deployment shop/web exited with status 1");
}

TEST_CASE("against a real cluster: apply then prune (runs when SLIPWAY_TEST_KUBECONFIG is set)") {
    const char* kubeconfig = std::getenv("SLIPWAY_TEST_KUBECONFIG");
    if (!kubeconfig || !*kubeconfig) {
        WARN("SLIPWAY_TEST_KUBECONFIG is not set: no real cluster test");
        return;
    }
    TempDir dir;
    const std::string ns = "slipway-test-" + std::to_string(::getpid());
    auto output = report::Output::open({.environment = "real", .pusher_fd = 2});
    REQUIRE(output);
    KubectlSettings s{.cluster = {.kubeconfig = kubeconfig},
                      .default_namespace = ns,
                      .inventory_file = dir / "inv.tsv",
                      .scratch_dir = dir / "tmp",
                      .prune = {.namespaces = Allow::yes}};
    auto first = kubectl_deploy({obj("v1", "Namespace", "", ns), obj("v1", "ConfigMap", "", "a"),
                                 obj("v1", "ConfigMap", "", "b")},
                                s, *output);
    REQUIRE(first);
    CHECK(first->applied == 3);
    auto second = kubectl_deploy({obj("v1", "Namespace", "", ns), obj("v1", "ConfigMap", "", "a")},
                                 s, *output);
    REQUIRE(second);
    CHECK(second->pruned == std::vector<ObjectRef>{{"v1", "ConfigMap", ns, "b"}});
    auto cleanup = kubectl_deploy({}, s, *output);
    REQUIRE(cleanup);
    CHECK(cleanup->pruned.size() == 2);
}
