// Shared scene of the manifest e2e tests: a deployment repository policy with every manifest
// rule configured, schemas from shared/k8s, and a valid Deployment to vary.
#pragma once

#include "support/sandbox.hpp"

#include <string>
#include <vector>

namespace slipway::e2e {

using Lines = std::vector<std::string>;

inline std::string definitions() {
    return std::string(SLIPWAY_TEST_DATA_DIR) + "/k8s/definitions.json";
}

/// staging (feature/*) and preprod (master) deploy `services`, each to its own namespace.
/// `overrides` false leaves out the per-environment namespaces and the sandbox exception.
inline std::string manifest_policy(const std::string& extra_rules = "", bool overrides = true) {
    return R"(version: 1
environments:
  - name: staging
    refs: refs/heads/feature/*
    targets:
      - kubernetes: {paths: [services], namespace: staging}
  - name: preprod
    refs: refs/heads/master
    targets:
      - kubernetes: {paths: [services], namespace: preprod}
manifests:
  schemas: [")" +
           definitions() + R"("]
  rules:
    image-registry: {allow: [registry.example.com/]}
    denied-kind: {kinds: [Secret]}
    required-labels: {labels: [app]}
    deprecated-api: {kubernetes_version: "1.29"}
)" + extra_rules +
           (overrides ? R"(  overrides:
    - environments: [preprod]
      rules: {namespace: {allow: [preprod]}}
    - environments: [staging]
      rules: {namespace: {allow: [staging]}}
    - paths: [services/sandbox]
      rules: {image-registry: off}
)"
                      : "");
}

inline const std::string pinned =
    "registry.example.com/cart:4f1c2a7e9b3d5f60718293a4b5c6d7e8f9012345";

/// A Deployment that passes every rule of manifest_policy(); `image` on line 21.
inline std::string deployment(const std::string& name = "cart", const std::string& image = pinned) {
    return "# " + name +
           ": one service of the shop\n"
           "apiVersion: apps/v1\n"
           "kind: Deployment\n"
           "metadata:\n"
           "  name: " +
           name +
           "\n"
           "  labels:\n"
           "    app: " +
           name +
           "\n"
           "spec:\n"
           "  replicas: 2\n"
           "  selector:\n"
           "    matchLabels:\n"
           "      app: " +
           name +
           "\n"
           "  template:\n"
           "    metadata:\n"
           "      labels:\n"
           "        app: " +
           name +
           "\n"
           "    spec:\n"
           "      containers:\n"
           "        - name: " +
           name +
           "\n"
           "          # the commit SHA of the service repository that built it\n"
           "          image: " +
           image +
           "\n"
           "          resources:\n"
           "            requests: {cpu: 100m, memory: 64Mi}\n"
           "            limits: {cpu: 500m, memory: 256Mi}\n";
}

/// Writes `text` to `path` in the clone, commits everything and pushes `refspec`.
inline Run commit_and_push(const Sandbox& sb, const std::string& path, const std::string& text,
                           const std::string& refspec = "master") {
    sb.write("work/" + path, text);
    return sb.sh("git add -A && git commit -q -m " + quote("change " + path) +
                     " && git push origin " + refspec,
                 {}, "work");
}

inline const std::string file_hint =
    "hint: run `slipway check` in your clone to see the same verdict before pushing";

} // namespace slipway::e2e
