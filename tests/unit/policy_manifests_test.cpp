// Tests for policy/manifests: the manifests: section, its overrides and the units a ref judges.
#include "policy/manifests.hpp"
#include "policy/policy.hpp"

#include <catch2/catch.hpp>

using namespace slipway;
using namespace slipway::policy;
using slipway::Severity;

namespace {

const std::string envs = R"(version: 1
environments:
  - name: staging
    refs: refs/heads/feature/*
    targets:
      - kubernetes: {paths: [services, shared], namespace: staging}
      - kubernetes: {paths: [addons], namespace: kube-system}
  - name: prod
    refs: refs/tags/*
    targets:
      - terraform: {dirs: [infra]}
)";

Policy parsed(const std::string& manifests) {
    auto p = parse_policy(envs + manifests, "slipway.yaml");
    INFO((p ? "" : p.error().message));
    REQUIRE(p);
    return std::move(*p);
}

std::string errors_of(const std::string& manifests) {
    auto p = parse_policy(envs + manifests, "slipway.yaml");
    REQUIRE_FALSE(p);
    return p.error().message;
}

} // namespace

TEST_CASE("without a manifests section nothing is judged, with an empty one the defaults") {
    auto off = parse_policy("version: 1\n", "slipway.yaml");
    REQUIRE(off);
    CHECK_FALSE(off->manifests.enabled);
    CHECK(manifest_units(off->manifests, off->environments, "refs/heads/master").empty());
    auto on = parsed("manifests:\n");
    CHECK(on.manifests.enabled);
    CHECK(on.manifests.base.image_pinned.enabled);
    CHECK(on.manifests.base.strict);
}

TEST_CASE("every key of the section parses into the settings") {
    auto p = parsed(R"(manifests:
  paths: [services/]
  schemas: [/srv/k8s/definitions.json, /srv/k8s/crds]
  strict: false
  skip: {kinds: [SkipMe], groups: [cert-manager.io]}
  cluster_scoped_kinds: [example.com/Cluster]
  limits: {max_file_bytes: 1000, max_documents: 5, max_depth: 9, max_alias_nodes: 10, max_findings: 3}
  kustomize: {kubectl: /usr/local/bin/kubectl, timeout: 30}
  rules:
    schema: warning
    schema-missing: off
    image-pinned: {severity: warning}
    image-registry: {allow: [registry.example.com/]}
    duplicate-object: error
    denied-kind: {kinds: [Secret], severity: warning}
    namespace: {allow: [shop, team-*]}
    required-labels: {labels: [app, team]}
    resources: {requests: [memory], limits: [memory]}
    deprecated-api: {kubernetes_version: "1.29"}
)");
    const auto& m = p.manifests;
    CHECK(*m.paths == std::vector<std::string>{"services"});
    REQUIRE(m.schemas.size() == 2);
    CHECK(m.schemas[1].path == "/srv/k8s/crds");
    CHECK(m.schemas[1].position.line == 14);
    const auto& s = m.base;
    CHECK_FALSE(s.strict);
    CHECK(s.schema_skip_kinds == std::vector<std::string>{"SkipMe"});
    CHECK(s.schema_skip_groups == std::vector<std::string>{"cert-manager.io"});
    CHECK(s.cluster_scoped_kinds == std::vector<std::string>{"example.com/Cluster"});
    CHECK(s.limits.max_file_bytes == 1000);
    CHECK(s.limits.max_findings == 3);
    CHECK(m.kustomize.kubectl == "/usr/local/bin/kubectl");
    CHECK(m.kustomize.timeout == std::chrono::seconds(30));
    CHECK(s.schema.severity == Severity::warning);
    CHECK_FALSE(s.schema_missing.enabled);
    CHECK(s.image_pinned.severity == Severity::warning);
    CHECK(s.allowed_registries == std::vector<std::string>{"registry.example.com/"});
    CHECK(s.duplicate_object.enabled);
    CHECK(s.denied_kinds == std::vector<std::string>{"Secret"});
    CHECK(s.denied_kind.severity == Severity::warning);
    CHECK(s.allowed_namespaces == std::vector<std::string>{"shop", "team-*"});
    CHECK(s.labels == std::vector<std::string>{"app", "team"});
    CHECK(s.required_requests == std::vector<std::string>{"memory"});
    CHECK(s.kubernetes_version == "1.29");
}

TEST_CASE("mistakes in the section are reported at line:col") {
    CHECK(errors_of("manifests:\n  rules:\n    image-pined: off\n") ==
          "slipway.yaml:14:5: unknown key \"image-pined\" in rules (did you mean "
          "\"image-pinned\"?)");
    CHECK(errors_of("manifests:\n  rules:\n    image-pinned: loud\n") ==
          "slipway.yaml:14:19: rule image-pinned: \"loud\" is not a severity; use error, "
          "warning or off");
    CHECK(errors_of("manifests:\n  rules:\n    namespace: {allowed: [x]}\n") ==
          "slipway.yaml:14:17: unknown key \"allowed\" in rule namespace (did you mean "
          "\"allow\"?)");
    CHECK(errors_of("manifests:\n  schemas: [k8s/definitions.json]\n") ==
          "slipway.yaml:13:13: schemas entry \"k8s/definitions.json\" must be an absolute path "
          "on the server (an OpenAPI v2 JSON file or a kubeconform directory)");
    CHECK(errors_of("manifests:\n  paths: [../up]\n") ==
          "slipway.yaml:13:10: manifests paths entry \"../up\" must be a path inside the "
          "repository (relative, without ..)");
    CHECK(errors_of("manifests:\n  rules:\n    deprecated-api: {kubernetes_version: soon}\n") ==
          "slipway.yaml:13:3: manifests: Kubernetes version \"soon\" is not a version like 1.29");
    CHECK(errors_of("manifests:\n  overrides:\n    - environments: [qa]\n      strict: false\n") ==
          "slipway.yaml:14:21: override names unknown environment \"qa\"");
    CHECK(errors_of("manifests:\n  overrides:\n    - strict: false\n") ==
          "slipway.yaml:14:7: override needs \"paths\" or \"environments\" (what it applies to)");
    CHECK(errors_of("manifests:\n  strictt: true\n") ==
          "slipway.yaml:13:3: unknown key \"strictt\" in manifests (did you mean \"strict\"?)");
}

TEST_CASE("overrides apply by path glob and environment, in file order") {
    auto p = parsed(R"(manifests:
  rules:
    image-registry: {allow: [registry.example.com/]}
  overrides:
    - paths: [services/sandbox]
      rules: {image-registry: off}
    - paths: ["*/experimental.yaml"]
      rules: {image-pinned: warning}
    - environments: [staging]
      rules: {namespace: {allow: [staging]}}
    - environments: [staging]
      paths: [services/sandbox]
      rules: {image-registry: warning}
)");
    const auto& m = p.manifests;
    auto plain = m.settings_for("services/cart/deploy.yaml", "", "default");
    CHECK(plain.image_registry.enabled);
    CHECK(plain.allowed_namespaces.empty());
    CHECK(plain.default_namespace == "default");
    auto sandbox = m.settings_for("services/sandbox/x.yaml", "", "default");
    CHECK_FALSE(sandbox.image_registry.enabled);
    CHECK_FALSE(m.settings_for("services/sandboxed.yaml", "", "d").image_registry.enabled == false);
    CHECK(m.settings_for("a/b/experimental.yaml", "", "d").image_pinned.severity ==
          Severity::warning);
    auto staging = m.settings_for("services/cart/deploy.yaml", "staging", "staging");
    CHECK(staging.allowed_namespaces == std::vector<std::string>{"staging"});
    CHECK(staging.default_namespace == "staging");
    auto both = m.settings_for("services/sandbox/x.yaml", "staging", "staging");
    CHECK(both.image_registry.enabled);
    CHECK(both.image_registry.severity == Severity::warning);
}

TEST_CASE("units: one per kubernetes target of the ref's environments, else every path") {
    auto p = parsed("manifests:\n");
    auto feature = manifest_units(p.manifests, p.environments, "refs/heads/feature/x");
    REQUIRE(feature.size() == 2);
    CHECK(feature[0] == ManifestUnit{"staging", {"services", "shared"}, "staging"});
    CHECK(feature[1] == ManifestUnit{"staging", {"addons"}, "kube-system"});
    // prod has only terraform; master deploys nowhere: every kubernetes path, no environment.
    auto tag = manifest_units(p.manifests, p.environments, "refs/tags/v1");
    REQUIRE(tag.size() == 1);
    CHECK(tag[0] == ManifestUnit{"", {"services", "shared", "addons"}, "default"});

    auto explicit_paths = parsed("manifests:\n  paths: [k8s]\n");
    auto units = manifest_units(explicit_paths.manifests, explicit_paths.environments,
                                "refs/heads/feature/x");
    REQUIRE(units.size() == 1);
    CHECK(units[0] == ManifestUnit{"staging", {"k8s"}, "staging"});
    CHECK(manifest_units(explicit_paths.manifests, explicit_paths.environments,
                         "refs/heads/m")[0] == ManifestUnit{"", {"k8s"}, "default"});
}

TEST_CASE("check_schema_sources") {
    auto p = parsed("manifests:\n  schemas: [/nonexistent/x.json, /tmp]\n");
    auto s = check_schema_sources(p.manifests, "slipway.yaml");
    REQUIRE_FALSE(s);
    CHECK(s.error().message == "slipway.yaml:13:13: schema source \"/nonexistent/x.json\" does "
                               "not exist on this machine (a file or directory is needed)");
}

TEST_CASE("kustomize remote: the prefixes of the remote bases a kustomization may name") {
    auto p = parsed("manifests:\n  kustomize:\n    remote: [\"https://github.com/acme/\", "
                    "\"git@github.com:acme/\"]\n");
    CHECK(p.manifests.kustomize.remote ==
          std::vector<std::string>{"https://github.com/acme/", "git@github.com:acme/"});
    CHECK(parsed("manifests: {}\n").manifests.kustomize.remote.empty());
    CHECK(errors_of("manifests:\n  kustomize: {remote: [\"file:///srv/\"]}\n") ==
          "slipway.yaml:13:23: kustomize remote \"file:///srv/\" is not the start of a remote "
          "base's URL (like \"https://github.com/acme/\"); local and file:// bases are never "
          "allowed");
}

TEST_CASE("a manifests section with no paths and no kubernetes target to take them from judges "
          "nothing, and says so") {
    // The environments above have kubernetes targets: their paths are judged.
    CHECK_FALSE(manifests_judge_nothing(parsed("manifests:\n").manifests, parsed("").environments));
    auto alone = parse_policy("version: 1\nmanifests: {}\nenvironments:\n  - name: prod\n"
                              "    refs: refs/tags/*\n    targets:\n"
                              "      - terraform: {dirs: [infra]}\n",
                              "slipway.yaml");
    REQUIRE(alone);
    CHECK(manifests_judge_nothing(alone->manifests, alone->environments) ==
          "the manifests: section judges nothing: it names no `paths`, and no environment has a "
          "kubernetes target to take them from; give manifests.paths (the directories to judge) "
          "or remove the section");
    auto with_paths = parse_policy("version: 1\nmanifests: {paths: [k8s]}\n", "slipway.yaml");
    REQUIRE(with_paths);
    CHECK_FALSE(manifests_judge_nothing(with_paths->manifests, with_paths->environments));
    auto absent = parse_policy("version: 1\n", "slipway.yaml");
    CHECK_FALSE(manifests_judge_nothing(absent->manifests, absent->environments));
}
