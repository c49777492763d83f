// Tests for manifest/object: objects of a file, List expansion, and object-structure findings.
#include "manifest/object.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace slipway::manifest;

namespace {

struct Extracted {
    LoadedFile file;
    std::vector<Object> objects;
    std::vector<std::string> findings;
};

Extracted extract(std::string_view yaml) {
    Extracted e;
    e.file = load_yaml("f.yaml", yaml, Limits{});
    REQUIRE(e.file.findings.empty());
    slipway::Findings findings;
    extract_objects("f.yaml", e.file, e.objects, findings);
    for (const auto& f : findings) {
        CHECK(f.rule == "object-structure");
        CHECK(f.path == "f.yaml");
        e.findings.push_back(std::to_string(f.line) + ":" + std::to_string(f.column) + " " +
                             f.message);
    }
    return e;
}

} // namespace

TEST_CASE("a well-formed object is extracted with its identity") {
    auto e = extract("# c\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: cart\n"
                     "  namespace: shop\n");
    CHECK(e.findings.empty());
    REQUIRE(e.objects.size() == 1);
    const Object& o = e.objects[0];
    CHECK(o.api_version == "apps/v1");
    CHECK(o.group == "apps");
    CHECK(o.version == "v1");
    CHECK(o.kind == "Deployment");
    CHECK(o.name == "cart");
    CHECK(o.namespace_name == "shop");
    CHECK(o.line == 2);
    CHECK(o.column == 1);
    CHECK(o.list_index == -1);
    CHECK(e.file.tree.text(o.name_node) == "cart");
}

TEST_CASE("generateName stands in for a name") {
    auto e = extract("apiVersion: batch/v1\nkind: Job\nmetadata:\n  generateName: pi-\n");
    CHECK(e.findings.empty());
    REQUIRE(e.objects.size() == 1);
    CHECK(e.objects[0].name.empty());
    CHECK(e.objects[0].generate_name == "pi-");
    CHECK(e.objects[0].group == "batch");
}

TEST_CASE("the items of a List are objects of their own") {
    auto e = extract("apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Service\n"
                     "  metadata: {name: a}\n- apiVersion: v1\n  kind: ConfigMap\n"
                     "  metadata: {name: b}\n---\nkind: List\napiVersion: v1\nitems: []\n");
    CHECK(e.findings.empty());
    REQUIRE(e.objects.size() == 2);
    CHECK(e.objects[1].kind == "ConfigMap");
    CHECK(e.objects[1].list_index == 1);
    CHECK(e.objects[1].line == 7);
    CHECK(e.objects[1].column == 3);
}

TEST_CASE("a List item with a problem is named by its index") {
    auto e = extract("apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  metadata: {name: a}\n"
                     "- just a string\n");
    CHECK(e.objects.empty());
    CHECK(e.findings ==
          std::vector<std::string>{
              "4:3 missing \"items[0].kind\"; every object needs apiVersion and kind (e.g. "
              "apiVersion: apps/v1, kind: Deployment)",
              "6:3 \"items[1]\" is the string \"just a string\", not a Kubernetes object; write a "
              "mapping with apiVersion, kind and metadata"});
}

TEST_CASE("a List without items, or with items that are not a list") {
    CHECK(extract("apiVersion: v1\nkind: List\n").findings ==
          std::vector<std::string>{"1:1 a List needs \"items\"; write items: [] for an empty one"});
    CHECK(extract("apiVersion: v1\nkind: List\nitems: {a: 1}\n").findings ==
          std::vector<std::string>{
              "3:8 \"items\" of a List must be a list of objects, got a mapping"});
}

TEST_CASE("missing apiVersion and kind") {
    CHECK(extract("kind: Service\nmetadata:\n  name: x\n").findings ==
          std::vector<std::string>{
              "1:1 missing \"apiVersion\"; every object needs apiVersion and kind (e.g. "
              "apiVersion: apps/v1, kind: Deployment)"});
    CHECK(extract("apiVersion: v1\nmetadata:\n  name: x\n").findings ==
          std::vector<std::string>{
              "1:1 missing \"kind\"; every object needs apiVersion and kind (e.g. apiVersion: "
              "apps/v1, kind: Deployment)"});
}

TEST_CASE("an empty kind, a kind that is not a string, a malformed apiVersion") {
    CHECK(extract("apiVersion: v1\nkind:\nmetadata: {name: x}\n").findings ==
          std::vector<std::string>{
              "2:1 \"kind\" is empty; every object needs apiVersion and kind (e.g. apiVersion: "
              "apps/v1, kind: Deployment)"});
    CHECK(extract("apiVersion: 1\nkind: [Pod]\nmetadata: {name: x}\n").findings ==
          std::vector<std::string>{
              "1:13 \"apiVersion\" must be a string, got integer 1; quote it: \"1\"",
              "2:7 \"kind\" must be a string, got a list"});
    CHECK(extract("apiVersion: apps/v1/x\nkind: Pod\nmetadata: {name: x}\n").findings ==
          std::vector<std::string>{"1:13 \"apiVersion\" \"apps/v1/x\" is not of the form "
                                   "group/version or version (e.g. apps/v1, v1)"});
}

TEST_CASE("metadata must hold a string name or generateName") {
    CHECK(extract("apiVersion: v1\nkind: Pod\n").findings ==
          std::vector<std::string>{"1:1 missing \"metadata.name\"; give the object a name (or "
                                   "metadata.generateName)"});
    CHECK(extract("apiVersion: v1\nkind: Pod\nmetadata:\n  labels: {}\n").findings ==
          std::vector<std::string>{"4:3 missing \"metadata.name\"; give the object a name (or "
                                   "metadata.generateName)"});
    CHECK(extract("apiVersion: v1\nkind: Pod\nmetadata: web\n").findings ==
          std::vector<std::string>{"3:11 \"metadata\" must be a mapping, got the string \"web\"; "
                                   "write metadata.name under it"});
    CHECK(
        extract("apiVersion: v1\nkind: Pod\nmetadata:\n  name: 42\n  namespace: [a]\n").findings ==
        std::vector<std::string>{
            "4:9 \"metadata.name\" must be a string, got integer 42; quote it: \"42\"",
            "5:14 \"metadata.namespace\" must be a string, got a list"});
}

TEST_CASE("a document that is not a mapping is not an object") {
    CHECK(
        extract("- a\n- b\n").findings ==
        std::vector<std::string>{"1:1 document 1 is a list, not a Kubernetes object; each "
                                 "document must be a mapping with apiVersion, kind and metadata"});
    CHECK(extract("---\n---\nhello\n").findings ==
          std::vector<std::string>{
              "3:1 document 2 is the string \"hello\", not a Kubernetes object; each document "
              "must be a mapping with apiVersion, kind and metadata"});
}

TEST_CASE("apiVersion splits into group and version") {
    std::string_view g, v;
    CHECK(split_api_version("apps/v1", g, v));
    CHECK(g == "apps");
    CHECK(v == "v1");
    CHECK(split_api_version("v1", g, v));
    CHECK(g.empty());
    CHECK_FALSE(split_api_version("/v1", g, v));
    CHECK_FALSE(split_api_version("apps/", g, v));
    CHECK_FALSE(split_api_version("a b/v1", g, v));
    CHECK_FALSE(split_api_version("", g, v));
}
