// Tests for manifest/rules: every policy rule passes and fails, with its exact message.
#include "manifest/rules.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace slipway::manifest;
using slipway::Severity;

namespace {

using Check = void (*)(std::string_view, const Tree&, const Object&, const Settings&,
                       slipway::Findings&);

// Runs `rule` on every object of `yaml`; findings as "line:col rule: message".
std::vector<std::string> run(Check rule, std::string_view yaml, const Settings& settings) {
    LoadedFile f = load_yaml("app.yaml", yaml, Limits{});
    REQUIRE(f.findings.empty());
    std::vector<Object> objects;
    slipway::Findings findings;
    extract_objects("app.yaml", f, objects, findings);
    REQUIRE(findings.empty());
    for (const auto& o : objects)
        rule("app.yaml", f.tree, o, settings, findings);
    std::vector<std::string> out;
    for (const auto& x : findings) {
        CHECK(x.path == "app.yaml");
        out.push_back(std::to_string(x.line) + ":" + std::to_string(x.column) + " " + x.rule +
                      ": " + x.message);
    }
    return out;
}

const std::string sha = "3f2a9c1e0b7d4a6f8e2c5b9a1d3f7e0c4b8a6d2e";
const std::string digest = "sha256:" + std::string(64, 'b');

std::string deployment(const std::string& image, const std::string& extra = "") {
    return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: cart\nspec:\n  template:\n"
           "    spec:\n      containers:\n        - name: server\n          image: " +
           image + "\n" + extra;
}

} // namespace

TEST_CASE("image-pinned passes commit SHA tags and sha256 digests") {
    Settings s;
    CHECK(run(check_image_pinned, deployment("registry.example.com/cart:" + sha), s).empty());
    CHECK(run(check_image_pinned, deployment("registry.example.com/cart@" + digest), s).empty());
    CHECK(run(check_image_pinned, deployment("registry.example.com/cart:latest@" + digest), s)
              .empty());
}

TEST_CASE("image-pinned fails a mutable tag") {
    Settings s;
    CHECK(run(check_image_pinned, deployment("registry.example.com/cart:latest"), s) ==
          std::vector<std::string>{"10:18 image-pinned: image \"registry.example.com/cart:latest\" "
                                   "is not pinned; use the commit SHA tag or an @sha256 digest"});
}

TEST_CASE("image-pinned fails a missing tag, even behind a registry port") {
    Settings s;
    CHECK(run(check_image_pinned, deployment("registry:5000/app"), s) ==
          std::vector<std::string>{"10:18 image-pinned: image \"registry:5000/app\" is not pinned "
                                   "(no tag means :latest); use the commit SHA tag or an @sha256 "
                                   "digest"});
}

TEST_CASE("image-pinned fails a short SHA, a bad digest and an invalid reference") {
    Settings s;
    CHECK(run(check_image_pinned, deployment("app:3f2a9c1"), s) ==
          std::vector<std::string>{"10:18 image-pinned: image \"app:3f2a9c1\" is not pinned; use "
                                   "the commit SHA tag or an @sha256 digest"});
    CHECK(run(check_image_pinned, deployment("app@md5:abc"), s) ==
          std::vector<std::string>{"10:18 image-pinned: image \"app@md5:abc\" is not pinned: its "
                                   "digest is not sha256 with 64 hex digits; use the commit SHA "
                                   "tag or an @sha256 digest"});
    CHECK(run(check_image_pinned, deployment("Cart:1"), s) ==
          std::vector<std::string>{"10:18 image-pinned: image \"Cart:1\" is not a valid image "
                                   "reference (the repository Cart may only hold lower-case "
                                   "letters, digits and single separators); write "
                                   "registry/repository:tag"});
}

TEST_CASE("image-pinned fails a container without an image") {
    Settings s;
    CHECK(run(check_image_pinned,
              "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n"
              "  containers:\n  - name: app\n",
              s) ==
          std::vector<std::string>{"6:5 image-pinned: container \"app\" (spec.containers[0]) has "
                                   "no image; set one tagged with the commit SHA or pinned by an "
                                   "@sha256 digest"});
}

TEST_CASE("image-pinned covers init and ephemeral containers of every workload kind") {
    Settings s;
    std::string cronjob = "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n"
                          "  jobTemplate:\n    spec:\n      template:\n        spec:\n"
                          "          initContainers: [{name: i, image: 'busybox:1.36'}]\n"
                          "          containers: [{name: c, image: 'app:" +
                          sha +
                          "'}]\n"
                          "          ephemeralContainers: [{name: e, image: debug}]\n";
    CHECK(run(check_image_pinned, cronjob, s) ==
          std::vector<std::string>{
              "9:45 image-pinned: image \"busybox:1.36\" is not pinned; use the commit SHA tag "
              "or an @sha256 digest",
              "11:50 image-pinned: image \"debug\" is not pinned (no tag means :latest); use "
              "the commit SHA tag or an @sha256 digest"});
    // Not a workload: nothing to check.
    CHECK(run(check_image_pinned,
              "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n"
              "data: {image: nginx}\n",
              s)
              .empty());
}

TEST_CASE("image-registry passes allowed prefixes, on component boundaries") {
    Settings s;
    s.allowed_registries = {"registry.example.com/", "docker.io/library"};
    CHECK(run(check_image_registry, deployment("registry.example.com/cart:" + sha), s).empty());
    CHECK(
        run(check_image_registry, deployment("nginx:1.25"), s).empty()); // docker.io/library/nginx
    CHECK(registry_allows("ghcr.io/acme", "ghcr.io/acme/app:1"));
    CHECK(registry_allows("ghcr.io/acme", "ghcr.io/acme:1"));
    CHECK_FALSE(registry_allows("ghcr.io/acme", "ghcr.io/acme-evil/app"));
    CHECK_FALSE(registry_allows("registry.example.com", "registry.example.com.evil.io/app"));
}

TEST_CASE("image-registry fails other registries, naming the canonical name") {
    Settings s;
    s.allowed_registries = {"registry.example.com/"};
    CHECK(run(check_image_registry, deployment("ghcr.io/evil/cart:1"), s) ==
          std::vector<std::string>{"10:18 image-registry: image \"ghcr.io/evil/cart:1\" is not "
                                   "from an allowed registry; use an image from "
                                   "registry.example.com/"});
    CHECK(run(check_image_registry, deployment("nginx"), s) ==
          std::vector<std::string>{"10:18 image-registry: image \"nginx\" "
                                   "(docker.io/library/nginx) is not from an allowed registry; use "
                                   "an image from registry.example.com/"});
}

TEST_CASE("image-registry with no allowed list finds nothing") {
    CHECK(run(check_image_registry, deployment("anything"), Settings{}).empty());
}

TEST_CASE("denied-kind") {
    Settings s;
    s.denied_kinds = {"v1/Secret"};
    std::string secret =
        "apiVersion: v1\nkind: Secret\nmetadata: {name: db}\nstringData: {pw: x}\n";
    CHECK(run(check_denied_kind, secret, s) ==
          std::vector<std::string>{"2:7 denied-kind: kind \"Secret\" is not allowed here; remove "
                                   "Secret \"db\" or ask an admin to allow the kind"});
    CHECK(run(check_denied_kind, deployment("x"), s).empty());
    s.denied_kinds = {"example.com/Secret"};
    CHECK(run(check_denied_kind, secret, s).empty());
}

TEST_CASE("namespace passes allowed namespaces, patterns, and cluster-scoped kinds") {
    Settings s;
    s.allowed_namespaces = {"shop", "team-*"};
    CHECK(run(check_namespace,
              "apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n"
              "  namespace: team-cart\n",
              s)
              .empty());
    CHECK(run(check_namespace,
              "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\n"
              "metadata: {name: r}\n",
              s)
              .empty());
    s.default_namespace = "shop";
    CHECK(run(check_namespace, deployment("x"), s).empty());
    CHECK(namespace_matches("team-*", "team-"));
    CHECK_FALSE(namespace_matches("team-*", "tea"));
}

TEST_CASE("namespace fails a namespace not allowed") {
    Settings s;
    s.allowed_namespaces = {"shop", "team-*"};
    CHECK(run(check_namespace,
              "apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n"
              "  namespace: kube-system\n",
              s) ==
          std::vector<std::string>{"5:14 namespace: namespace \"kube-system\" is not allowed here; "
                                   "use one of shop, team-*"});
}

TEST_CASE("namespace fails the default namespace when it is not allowed, or when there is none") {
    Settings s;
    s.allowed_namespaces = {"shop"};
    CHECK(run(check_namespace, deployment("x"), s) ==
          std::vector<std::string>{"4:9 namespace: Deployment \"cart\" sets no namespace, so it "
                                   "would go to \"default\", which is not allowed here; set "
                                   "metadata.namespace to one of shop"});
    s.default_namespace = "";
    CHECK(run(check_namespace, deployment("x"), s) ==
          std::vector<std::string>{"4:9 namespace: Deployment \"cart\" sets no namespace and this "
                                   "target has no default; set metadata.namespace to one of shop"});
}

TEST_CASE("namespace checks the name of a Namespace object") {
    Settings s;
    s.allowed_namespaces = {"shop"};
    CHECK(run(check_namespace, "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n", s)
              .empty());
    CHECK(run(check_namespace, "apiVersion: v1\nkind: Namespace\nmetadata: {name: prod}\n", s) ==
          std::vector<std::string>{"3:18 namespace: namespace \"prod\" is not allowed here; create "
                                   "only shop"});
}

TEST_CASE("namespace skips custom cluster-scoped kinds the settings name") {
    Settings s;
    s.allowed_namespaces = {"shop"};
    std::string issuer =
        "apiVersion: cert-manager.io/v1\nkind: ClusterIssuer\nmetadata: {name: i}\n";
    CHECK(run(check_namespace, issuer, s).size() == 1);
    s.cluster_scoped_kinds = {"cert-manager.io/ClusterIssuer"};
    CHECK(run(check_namespace, issuer, s).empty());
}

TEST_CASE("required-labels") {
    Settings s;
    s.labels = {"app", "team"};
    CHECK(run(check_required_labels,
              "apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n"
              "  labels: {app: a, team: t}\n",
              s)
              .empty());
    CHECK(run(check_required_labels,
              "apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n"
              "  labels:\n    app: a\n    team:\n",
              s) ==
          std::vector<std::string>{"6:5 required-labels: missing required label \"team\" in "
                                   "metadata.labels of Service \"a\"; add it"});
    CHECK(run(check_required_labels, "apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n", s) ==
          std::vector<std::string>{
              "4:3 required-labels: missing required label \"app\" in metadata.labels of Service "
              "\"a\"; add it",
              "4:3 required-labels: missing required label \"team\" in metadata.labels of "
              "Service \"a\"; add it"});
}

TEST_CASE("resources passes containers with requests and limits") {
    Settings s;
    std::string ok =
        deployment("x", "          resources:\n            requests: {cpu: 100m, "
                        "memory: 64Mi}\n            limits: {cpu: 1, memory: 128Mi}\n");
    CHECK(run(check_resources, ok, s).empty());
}

TEST_CASE("resources fails a container without them") {
    Settings s;
    CHECK(run(check_resources, deployment("x"), s) ==
          std::vector<std::string>{
              "9:11 resources: container \"server\" (spec.template.spec.containers[0]) has no "
              "resources.requests.cpu, resources.requests.memory, resources.limits.cpu, "
              "resources.limits.memory; set resources.requests and resources.limits for every "
              "container"});
    s.required_limits = {"memory"};
    std::string partial = deployment("x", "          resources:\n            requests: {cpu: 1, "
                                          "memory: 1Gi}\n");
    CHECK(run(check_resources, partial, s) ==
          std::vector<std::string>{
              "12:13 resources: container \"server\" (spec.template.spec.containers[0]) has no "
              "resources.limits.memory; set resources.requests and resources.limits for every "
              "container"});
}

TEST_CASE("deprecated-api") {
    Settings s;
    s.kubernetes_version = "1.29";
    std::string cronjob = "apiVersion: batch/v1beta1\nkind: CronJob\nmetadata: {name: c}\n";
    CHECK(
        run(check_deprecated_api, cronjob, s) ==
        std::vector<std::string>{"1:13 deprecated-api: batch/v1beta1 CronJob is no longer served "
                                 "by Kubernetes 1.29 (removed in 1.25); use apiVersion batch/v1"});
    CHECK(run(check_deprecated_api,
              "apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\n"
              "metadata: {name: p}\n",
              s) ==
          std::vector<std::string>{"1:13 deprecated-api: policy/v1beta1 PodSecurityPolicy is no "
                                   "longer served by Kubernetes 1.29 (removed in 1.25) and has no "
                                   "replacement; remove it"});
    CHECK(run(check_deprecated_api, deployment("x"), s).empty());
    s.kubernetes_version = "1.24";
    CHECK(run(check_deprecated_api, cronjob, s).empty());
    s.kubernetes_version = "";
    CHECK(run(check_deprecated_api, cronjob, s).empty());
}

TEST_CASE("check_policy_rules runs the enabled rules with their severities") {
    Settings s;
    s.image_pinned.severity = Severity::warning;
    s.resources.enabled = false;
    LoadedFile f = load_yaml("app.yaml", deployment("nginx"), Limits{});
    std::vector<Object> objects;
    slipway::Findings findings;
    extract_objects("app.yaml", f, objects, findings);
    check_policy_rules("app.yaml", f.tree, objects.at(0), s, findings);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].rule == "image-pinned");
    CHECK(findings[0].severity == Severity::warning);
    s.image_pinned.enabled = false;
    findings.clear();
    check_policy_rules("app.yaml", f.tree, objects.at(0), s, findings);
    CHECK(findings.empty());
}

TEST_CASE("validate_settings catches what the policy layer got wrong") {
    CHECK(validate_settings(Settings{}));
    Settings s;
    s.kubernetes_version = "one.two";
    CHECK(validate_settings(s).error().message ==
          "Kubernetes version \"one.two\" is not a version like 1.29");
    s = Settings{};
    s.denied_kinds = {"apps/"};
    CHECK(validate_settings(s).error().message ==
          "denied kinds holds \"apps/\", which is not Kind, group/Kind or apiVersion/Kind");
    s = Settings{};
    s.allowed_registries = {""};
    CHECK(validate_settings(s).error().message == "an allowed registry prefix is empty");
}
