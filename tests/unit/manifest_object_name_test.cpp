// Tests for manifest/object_name: the `object-name` rule, with its exact messages.
#include "manifest/object_name.hpp"

#include "manifest/yaml_loader.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace slipway::manifest;
using slipway::Severity;

namespace {

// Runs `object-name` on every object of `yaml`; findings as "line:col: message".
std::vector<std::string> run(std::string_view yaml, const Settings& settings = {}) {
    LoadedFile f = load_yaml("app.yaml", yaml, Limits{});
    REQUIRE(f.findings.empty());
    std::vector<Object> objects;
    slipway::Findings findings;
    extract_objects("app.yaml", f, objects, findings);
    REQUIRE(findings.empty());
    for (const auto& o : objects)
        check_object_name("app.yaml", f.tree, o, settings, findings);
    std::vector<std::string> out;
    for (const auto& x : findings) {
        CHECK(x.path == "app.yaml");
        CHECK(x.rule == "object-name");
        out.push_back(std::to_string(x.line) + ":" + std::to_string(x.column) + ": " + x.message);
    }
    return out;
}

std::string object(const std::string& api_version, const std::string& kind, const std::string& name,
                   const std::string& extra = "") {
    return "apiVersion: " + api_version + "\nkind: " + kind + "\nmetadata:\n  name: " + name +
           "\n" + extra;
}

const std::string subdomain_rule =
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
    "'.', and must start and end with an alphanumeric character (e.g. 'example.com')";
const std::string label_rule =
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and "
    "must start and end with an alphanumeric character (e.g. 'my-name', or '123-abc')";
const std::string dns1035_rule =
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
    "alphabetic character, and end with an alphanumeric character (e.g. 'my-name', or "
    "'abc-123')";

} // namespace

TEST_CASE("name_rule_for: the formats the API server applies per kind") {
    CHECK(name_rule_for("", "ConfigMap").format == NameFormat::dns1123_subdomain);
    CHECK(name_rule_for("apps", "Deployment").format == NameFormat::dns1123_subdomain);
    CHECK(name_rule_for("example.com", "Widget").format == NameFormat::dns1123_subdomain);
    CHECK(name_rule_for("", "Namespace").format == NameFormat::dns1123_label);
    CHECK(name_rule_for("", "Service").format == NameFormat::dns1035_label);
    CHECK(name_rule_for("rbac.authorization.k8s.io", "ClusterRole").format ==
          NameFormat::path_segment);
    CHECK(name_rule_for("batch", "CronJob").max_length == 52);
    // A custom kind that happens to be called Service is a custom resource: a subdomain.
    CHECK(name_rule_for("example.com", "Service").format == NameFormat::dns1123_subdomain);
}

TEST_CASE("name_problem: each format passes its names and says why it refuses others") {
    const NameRule subdomain{NameFormat::dns1123_subdomain};
    CHECK_FALSE(name_problem(subdomain, "cart.config-1"));
    CHECK(name_problem(subdomain, "../../x") == subdomain_rule);
    CHECK(name_problem(subdomain, "Cart") == subdomain_rule);
    CHECK(name_problem(subdomain, "") == subdomain_rule);
    CHECK(name_problem(subdomain, "a." + std::string(252, 'b')) ==
          "must be no more than 253 characters (it has 254)");
    // A generateName may end in '-', the random suffix follows.
    CHECK_FALSE(name_problem(subdomain, "cart-", true));
    CHECK(name_problem(subdomain, "cart-") == subdomain_rule);

    const NameRule label{NameFormat::dns1123_label};
    CHECK_FALSE(name_problem(label, "123-abc"));
    CHECK(name_problem(label, "shop.prod") == label_rule);
    CHECK(name_problem(label, std::string(64, 'a')) ==
          "must be no more than 63 characters (it has 64)");

    const NameRule dns1035{NameFormat::dns1035_label};
    CHECK_FALSE(name_problem(dns1035, "cart-1"));
    CHECK(name_problem(dns1035, "1cart") == dns1035_rule);

    const NameRule segment{NameFormat::path_segment};
    CHECK_FALSE(name_problem(segment, "system:controller:Cart"));
    CHECK(name_problem(segment, "..") == "may not be '..'");
    CHECK(name_problem(segment, "a/b") == "may not contain '/'");
    CHECK(name_problem(segment, "a%2F") == "may not contain '%'");

    CHECK(name_problem({NameFormat::dns1123_subdomain, 52}, std::string(53, 'a')) ==
          "must be no more than 52 characters (it has 53)");
}

TEST_CASE("object-name passes the names the API server accepts") {
    CHECK(run(object("v1", "ConfigMap", "cart.config-1")).empty());
    CHECK(run(object("v1", "Service", "cart", "  namespace: shop\n")).empty());
    CHECK(run(object("rbac.authorization.k8s.io/v1", "Role", "system:cart")).empty());
    CHECK(run("apiVersion: batch/v1\nkind: Job\nmetadata:\n  generateName: migrate-\n").empty());
}

TEST_CASE("object-name fails a name the API server refuses, at the name") {
    CHECK(run(object("v1", "ConfigMap", "../../../../x")) ==
          std::vector<std::string>{"4:9: metadata.name \"../../../../x\" is not a valid ConfigMap "
                                   "name (a DNS-1123 subdomain): " +
                                   subdomain_rule + "; the API server would refuse it"});
    CHECK(run(object("v1", "Service", "cart.v2")) ==
          std::vector<std::string>{"4:9: metadata.name \"cart.v2\" is not a valid Service name (a "
                                   "DNS-1035 label): " +
                                   dns1035_rule + "; the API server would refuse it"});
    CHECK(run(object("rbac.authorization.k8s.io/v1", "RoleBinding", "a/b")) ==
          std::vector<std::string>{"4:9: metadata.name \"a/b\" is not a valid RoleBinding name (a "
                                   "path segment name): may not contain '/'; the API server "
                                   "would refuse it"});
}

TEST_CASE("object-name fails a namespace that is no DNS-1123 label, at the namespace") {
    CHECK(run(object("v1", "ConfigMap", "cart", "  namespace: ../shop\n")) ==
          std::vector<std::string>{"5:14: metadata.namespace \"../shop\" is not a valid namespace "
                                   "name (a DNS-1123 label): " +
                                   label_rule + "; the API server would refuse it"});
}

TEST_CASE("object-name takes the rule's severity") {
    Settings s;
    s.object_name.severity = Severity::warning;
    LoadedFile f = load_yaml("app.yaml", object("v1", "ConfigMap", "Bad"), Limits{});
    std::vector<Object> objects;
    slipway::Findings findings;
    extract_objects("app.yaml", f, objects, findings);
    REQUIRE(objects.size() == 1);
    check_object_name("app.yaml", f.tree, objects[0], s, findings);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].severity == Severity::warning);
}
