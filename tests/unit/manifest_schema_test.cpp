// Tests for manifest/schema: compiling JSON schemas, $refs, type unions, property tables.
#include "manifest/schema.hpp"

#include "manifest/json_reader.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace slipway::manifest;

namespace {

// Compiles the schema at JSON pointer `at` ("" for the root) of `json`.
slipway::Result<const Schema*> compile(SchemaArena& arena, std::string_view json,
                                       std::string_view at = "") {
    auto doc = read_json(json);
    REQUIRE(doc);
    NodeId root = doc->root;
    NodeId node = root;
    if (!at.empty())
        node = doc->tree.find(doc->tree.find(root, "definitions"), at);
    std::size_t index = arena.add_document(std::move(doc->tree));
    return arena.compile(index, node, root);
}

} // namespace

TEST_CASE("properties, required and types compile, and $refs become pointers") {
    SchemaArena arena;
    auto s = compile(arena, R"({"definitions": {
        "Pod": {"type": "object", "required": ["spec"], "properties": {
            "spec": {"$ref": "#/definitions/Spec"}, "other": {"$ref": "#/definitions/Spec"}}},
        "Spec": {"properties": {"replicas": {"type": "integer", "minimum": 0},
                                "self": {"$ref": "#/definitions/Spec"}}}}})",
                     "Pod");
    REQUIRE(s);
    const Schema& pod = **s;
    CHECK(pod.types == type_object);
    CHECK(pod.has_properties);
    REQUIRE(pod.required.size() == 1);
    CHECK(pod.required[0] == "spec");
    const Schema* spec = pod.properties.find("spec");
    REQUIRE(spec);
    CHECK(spec == pod.properties.find("other"));  // compiled once
    CHECK(spec->types == type_object);            // inferred from `properties`
    CHECK(spec->properties.find("self") == spec); // recursion through $ref
    CHECK(spec->properties.find("replicas")->minimum == 0.0);
    CHECK(pod.properties.find("nope") == nullptr);
    CHECK(pod.properties.names().size() == 2);
}

TEST_CASE("int-or-string in all its spellings is a type union") {
    SchemaArena arena;
    for (std::string json : {R"({"oneOf": [{"type": "string"}, {"type": "integer"}]})",
                             R"({"type": "string", "format": "int-or-string"})",
                             R"({"x-kubernetes-int-or-string": true})"}) {
        auto s = compile(arena, json);
        REQUIRE(s);
        CHECK((*s)->types == (type_integer | type_string));
        CHECK((*s)->one_of.empty());
    }
}

TEST_CASE("a oneOf of real schemas stays a oneOf") {
    SchemaArena arena;
    auto s = compile(arena, R"({"oneOf": [{"required": ["a"]}, {"required": ["b"]}]})");
    REQUIRE(s);
    CHECK((*s)->one_of.size() == 2);
}

TEST_CASE("additionalProperties, preserve-unknown-fields, enums and bounds") {
    SchemaArena arena;
    auto s = compile(arena, R"({"type": ["object", "null"],
        "additionalProperties": {"type": "string"},
        "x-kubernetes-preserve-unknown-fields": true,
        "enum": ["a", 1], "minLength": 2, "maxItems": 3, "pattern": "^[a-z]+$"})");
    REQUIRE(s);
    const Schema& x = **s;
    CHECK(x.types == (type_object | type_null));
    CHECK(x.additional == Schema::Additional::schema);
    CHECK(x.additional_schema->types == type_string);
    CHECK(x.preserve_unknown);
    REQUIRE(x.enum_values.size() == 2);
    CHECK(x.enum_values[1].first == NodeType::integer);
    CHECK(x.min_length == 2u);
    CHECK(x.max_items == 3u);
    CHECK(x.pattern);
    auto closed = compile(arena, R"({"properties": {}, "additionalProperties": false})");
    REQUIRE(closed);
    CHECK((*closed)->additional == Schema::Additional::forbidden);
}

TEST_CASE("bad $refs fail with what is wrong") {
    SchemaArena arena;
    auto dangling = compile(arena, R"({"properties": {"a": {"$ref": "#/definitions/Nope"}}})");
    REQUIRE_FALSE(dangling);
    CHECK(dangling.error().message ==
          "$ref #/definitions/Nope points to nothing (no \"definitions\")");
    auto remote = compile(arena, R"({"$ref": "other.json#/x"})");
    REQUIRE_FALSE(remote);
    CHECK(remote.error().message ==
          "$ref other.json#/x points outside its document; only local references (#/...) are "
          "supported");
    auto cycle = compile(arena, R"({"definitions": {"A": {"$ref": "#/definitions/B"},
                                                      "B": {"$ref": "#/definitions/A"}}})",
                         "A");
    REQUIRE_FALSE(cycle);
    CHECK(cycle.error().message == "cyclic $ref");
}

TEST_CASE("a property table finds every name among many") {
    std::vector<std::string> names;
    for (int i = 0; i < 300; ++i)
        names.push_back("field" + std::to_string(i));
    Schema dummy;
    std::vector<std::pair<std::string_view, const Schema*>> entries;
    for (const auto& n : names)
        entries.emplace_back(n, &dummy);
    PropertyTable table;
    table.assign(entries);
    for (const auto& n : names)
        CHECK(table.find(n) == &dummy);
    CHECK(table.find("field300") == nullptr);
    CHECK(table.find("") == nullptr);
}
