// Tests for manifest/emitter: objects written back as YAML keep their values and types.
#include "manifest/emitter.hpp"

#include "manifest/yaml_loader.hpp"

#include <catch2/catch.hpp>

using namespace slipway::manifest;

namespace {

std::string emit(std::string_view yaml, std::size_t document = 0) {
    LoadedFile f = load_yaml("f.yaml", yaml, Limits{});
    REQUIRE(f.findings.empty());
    auto out = emit_yaml(f.tree, f.documents.at(document).root);
    REQUIRE(out);
    return *out;
}

// True when `a` and `b` hold the same values with the same types.
bool same(const Tree& ta, NodeId a, const Tree& tb, NodeId b) {
    const Node& na = ta.node(a);
    const Node& nb = tb.node(b);
    if (na.type != nb.type)
        return false;
    if (ta.is_scalar(a))
        return na.type == NodeType::boolean || na.type == NodeType::null ||
               ta.text(a) == tb.text(b);
    auto ca = ta.children(a);
    auto cb = tb.children(b);
    if (ca.size() != cb.size())
        return false;
    for (std::size_t i = 0; i < ca.size(); ++i)
        if (!same(ta, ca[i], tb, cb[i]))
            return false;
    return true;
}

} // namespace

TEST_CASE("an object is written in block style") {
    CHECK(emit("{apiVersion: v1, kind: ConfigMap, metadata: {name: c, labels: {}}, "
               "data: {a: b}, list: [1, [2]]}") ==
          "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels: {}\ndata:\n  a: b\n"
          "list:\n- 1\n- - 2\n");
}

TEST_CASE("strings that would read as other types are quoted, and the rest keep their type") {
    CHECK(emit("a: \"80\"\nb: 'true'\nc: ''\nd: \"null\"\ne: 80\nf: yes\ng: ~\nh: \"x: y\"\n"
               "i: 1.5\n") ==
          "a: \"80\"\nb: \"true\"\nc: \"\"\nd: \"null\"\ne: 80\nf: true\ng: null\nh: 'x: y'\n"
          "i: 1.5\n");
}

TEST_CASE("keys keep their text") {
    CHECK(emit("y: 1\n~: 2\n5: 3\n\"true\": 4\n") == "y: 1\n~: 2\n5: 3\n\"true\": 4\n");
}

TEST_CASE("multi-line strings become literal blocks") {
    CHECK(emit("script: |\n  echo one\n  echo two\n") == "script: |\n  echo one\n  echo two\n");
}

TEST_CASE("aliases and merge keys are expanded") {
    CHECK(emit("base: &b {x: 1}\ncopy: *b\nmerged:\n  <<: *b\n  z: 2\n") ==
          "base:\n  x: 1\ncopy:\n  x: 1\nmerged:\n  z: 2\n  x: 1\n");
}

TEST_CASE("what is emitted loads back to the same values and types") {
    std::string original =
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  annotations:\n"
        "    note: \"multi\\nline\\n\"\n    tricky: \"- starts like a list\"\n"
        "    hash: \"#not a comment\"\n    unicode: \"caf\xc3\xa9\"\n    spaces: \"  padded  \"\n"
        "spec:\n  replicas: 3\n  template:\n    spec:\n      containers:\n      - name: a\n"
        "        args: [\"--port\", \"8080\", \"*\", \"&x\", \"@at\", \"%pct\", \"yes\", "
        "\"0x10\"]\n";
    LoadedFile a = load_yaml("a.yaml", original, Limits{});
    REQUIRE(a.findings.empty());
    auto text = emit_yaml(a.tree, a.documents[0].root);
    REQUIRE(text);
    LoadedFile b = load_yaml("b.yaml", *text, Limits{});
    REQUIRE(b.findings.empty());
    CHECK(same(a.tree, a.documents[0].root, b.tree, b.documents[0].root));
}

TEST_CASE("strings a YAML 1.1 or 1.2 reader would type are quoted") {
    CHECK(emit("a: \"2001-12-14\"\nb: \"1:20\"\nc: \"0x1f\"\nd: \"yes\"\ne: \"~\"\nf: \"1e3\"\n"
               "g: \"0o17\"\nh: \"=\"\ni: \"1.2.3\"\nj: \"190:20:30.15\"\n") ==
          "a: \"2001-12-14\"\nb: \"1:20\"\nc: \"0x1f\"\nd: \"yes\"\ne: \"~\"\nf: \"1e3\"\n"
          "g: \"0o17\"\nh: \"=\"\ni: 1.2.3\nj: \"190:20:30.15\"\n");
}

TEST_CASE("numbers are written so that every reader gets the same value") {
    CHECK(emit("a: 0x1f\nb: 0o17\nc: 017\nd: 1_000\ne: 1e3\nf: 1.50\ng: +12\nh: 08\n"
               "i: 100000000000000000000.0\nj: 1.5e-7\nk: -.inf\nl: .NaN\n"
               "m: 123456789012345678901234567890\nn: 1e400\n") ==
          "a: 31\nb: 15\nc: 15\nd: 1000\ne: 1000\nf: 1.5\ng: 12\nh: 8\ni: 1.0e+20\nj: 1.5e-07\n"
          "k: -.inf\nl: .nan\nm: 123456789012345678901234567890\nn: 1e400\n");
}

TEST_CASE("tagged values are written as the values their tags make") {
    CHECK(emit("bin: !!binary aGVsbG8=\nnum: !!int 0x1f\nflt: !!float 1e3\nstr: !!str 80\n"
               "boo: !!bool True\nnul: !!null ''\nts: !!timestamp 2001-12-14\n") ==
          "bin: hello\nnum: 31\nflt: 1000\nstr: \"80\"\nboo: true\nnul: null\n"
          "ts: \"2001-12-14T00:00:00Z\"\n");
}
