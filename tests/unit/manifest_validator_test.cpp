// Tests for manifest/validator: each kind of schema finding, with its message, line and column.
#include "manifest/validator.hpp"

#include "manifest/json_reader.hpp"
#include "manifest/schema_set.hpp"
#include "manifest/yaml_loader.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

using namespace slipway::manifest;

namespace {

const SchemaSet& kubernetes() {
    static SchemaSet set = [] {
        SchemaSet s;
        REQUIRE(s.add_openapi_file(std::filesystem::path(SLIPWAY_TEST_DATA_DIR) /
                                   "k8s/definitions.json"));
        return s;
    }();
    return set;
}

std::vector<std::string> check(const Schema& schema, std::string_view yaml,
                               ValidationOptions options = {}) {
    LoadedFile f = load_yaml("f.yaml", yaml, Limits{});
    REQUIRE(f.findings.empty());
    slipway::Findings out;
    validate(f.tree, f.documents.at(0).root, schema, options, "f.yaml", out);
    std::vector<std::string> lines;
    for (const auto& x : out) {
        CHECK(x.rule == "schema");
        CHECK(x.path == "f.yaml");
        lines.push_back(std::to_string(x.line) + ":" + std::to_string(x.column) + " " + x.message);
    }
    return lines;
}

const Schema& kind(std::string_view group, std::string_view version, std::string_view k) {
    auto s = kubernetes().find(group, version, k);
    REQUIRE(s);
    REQUIRE(*s);
    return **s;
}

// A schema compiled from `json`; kept alive for the test run.
const Schema& custom(std::string_view json) {
    static std::vector<std::unique_ptr<SchemaArena>> arenas;
    auto doc = read_json(json);
    REQUIRE(doc);
    auto& arena = *arenas.emplace_back(std::make_unique<SchemaArena>());
    NodeId root = doc->root;
    auto s = arena.compile(arena.add_document(std::move(doc->tree)), root, root);
    REQUIRE(s);
    return **s;
}

constexpr std::string_view deployment = R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart
  labels:
    app: cart
spec:
  replicas: 2
  selector:
    matchLabels:
      app: cart
  template:
    metadata:
      labels:
        app: cart
    spec:
      containers:
        - name: server
          image: registry.example.com/cart:latest
          ports:
            - containerPort: 8080
          env:
            - name: ENABLED
              value: "yes"
)";

std::string replace(std::string text, std::string_view from, std::string_view to) {
    auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    return text;
}

} // namespace

TEST_CASE("a valid Deployment has no findings") {
    CHECK(check(kind("apps", "v1", "Deployment"), deployment).empty());
}

TEST_CASE("an unknown field is named by its path, with a did-you-mean") {
    auto yaml = replace(std::string(deployment), "  replicas: 2", "  replica: 2");
    CHECK(check(kind("apps", "v1", "Deployment"), yaml) ==
          std::vector<std::string>{
              "8:3 unknown field \"spec.replica\" (did you mean \"replicas\"?)"});
}

TEST_CASE("an unknown field with nothing near says how to fix it") {
    auto yaml = replace(std::string(deployment),
                        "          ports:", "          volumez: []\n          ports:");
    CHECK(check(kind("apps", "v1", "Deployment"), yaml) ==
          std::vector<std::string>{
              "20:11 unknown field \"spec.template.spec.containers[0].volumez\"; "
              "remove it, or fix its spelling or indentation"});
}

TEST_CASE("unknown fields are allowed when not strict") {
    auto yaml = replace(std::string(deployment), "  replicas: 2", "  replica: 2");
    CHECK(check(kind("apps", "v1", "Deployment"), yaml, {.strict = false}).empty());
}

TEST_CASE("a quoted number where an integer belongs") {
    auto yaml = replace(std::string(deployment), "containerPort: 8080", "containerPort: \"8080\"");
    CHECK(check(kind("apps", "v1", "Deployment"), yaml) ==
          std::vector<std::string>{
              "21:30 \"spec.template.spec.containers[0].ports[0].containerPort\" "
              "must be an integer, got string \"8080\"; remove the quotes"});
}

TEST_CASE("an unquoted boolean where a string belongs") {
    auto yaml = replace(std::string(deployment), "value: \"yes\"", "value: yes");
    CHECK(check(kind("apps", "v1", "Deployment"), yaml) ==
          std::vector<std::string>{
              "24:22 \"spec.template.spec.containers[0].env[0].value\" must be a "
              "string, got boolean yes; quote it: \"yes\""});
}

TEST_CASE("a word where an integer belongs") {
    auto yaml = replace(std::string(deployment), "replicas: 2", "replicas: two");
    CHECK(check(kind("apps", "v1", "Deployment"), yaml) ==
          std::vector<std::string>{"8:13 \"spec.replicas\" must be an integer, got string \"two\"; "
                                   "write a whole number"});
}

TEST_CASE("a label value must be a string (additionalProperties schema)") {
    auto yaml =
        replace(std::string(deployment), "    app: cart\nspec", "    app: cart\n    tier: 3\nspec");
    CHECK(check(kind("apps", "v1", "Deployment"), yaml) ==
          std::vector<std::string>{"7:11 \"metadata.labels.tier\" must be a string, got integer 3; "
                                   "quote it: \"3\""});
}

TEST_CASE("a mapping where a list belongs, and a list where a mapping belongs") {
    CHECK(check(kind("", "v1", "Pod"), "kind: Pod\nspec:\n  containers:\n    name: x\n") ==
          std::vector<std::string>{"4:5 \"spec.containers\" must be a list, got a mapping; write a "
                                   "list here (\"- item\" lines or [a, b])"});
    auto yaml2 =
        replace(std::string(deployment), "  selector:\n    matchLabels:\n      app: cart\n",
                "  selector:\n    - app\n");
    CHECK(
        check(kind("apps", "v1", "Deployment"), yaml2) ==
        std::vector<std::string>{"10:5 \"spec.selector\" must be a mapping, got a list; write key: "
                                 "value pairs here (check the indentation)"});
}

TEST_CASE("a missing required field points at the mapping that lacks it") {
    auto yaml = replace(std::string(deployment), "        - name: server\n          image",
                        "        - image");
    CHECK(check(kind("apps", "v1", "Deployment"), yaml) ==
          std::vector<std::string>{"18:11 missing required field "
                                   "\"spec.template.spec.containers[0].name\"; add it"});
}

TEST_CASE("int-or-string accepts both and names both when neither") {
    const Schema& service = kind("", "v1", "Service");
    constexpr std::string_view svc =
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n"
        "  ports:\n    - port: 80\n      targetPort: http\n";
    CHECK(check(service, svc).empty());
    CHECK(
        check(service, replace(std::string(svc), "targetPort: http", "targetPort: 8080")).empty());
    CHECK(check(service, replace(std::string(svc), "targetPort: http", "targetPort: true")) ==
          std::vector<std::string>{"8:19 \"spec.ports[0].targetPort\" must be an integer or a "
                                   "string, got boolean true; write a number or a name"});
}

TEST_CASE("quantities are strings or numbers") {
    const Schema& limits = kind("", "v1", "LimitRange");
    CHECK(check(limits, "kind: LimitRange\nspec:\n  limits:\n  - default: {memory: 512Mi}\n"
                        "    defaultRequest: {memory: 256000, cpu: 0.5}\n    type: Container\n")
              .empty());
}

TEST_CASE("null is accepted for any field, like kubeconform") {
    const Schema& service = kind("", "v1", "Service");
    CHECK(check(service,
                "kind: Service\nmetadata:\n  creationTimestamp: null\n  name: x\n"
                "spec:\n  ports:\n  - port: 80\n  selector:\nstatus:\n  loadBalancer: {}\n")
              .empty());
}

TEST_CASE("items of a List carry their place in the path") {
    auto yaml = replace(std::string(deployment), "  replicas: 2", "  replica: 2");
    CHECK(check(kind("apps", "v1", "Deployment"), yaml, {.path_prefix = "items[1]"}) ==
          std::vector<std::string>{"8:3 unknown field \"items[1].spec.replica\" (did you mean "
                                   "\"replicas\"?)"});
}

TEST_CASE("enums, with a suggestion for a near miss") {
    const Schema& s = custom(R"({"properties": {"mode": {"type": "string",
        "enum": ["ClusterIP", "NodePort", "LoadBalancer"]}}})");
    CHECK(check(s, "mode: NodePort\n").empty());
    CHECK(check(s, "mode: Loadbalancer\n") ==
          std::vector<std::string>{"1:7 \"mode\" must be one of \"ClusterIP\", \"NodePort\", "
                                   "\"LoadBalancer\"; got \"Loadbalancer\" (did you mean "
                                   "\"LoadBalancer\"?)"});
}

TEST_CASE("bounds on numbers, strings and lists") {
    const Schema& s = custom(R"({"properties": {
        "n": {"type": "integer", "minimum": 1, "maximum": 10},
        "x": {"type": "number", "minimum": 0, "exclusiveMinimum": true},
        "s": {"type": "string", "minLength": 2, "maxLength": 3, "pattern": "^[a-z]+$"},
        "l": {"type": "array", "minItems": 1, "maxItems": 2, "items": {"type": "string"}}}})");
    CHECK(check(s, "n: 5\nx: 0.5\ns: ab\nl: [a]\n").empty());
    CHECK(check(s, "n: 0\nx: 0\ns: abcd\nl: []\n") ==
          std::vector<std::string>{
              "1:4 \"n\" must be at least 1, got 0",
              "2:4 \"x\" must be more than 0, got 0",
              "3:4 \"s\" must be at most 3 character(s) long, got 4",
              "4:4 \"l\" must have at least 1 item(s), got 0",
          });
    CHECK(check(s, "n: 11\ns: A\nl: [a, b, 3]\n") ==
          std::vector<std::string>{
              "1:4 \"n\" must be at most 10, got 11",
              "2:4 \"s\" must be at least 2 character(s) long, got 1",
              "2:4 \"s\" value \"A\" does not match the pattern \"^[a-z]+$\"",
              "3:4 \"l\" must have at most 2 item(s), got 3",
              "3:11 \"l[2]\" must be a string, got integer 3; quote it: \"3\"",
          });
}

TEST_CASE("additionalProperties: false closes an object even when not strict") {
    const Schema& s = custom(R"({"properties": {"a": {}}, "additionalProperties": false})");
    CHECK(check(s, "a: 1\nb: 2\n", {.strict = false}) ==
          std::vector<std::string>{"2:1 unknown field \"b\"; remove it, or fix its spelling or "
                                   "indentation"});
}

TEST_CASE("x-kubernetes-preserve-unknown-fields keeps unknown fields even when strict") {
    const Schema& s = custom(R"({"properties": {"a": {"type": "integer"}},
                                 "x-kubernetes-preserve-unknown-fields": true})");
    CHECK(check(s, "a: 1\nanything: {goes: here}\n").empty());
    CHECK(check(s, "a: x\n").size() == 1);
}

TEST_CASE("objects without properties are open") {
    const Schema& s = custom(R"({"properties": {"config": {"type": "object"}}})");
    CHECK(check(s, "config: {any: 1, thing: [2]}\n").empty());
}

TEST_CASE("oneOf, anyOf and allOf") {
    const Schema& one = custom(R"({"oneOf": [{"required": ["a"]}, {"required": ["b"]}]})");
    CHECK(check(one, "a: 1\n").empty());
    CHECK(check(one, "c: 1\n") ==
          std::vector<std::string>{
              "1:1 \"(the object)\" matches none of the forms its schema allows"});
    CHECK(check(one, "a: 1\nb: 2\n") ==
          std::vector<std::string>{"1:1 \"(the object)\" matches more than one of the forms its "
                                   "schema allows; keep the fields of only one"});
    const Schema& any = custom(R"({"anyOf": [{"required": ["a"]}, {"required": ["b"]}]})");
    CHECK(check(any, "a: 1\nb: 2\n").empty());
    CHECK(check(any, "c: 1\n").size() == 1);
    const Schema& all = custom(R"({"allOf": [{"required": ["a"]}, {"required": ["b"]}]})");
    CHECK(check(all, "a: 1\n") ==
          std::vector<std::string>{"1:1 missing required field \"b\"; add it"});
}

TEST_CASE("a finding carries the configured severity") {
    LoadedFile f = load_yaml("f.yaml", "mode: 1\n", Limits{});
    slipway::Findings out;
    validate(f.tree, f.documents[0].root, custom(R"({"properties": {"mode": {"type": "string"}}})"),
             {.severity = slipway::Severity::warning}, "f.yaml", out);
    REQUIRE(out.size() == 1);
    CHECK(out[0].severity == slipway::Severity::warning);
}

TEST_CASE("patterns apply to values of any size: padding does not get past them") {
    const Schema& s = custom(R"({"properties": {"s": {"type": "string", "pattern": "^[a-z]+$"},
        "g": {"type": "string", "pattern": "^(a|aa)+$"}}})");
    const std::string long_ok(100000, 'a');
    CHECK(check(s, "s: " + long_ok + "\ng: " + long_ok + "\n").empty());
    CHECK(check(s, "s: " + long_ok + "B\ng: " + long_ok + "!\n") ==
          std::vector<std::string>{
              "1:4 \"s\" value \"" + std::string(64, 'a') +
                  "…\" does not match the pattern \"^[a-z]+$\"",
              "2:4 \"g\" value \"" + std::string(64, 'a') +
                  "…\" does not match the pattern \"^(a|aa)+$\"",
          });
}

TEST_CASE("a schema pattern in Go's RE2 syntax is checked") {
    const Schema& s = custom(R"({"properties": {"n": {"type": "string",
        "pattern": "^(?P<name>[a-z0-9]([-a-z0-9]*[a-z0-9])?)\\z"}}})");
    CHECK(check(s, "n: my-app\n").empty());
    CHECK(check(s, "n: My-App\n") ==
          std::vector<std::string>{"1:4 \"n\" value \"My-App\" does not match the pattern "
                                   "\"^(?P<name>[a-z0-9]([-a-z0-9]*[a-z0-9])?)\\\\z\""});
}
