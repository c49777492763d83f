// Tests for policy/reader: the strict reader over the manifest loader's tree (node handles,
// typed values, line:col), and what the loader's limits, tags and key checks make of a policy.
#include "policy/reader.hpp"

#include "manifest/yaml_loader.hpp"
#include "policy/policy.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace slipway;
using namespace slipway::policy;

namespace {

struct Loaded {
    manifest::LoadedFile file;
    YamlNode root() const { return YamlNode(file.tree, file.documents.at(0).root); }
};

Loaded loaded(std::string_view text) {
    Loaded l{manifest::load_yaml("p.yaml", text, manifest::Limits{})};
    REQUIRE(l.file.findings.empty());
    return l;
}

std::string errors_of(const std::string& text) {
    auto p = parse_policy(text, "p.yaml");
    REQUIRE_FALSE(p);
    return p.error().message;
}

} // namespace

TEST_CASE("a node handle says what the node is, and nothing is nothing") {
    auto l = loaded("m: {a: 1}\ns: [x, y]\nv: text\nn: ~\ne:\nq: 'null'\n");
    Reader reader("p.yaml");
    auto f = reader.fields(l.root(), "top", {"m", "s", "v", "n", "e", "q", "absent"});
    REQUIRE(f);
    CHECK((*f)["m"].is_map());
    CHECK((*f)["m"].size() == 1);
    CHECK((*f)["s"].is_sequence());
    CHECK((*f)["s"].size() == 2);
    CHECK((*f)["v"].is_scalar());
    CHECK((*f)["v"].scalar() == "text");
    CHECK((*f)["n"].is_null());
    CHECK_FALSE((*f)["n"].is_scalar());
    CHECK((*f)["e"].is_null());
    CHECK((*f)["q"].is_scalar());
    CHECK_FALSE((*f)["absent"].is_defined());
    CHECK_FALSE(f->has("absent"));
    CHECK((*f)["absent"].position().line == 0);
    CHECK(Reader::position((*f)["v"]).line == 3);
    CHECK(Reader::position((*f)["v"]).column == 4);
    CHECK(reader.errors().empty());
}

TEST_CASE("typed reads report at the value, with the same messages as before the port") {
    auto l = loaded("b: 'true'\nc: True\nd: yes\ni: '5'\nj: 0x10\nk: 7\nl: [a, [b]]\n"
                    "p: '(a)\\1'\nr: [x]\n");
    Reader reader("p.yaml");
    auto f = reader.fields(l.root(), "top", {"b", "c", "d", "i", "j", "k", "l", "p", "r"});
    REQUIRE(f);
    CHECK_FALSE(reader.boolean((*f)["b"], "b"));
    CHECK_FALSE(reader.boolean((*f)["c"], "c"));
    CHECK_FALSE(reader.boolean((*f)["d"], "d"));
    CHECK_FALSE(reader.integer((*f)["i"], "i", 0, 10));
    CHECK_FALSE(reader.integer((*f)["j"], "j", 0, 100));
    CHECK(reader.integer((*f)["k"], "k", 0, 10) == 7);
    CHECK_FALSE(reader.strings((*f)["l"], "l"));
    CHECK_FALSE(reader.pattern((*f)["p"], "branch_name"));
    CHECK_FALSE(reader.string((*f)["r"], "r"));
    CHECK(reader.errors() ==
          std::vector<std::string>{
              "p.yaml:1:4: b must be true or false",
              "p.yaml:2:4: c must be true or false",
              "p.yaml:3:4: d must be true or false",
              "p.yaml:4:4: i must be a whole number from 0 to 10",
              "p.yaml:5:4: j must be a whole number from 0 to 100",
              "p.yaml:7:8: each entry of l must be a string, not a list",
              "p.yaml:8:4: branch_name is not a valid regular expression (\"(a)\\1\"): invalid "
              "escape sequence: \\1",
              "p.yaml:9:4: r must be a string, not a list",
          });
}

TEST_CASE("an RE2 pattern that is too long is a policy error at its line:col") {
    const std::string nested = std::string(30000, '(') + "a" + std::string(30000, ')');
    CHECK(errors_of("version: 1\nrefs:\n  - match: refs/heads/*\n    branch_name: '" + nested +
                    "'\n") ==
          "p.yaml:4:18: branch_name is too long for a regular expression (60001 bytes; at most "
          "4096)");
}

TEST_CASE("aliases are followed, and an alias bomb is a policy error at its line:col") {
    auto ok =
        parse_policy("version: 1\ngroups:\n  ops: &ops [alice, bob]\n  release: *ops\n", "p.yaml");
    REQUIRE(ok);
    CHECK(ok->principals.includes({"@release"}, "bob"));

    std::string bomb = "version: 1\ngroups:\n  a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
    for (int i = 1; i <= 9; ++i) {
        bomb += "  a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
        for (int j = 0; j < 10; ++j)
            bomb += (j ? ", *a" : "*a") + std::to_string(i - 1);
        bomb += "]\n";
    }
    CHECK(errors_of(bomb) ==
          "p.yaml:7:47: aliases in this file expand to more than 100000 nodes (an alias bomb?); "
          "write the values out instead of nesting aliases");
}

TEST_CASE("duplicate and non-scalar keys are errors wherever they are") {
    // Where the reader reads the mapping, in its words.
    CHECK(errors_of("version: 1\nversion: 1\n") ==
          "p.yaml:2:1: key \"version\" appears twice in the policy");
    CHECK(errors_of("version: 1\ngroups:\n  ops: [a]\n  ops: [b]\n") ==
          "p.yaml:4:3: \"ops\" appears twice in groups");
    CHECK(errors_of("version: 1\n[a]: 1\n") ==
          "p.yaml:2:1: the policy has a key that is not a name");
    // Inside a value no reader looks into as a mapping, in the loader's.
    CHECK(errors_of("version: 1\nrefs:\n  - match: {x: 1, x: 2}\n") ==
          "p.yaml:3:12: match must be a string or a list of strings, not a mapping\n"
          "p.yaml:3:19: duplicate key \"x\" (first at line 3, column 13); keep only one of them");
}

TEST_CASE("tags are applied, and tags with no meaning are errors") {
    auto ok = parse_policy("version: !!int 1\nrefs:\n  - match: !!str refs/heads/master\n"
                           "    protected: !!bool true\n",
                           "p.yaml");
    REQUIRE(ok);
    CHECK(ok->refs.at(0).is_protected);
    CHECK(errors_of("version: 1\nrefs:\n  - match: !Ref master\n") ==
          "p.yaml:3:12: YAML tag !Ref has no meaning in Kubernetes: kubectl would drop it and "
          "apply the bare value; render the template before pushing, or remove the tag");
}

TEST_CASE("a policy is one document") {
    CHECK(errors_of("version: 1\n---\nversion: 1\n") ==
          "p.yaml:2:1: the policy is one YAML document; remove the second (from its ---)");
    CHECK(errors_of("---\n...\n") == "p.yaml: the policy is empty; it needs at least `version: 1`");
}
