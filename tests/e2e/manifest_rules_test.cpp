// E2E: every manifest rule through real pushes into a hooked repository: rejected with
// file:line:col, field path and rule id; the valid counterpart accepted.
#include "manifest_fixture.hpp"

#include <catch2/catch.hpp>

#include <regex>

using namespace slipway::e2e;

namespace {

std::string replace(std::string text, const std::string& from, const std::string& to) {
    auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

// A scene with a valid services/cart/deployment.yaml on master.
void scene(Sandbox& sb) {
    sb.seeded(manifest_policy());
    auto good = commit_and_push(sb, "services/cart/deployment.yaml", deployment());
    REQUIRE(good.exit_code == 0);
    REQUIRE(good.gate() == Lines{"slipway: push accepted — 1 ref update checked"});
}

Lines rejected(const std::string& finding) {
    return {"slipway: push rejected — 1 problem", "  refs/heads/master: " + finding, file_hint};
}

} // namespace

TEST_CASE("schema and image-pinned: the DESIGN example, 2 problems at their line:col") {
    Sandbox sb;
    scene(sb);
    std::string bad = replace(deployment(), "replicas: 2", "replica: 2");
    bad = replace(bad, pinned, "registry.example.com/cart:latest");
    auto run = commit_and_push(sb, "services/cart/deployment.yaml", bad);
    CHECK(run.exit_code != 0);
    CHECK(run.gate() ==
          Lines{"slipway: push rejected — 2 problems",
                "  refs/heads/master: services/cart/deployment.yaml:9:3: error: unknown field "
                "\"spec.replica\" (did you mean \"replicas\"?) [schema]",
                "  refs/heads/master: services/cart/deployment.yaml:21:18: error: image "
                "\"registry.example.com/cart:latest\" is not pinned; use the commit SHA tag or "
                "an @sha256 digest [image-pinned]",
                file_hint});
    CHECK(run.has("! [remote rejected] master -> master (pre-receive hook declined)"));
}

TEST_CASE("image-registry: another registry is rejected, except where an override relaxes it") {
    Sandbox sb;
    scene(sb);
    const std::string other = "ghcr.io/acme/cart:4f1c2a7e9b3d5f60718293a4b5c6d7e8f9012345";
    auto bad = commit_and_push(sb, "services/cart/deployment.yaml", deployment("cart", other));
    CHECK(bad.exit_code != 0);
    CHECK(bad.gate() == rejected("services/cart/deployment.yaml:21:18: error: image \"" + other +
                                 "\" is not from an allowed registry; use an image from "
                                 "registry.example.com/ [image-registry]"));
    sb.ok("git reset -q --hard origin/master", {}, "work");
    auto sandbox =
        commit_and_push(sb, "services/sandbox/deployment.yaml", deployment("try", other));
    CHECK(sandbox.exit_code == 0);
    CHECK(sandbox.gate() == Lines{"slipway: push accepted — 1 ref update checked"});
}

TEST_CASE("duplicate-object: the same Deployment in another file of the target, namespace "
          "defaulting considered") {
    Sandbox sb;
    scene(sb);
    // cart.yaml sets no namespace: the target's namespace, preprod, makes them the same.
    std::string same =
        replace(deployment(), "  name: cart\n", "  name: cart\n  namespace: preprod\n");
    auto bad = commit_and_push(sb, "services/copy/deployment.yaml", same);
    CHECK(bad.exit_code != 0);
    CHECK(bad.gate() ==
          rejected("services/copy/deployment.yaml:5:9: error: Deployment \"cart\" in namespace "
                   "\"preprod\" is defined twice (first at services/cart/deployment.yaml:5:9); "
                   "keep one of them or rename one [duplicate-object]"));
    sb.ok("git reset -q --hard origin/master", {}, "work");
    auto other = commit_and_push(sb, "services/copy/deployment.yaml", deployment("cart-copy"));
    CHECK(other.exit_code == 0);
}

TEST_CASE("denied-kind: a Secret is rejected, a ConfigMap accepted") {
    Sandbox sb;
    scene(sb);
    const std::string secret = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  labels:\n"
                               "    app: cart\nstringData:\n  password: hunter2\n";
    auto bad = commit_and_push(sb, "services/cart/secret.yaml", secret);
    CHECK(bad.exit_code != 0);
    CHECK(bad.gate() ==
          rejected("services/cart/secret.yaml:2:7: error: kind \"Secret\" is not allowed here; "
                   "remove Secret \"db\" or ask an admin to allow the kind [denied-kind]"));
    sb.ok("git reset -q --hard origin/master", {}, "work");
    auto good =
        commit_and_push(sb, "services/cart/config.yaml",
                        replace(replace(secret, "Secret", "ConfigMap"), "stringData", "data"));
    CHECK(good.exit_code == 0);
}

TEST_CASE("namespace: allowed namespaces per environment (preprod on master, staging on "
          "feature branches)") {
    Sandbox sb;
    scene(sb);
    const std::string in_staging =
        replace(deployment(), "  name: cart\n", "  name: cart\n  namespace: staging\n");
    auto bad = commit_and_push(sb, "services/cart/deployment.yaml", in_staging);
    CHECK(bad.exit_code != 0);
    CHECK(bad.gate() ==
          rejected("services/cart/deployment.yaml:6:14: error: namespace \"staging\" is not "
                   "allowed here; use one of preprod [namespace]"));
    // The same commit on a feature branch deploys to staging, where it belongs.
    auto feature = sb.sh("git push origin HEAD:refs/heads/feature/ns", {}, "work");
    CHECK(feature.exit_code == 0);
    CHECK(feature.gate() == Lines{"slipway: push accepted — 1 ref update checked"});
}

TEST_CASE("required-labels: an object without the label is rejected") {
    Sandbox sb;
    scene(sb);
    auto bad = commit_and_push(sb, "services/cart/deployment.yaml",
                               replace(deployment(), "  labels:\n    app: cart\n", ""));
    CHECK(bad.exit_code != 0);
    CHECK(bad.gate() ==
          rejected("services/cart/deployment.yaml:5:3: error: missing required label \"app\" in "
                   "metadata.labels of Deployment \"cart\"; add it [required-labels]"));
}

TEST_CASE("resources: a container without requests and limits is rejected") {
    Sandbox sb;
    scene(sb);
    std::string bare = deployment();
    bare.erase(bare.find("          resources:"));
    auto bad = commit_and_push(sb, "services/cart/deployment.yaml", bare);
    CHECK(bad.exit_code != 0);
    CHECK(bad.gate() ==
          rejected("services/cart/deployment.yaml:19:11: error: container \"cart\" "
                   "(spec.template.spec.containers[0]) has no resources.requests.cpu, "
                   "resources.requests.memory, resources.limits.cpu, resources.limits.memory; "
                   "set resources.requests and resources.limits for every container "
                   "[resources]"));
}

TEST_CASE("deprecated-api: an apiVersion Kubernetes 1.29 no longer serves is rejected") {
    Sandbox sb;
    scene(sb);
    const std::string pdb = "apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata:\n"
                            "  name: cart\n  labels: {app: cart}\nspec:\n  minAvailable: 1\n"
                            "  selector: {matchLabels: {app: cart}}\n";
    auto bad = commit_and_push(sb, "services/cart/pdb.yaml", pdb);
    CHECK(bad.exit_code != 0);
    REQUIRE(bad.gate().size() == 4);
    CHECK(bad.gate()[1] ==
          "  refs/heads/master: services/cart/pdb.yaml:1:13: error: policy/v1beta1 "
          "PodDisruptionBudget is no longer served by Kubernetes 1.29 (removed in 1.25); use "
          "apiVersion policy/v1 [deprecated-api]");
    CHECK(bad.gate()[2] ==
          "  refs/heads/master: services/cart/pdb.yaml:2:7: error: no schema for kind "
          "\"PodDisruptionBudget\" (policy/v1beta1); check the apiVersion, add the kind's schema "
          "to a schema directory, or skip the kind or its group in the policy [schema-missing]");
    sb.ok("git reset -q --hard origin/master", {}, "work");
    auto good =
        commit_and_push(sb, "services/cart/pdb.yaml", replace(pdb, "policy/v1beta1", "policy/v1"));
    CHECK(good.exit_code == 0);
}

TEST_CASE("yaml-syntax: a file that is not YAML is rejected at the error") {
    Sandbox sb;
    scene(sb);
    auto bad = commit_and_push(sb, "services/cart/broken.yaml", "apiVersion: v1\nkind: [\n");
    CHECK(bad.exit_code != 0);
    REQUIRE(bad.gate().size() == 3);
    CHECK(bad.gate()[1].starts_with("  refs/heads/master: services/cart/broken.yaml:3:1: error: "));
    CHECK(bad.gate()[1].ends_with("[yaml-syntax]"));
}

TEST_CASE("files outside the manifest paths, and deleted files, are not judged") {
    Sandbox sb;
    scene(sb);
    auto docs = commit_and_push(sb, "docs/example.yaml", "kind: [\n");
    CHECK(docs.exit_code == 0);
    auto removed = sb.sh("git rm -q services/cart/deployment.yaml && git commit -q -m rm && "
                         "git push origin master",
                         {}, "work");
    CHECK(removed.exit_code == 0);
    CHECK(removed.gate() == Lines{"slipway: push accepted — 1 ref update checked"});
}

TEST_CASE("a broken schema source rejects the push as a server problem") {
    Sandbox sb;
    scene(sb);
    sb.ok("sed -i 's#" + definitions() +
          "#/nonexistent/definitions.json#' server.git/slipway.yaml");
    auto run =
        commit_and_push(sb, "services/cart/deployment.yaml", deployment("cart", pinned + "x"));
    CHECK(run.exit_code != 0);
    CHECK(run.gate() ==
          Lines{"slipway: push rejected — the server could not check it",
                "  error: refs/heads/master: schema source /nonexistent/definitions.json: No such "
                "file or directory",
                "hint: this is a problem on the server, not in your push; tell the repository's "
                "admin"});
}

TEST_CASE("policy check reports a missing schema source at its line:col") {
    Sandbox sb;
    sb.write("p.yaml", "version: 1\nmanifests:\n  schemas:\n    - /nonexistent/openapi.json\n");
    auto run = sb.sh("slipway policy check p.yaml");
    CHECK(run.exit_code == 1);
    CHECK(run.output == "p.yaml:4:7: schema source \"/nonexistent/openapi.json\" does not exist "
                        "on this machine (a file or directory is needed)\n");
}
