// Tests for manifest/yaml_loader: documents, typing, positions, syntax errors, duplicate keys,
// merge keys, and the limits on untrusted input.
#include "manifest/yaml_loader.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace slipway::manifest;

namespace {

std::vector<std::string> lines(const slipway::Findings& findings) {
    std::vector<std::string> out;
    for (const auto& f : findings)
        out.push_back(std::to_string(f.line) + ":" + std::to_string(f.column) + " " + f.rule +
                      ": " + f.message);
    return out;
}

LoadedFile load(std::string_view text, Limits limits = {}) {
    return load_yaml("f.yaml", text, limits);
}

// The "billion laughs": ten levels of nine aliases each, 10^9 strings when expanded.
std::string billion_laughs() {
    std::string s =
        "a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
    for (int i = 1; i <= 9; ++i) {
        std::string prev = "*a" + std::to_string(i - 1);
        s += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
        for (int j = 0; j < 9; ++j)
            s += (j ? "," : "") + prev;
        s += "]\n";
    }
    return s;
}

} // namespace

TEST_CASE("documents of a stream load with their positions and source spans") {
    std::string text = "apiVersion: v1\nkind: Service\n---\n# only a comment\n---\nkind: Pod\n";
    auto f = load(text);
    REQUIRE(f.findings.empty());
    REQUIRE(f.complete);
    REQUIRE(f.documents.size() == 3);
    CHECK(f.documents[0].root != no_node);
    CHECK(f.documents[1].root == no_node); // comments only: valid, no object
    CHECK(f.documents[2].index == 2);
    CHECK(f.documents[2].line == 5);
    const Tree& t = f.tree;
    NodeId kind = t.find(f.documents[2].root, "kind");
    CHECK(t.text(kind) == "Pod");
    CHECK(t.node(kind).line == 6);
    CHECK(t.node(kind).column == 7);
    CHECK(document_text(text, f.documents[0]) == "apiVersion: v1\nkind: Service\n");
    CHECK(document_text(text, f.documents[2]) == "---\nkind: Pod\n");
}

TEST_CASE("blank and comment-only files hold no objects and no findings") {
    for (std::string text :
         {"", "\n\n", "# nothing here\n", "---\n# Arbitrary comment\n", "null\n"}) {
        auto f = load(text);
        CHECK(f.findings.empty());
        for (const auto& d : f.documents)
            CHECK(d.root == no_node);
    }
}

TEST_CASE("scalars are typed as Kubernetes reads them") {
    auto f = load("a: 80\nb: \"80\"\nc: true\nd: ~\ne:\nf: 'x'\ng: |\n  two\n  lines\nh: !!str 5\n"
                  "i: 1.5\nj: yes\nk: 0x10\n");
    const Tree& t = f.tree;
    NodeId root = f.documents.at(0).root;
    auto type = [&](std::string_view key) {
        return t.node(t.find(root, key)).type;
    };
    CHECK(type("a") == NodeType::integer);
    CHECK(type("b") == NodeType::string);
    CHECK(t.node(t.find(root, "b")).quoted);
    CHECK(type("c") == NodeType::boolean);
    CHECK(type("d") == NodeType::null);
    CHECK(type("e") == NodeType::null);
    CHECK(type("f") == NodeType::string);
    CHECK(type("g") == NodeType::string);
    CHECK(t.text(t.find(root, "g")) == "two\nlines\n");
    CHECK(type("h") == NodeType::string);
    CHECK(type("i") == NodeType::number);
    CHECK(type("j") == NodeType::boolean);
    CHECK(type("k") == NodeType::integer);
}

TEST_CASE("JSON loads through the same path, tabs and all") {
    auto f = load("{\n\t\"apiVersion\": \"v1\",\n\t\"spec\": {\"replicas\": 2, \"on\": true}\n}\n");
    REQUIRE(f.findings.empty());
    const Tree& t = f.tree;
    NodeId spec = t.find(f.documents.at(0).root, "spec");
    CHECK(t.node(t.find(spec, "replicas")).type == NodeType::integer);
    CHECK(t.node(spec).line == 3);
    CHECK(t.node(spec).column == 10);
}

TEST_CASE("a syntax error is reported at its own line and column") {
    auto f = load("apiVersion: v1\nkind: Service\nmetadata:\n  name: \"web\n");
    CHECK_FALSE(f.complete);
    CHECK(lines(f.findings) ==
          std::vector<std::string>{"5:1 yaml-syntax: invalid YAML: found unexpected end of stream "
                                   "while scanning a quoted scalar started at 4:9; check the "
                                   "indentation and quoting here"});
}

TEST_CASE("a bad indentation is a syntax error too, and earlier documents still load") {
    auto f = load("kind: A\n---\nkind: B\n  name: x\n");
    CHECK_FALSE(f.complete);
    CHECK(f.documents.size() == 1);
    CHECK(lines(f.findings) ==
          std::vector<std::string>{"4:7 yaml-syntax: invalid YAML: mapping values are not allowed "
                                   "in this context; check the indentation and quoting here"});
}

TEST_CASE("a tab used for indentation gets its own explanation") {
    auto f = load("metadata:\n\tname: x\n");
    CHECK(lines(f.findings) ==
          std::vector<std::string>{"2:1 yaml-syntax: invalid YAML: a tab character here; YAML is "
                                   "indented with spaces, not tabs"});
}

TEST_CASE("Windows line endings and a byte order mark are fine") {
    auto f = load("\xEF\xBB\xBF"
                  "apiVersion: v1\r\nkind: Service\r\nmetadata:\r\n  name: web\r\n");
    REQUIRE(f.findings.empty());
    const Tree& t = f.tree;
    NodeId name = t.find(t.find(f.documents.at(0).root, "metadata"), "name");
    CHECK(t.text(name) == "web");
    CHECK(t.node(name).line == 4);
    CHECK(t.node(name).column == 9);
}

TEST_CASE("invalid UTF-8 is reported where it is") {
    auto f = load("a: b\nc: \xff\n");
    REQUIRE(f.findings.size() == 1);
    CHECK(f.findings[0].rule == "yaml-syntax");
    CHECK(f.findings[0].line == 2);
    CHECK(f.findings[0].column == 4);
    CHECK(f.findings[0].message ==
          "invalid YAML: invalid leading UTF-8 octet; save the file as UTF-8");
}

TEST_CASE("a duplicate key is an error at the second key") {
    auto f = load("metadata:\n  name: a\n  labels: {}\n  name: b\n");
    CHECK(f.complete);
    CHECK(lines(f.findings) ==
          std::vector<std::string>{"4:3 yaml-syntax: duplicate key \"name\" (first at line 2, "
                                   "column 3); keep only one of them"});
}

TEST_CASE("duplicate keys are found in large mappings too, and in JSON") {
    std::string text = "{";
    for (int i = 0; i < 40; ++i)
        text += "\"k" + std::to_string(i) + "\": " + std::to_string(i) + ", ";
    text += "\"k7\": 0}";
    auto f = load(text);
    CHECK(lines(f.findings) ==
          std::vector<std::string>{"1:422 yaml-syntax: duplicate key \"k7\" (first at line 1, "
                                   "column 65); keep only one of them"});
}

TEST_CASE("a mapping or list as a key is an error") {
    auto f = load("? [a, b]\n: c\n");
    CHECK(lines(f.findings) ==
          std::vector<std::string>{"1:3 yaml-syntax: a mapping key must be a plain value, not a "
                                   "mapping or a list; Kubernetes objects only have string keys"});
}

TEST_CASE("aliases share their anchor's node and merge keys merge") {
    auto f =
        load("base: &base {cpu: 1, memory: 2}\nlimits: *base\nrequests:\n  <<: *base\n  cpu: 3\n");
    REQUIRE(f.findings.empty());
    const Tree& t = f.tree;
    NodeId root = f.documents.at(0).root;
    CHECK(t.find(root, "limits") == t.find(root, "base"));
    NodeId requests = t.find(root, "requests");
    CHECK(t.size(requests) == 2);
    CHECK(t.text(t.find(requests, "cpu")) == "3"); // explicit keys win over merged ones
    CHECK(t.text(t.find(requests, "memory")) == "2");
    CHECK(t.find_key(requests, "<<") == no_node);
}

TEST_CASE("an alias to an unknown anchor is an error") {
    auto f = load("a: *nowhere\n");
    CHECK_FALSE(f.complete);
    CHECK(lines(f.findings) ==
          std::vector<std::string>{"1:4 yaml-syntax: alias *nowhere refers to no anchor defined "
                                   "before it (or to the node that contains it); define &nowhere "
                                   "earlier"});
}

TEST_CASE("a node cannot contain an alias of itself") {
    auto f = load("a: &x [1, *x]\n");
    CHECK_FALSE(f.complete);
    REQUIRE(f.findings.size() == 1);
    CHECK(f.findings[0].rule == "yaml-syntax");
}

TEST_CASE("a billion laughs is rejected early by the alias limit") {
    auto f = load(billion_laughs());
    CHECK_FALSE(f.complete);
    CHECK(lines(f.findings) ==
          std::vector<std::string>{"6:10 yaml-limits: aliases in this file expand to more than "
                                   "100000 nodes (an alias bomb?); write the values out instead "
                                   "of nesting aliases"});
    CHECK(f.tree.node_count() < 100);
}

TEST_CASE("aliases cannot smuggle in nesting deeper than the limit") {
    std::string text = "a: &a [[[[1]]]]\nb: [[[*a]]]\n";
    auto f = load(text, Limits{.max_depth = 6});
    CHECK(lines(f.findings) ==
          std::vector<std::string>{"2:7 yaml-limits: alias *a nests values deeper than 6 levels; "
                                   "flatten the file"});
    CHECK(load(text, Limits{.max_depth = 9}).findings.empty());
}

TEST_CASE("the file size limit") {
    auto f = load("kind: Pod\n", Limits{.max_file_bytes = 5});
    CHECK_FALSE(f.complete);
    CHECK(f.documents.empty());
    CHECK(lines(f.findings) ==
          std::vector<std::string>{"0:0 yaml-limits: file is 0.0 KiB, more than the 0.0 KiB "
                                   "allowed for a manifest; split it into several files"});
    auto big = load(std::string(5 * 1024 * 1024, '#'));
    CHECK(lines(big.findings) ==
          std::vector<std::string>{"0:0 yaml-limits: file is 5.0 MiB, more than the 4.0 MiB "
                                   "allowed for a manifest; split it into several files"});
    CHECK(load("kind: Pod\n", Limits{.max_file_bytes = 10}).findings.empty());
}

TEST_CASE("the documents limit") {
    auto f = load("a: 1\n---\nb: 2\n---\nc: 3\n", Limits{.max_documents = 2});
    CHECK_FALSE(f.complete);
    CHECK(f.documents.size() == 2);
    CHECK(lines(f.findings) ==
          std::vector<std::string>{"4:1 yaml-limits: more than 2 documents in one file; split it "
                                   "into several files"});
}

TEST_CASE("the depth limit") {
    auto f = load("a:\n  b:\n    c:\n      d: 1\n", Limits{.max_depth = 3});
    CHECK_FALSE(f.complete);
    CHECK(lines(f.findings) ==
          std::vector<std::string>{"4:7 yaml-limits: values nested deeper than 3 levels; flatten "
                                   "the file"});
    CHECK(load("a:\n  b:\n    c: 1\n", Limits{.max_depth = 3}).findings.empty());
    // A flow-style bomb stops at the limit, not at the end of the input.
    auto deep = load(std::string(1000000, '['));
    CHECK(deep.findings.at(0).rule == "yaml-limits");
}

TEST_CASE("aliases that copy more bytes than the limit are refused at the alias") {
    const std::string text = "v: &v " + std::string(1023, 'x') + "\nl: [*v, *v, *v, *v]\n";
    auto f = load(text, Limits{.max_expanded_bytes = 2048});
    CHECK_FALSE(f.complete);
    CHECK(lines(f.findings) ==
          std::vector<std::string>{"2:13 yaml-limits: aliases in this file copy more than 2.0 KiB "
                                   "of values when expanded (alias *v alone copies 1.0 KiB); "
                                   "write the values out instead of repeating them with aliases"});
    CHECK(load(text, Limits{.max_expanded_bytes = 4096}).findings.empty());
}

TEST_CASE("a few aliases of a large value pass the node limit but not the byte limit") {
    // 3.5 MiB aliased a hundred times would be 350 MiB in a rendering.
    std::string text = "big: &big " + std::string(3584 * 1024, 'x') + "\ncopies:\n";
    for (int i = 0; i < 100; ++i)
        text += "  - *big\n";
    auto f = load(text);
    CHECK_FALSE(f.complete);
    CHECK(lines(f.findings) ==
          std::vector<std::string>{"7:5 yaml-limits: aliases in this file copy more than 16.0 MiB "
                                   "of values when expanded (alias *big alone copies 3.5 MiB); "
                                   "write the values out instead of repeating them with aliases"});
}

TEST_CASE("YAML tags are applied to values as kustomize applies them") {
    auto f = load("a: !!int 0x1f\nb: !!binary aGVsbG8=\nc: !!timestamp 2001-12-14\n"
                  "d: !!str 80\ne: !!bool True\nf: !!null ~\ng: !!float 1e3\nh: !!map {x: 1}\n"
                  "i: !!seq [1]\nj: !<tag:yaml.org,2002:str> 12\nk: !!int \"42\"\nl: ! 12\n"
                  "m: !!binary |\n  aGVs\n  bG8=\n");
    CHECK(f.findings.empty());
    const Tree& t = f.tree;
    NodeId root = f.documents.at(0).root;
    auto type = [&](std::string_view key) {
        return t.node(t.find(root, key)).type;
    };
    auto text = [&](std::string_view key) {
        return t.text(t.find(root, key));
    };
    CHECK(type("a") == NodeType::integer);
    CHECK(text("a") == "0x1f");
    CHECK(type("b") == NodeType::string);
    CHECK(text("b") == "hello");
    CHECK(type("c") == NodeType::string);
    CHECK(text("c") == "2001-12-14T00:00:00Z");
    CHECK(type("d") == NodeType::string);
    CHECK(type("e") == NodeType::boolean);
    CHECK(text("e") == "true");
    CHECK(type("f") == NodeType::null);
    CHECK(type("g") == NodeType::number);
    CHECK(type("h") == NodeType::mapping);
    CHECK(type("i") == NodeType::sequence);
    CHECK(type("j") == NodeType::string);
    CHECK(type("k") == NodeType::integer);
    CHECK(type("l") == NodeType::string);
    CHECK(text("m") == "hello");
}

TEST_CASE("tags Kubernetes has no meaning for, and values their tag does not fit, are refused") {
    auto f = load("a: !Ref foo\nb: !!int hello\nc: !!bool yes\nd: !!binary '***'\n"
                  "e: !!binary /w==\nf: !!map x\ng: !!str {x: 1}\nh: !!set {x: ~}\n"
                  "i: !GetAtt [a, b]\n");
    CHECK(f.complete);
    const std::string unknown = " has no meaning in Kubernetes: kubectl would drop it and apply "
                                "the bare value; render the template before pushing, or remove "
                                "the tag";
    CHECK(lines(f.findings) ==
          std::vector<std::string>{
              "1:4 yaml-syntax: YAML tag !Ref" + unknown,
              "2:4 yaml-syntax: !!int \"hello\" is not a whole number (decimal, 0x, 0o or 0b, "
              "within 64 bits); kustomize refuses it: write the value without the tag, or a "
              "valid one",
              "3:4 yaml-syntax: !!bool \"yes\" is not true or false; kustomize refuses it: write "
              "the value without the tag, or a valid one",
              "4:4 yaml-syntax: !!binary value is not valid base64; kustomize refuses it",
              "5:4 yaml-syntax: !!binary value decodes to bytes that are not UTF-8 text, which "
              "kubectl would replace with U+FFFD; put binary data base64-encoded in a Secret's or "
              "ConfigMap's binaryData, without the tag",
              "6:4 yaml-syntax: !!map needs a mapping, not a single value",
              "7:4 yaml-syntax: !!str cannot tag a mapping",
              "8:4 yaml-syntax: YAML tag !!set" + unknown,
              "9:4 yaml-syntax: YAML tag !GetAtt" + unknown,
          });
}
