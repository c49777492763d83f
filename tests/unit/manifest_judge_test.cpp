// Tests for manifest/judge: whole files judged end to end, as the gate will call it.
#include "manifest/judge.hpp"

#include "manifest/emitter.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

namespace fs = std::filesystem;
using namespace slipway::manifest;

namespace {

const SchemaSet& kubernetes() {
    static SchemaSet set = [] {
        SchemaSet s;
        REQUIRE(s.add_openapi_file(fs::path(SLIPWAY_TEST_DATA_DIR) / "k8s/definitions.json"));
        return s;
    }();
    return set;
}

// Findings as the pusher reads them: "path:line:col: message [rule]".
std::vector<std::string> lines(const FileVerdict& v) {
    std::vector<std::string> out;
    for (const auto& f : v.findings) {
        CHECK(f.ref.empty());
        out.push_back(f.path + ":" + std::to_string(f.line) + ":" + std::to_string(f.column) +
                      ": " + f.message + " [" + f.rule + "]");
    }
    return out;
}

constexpr std::string_view cart = R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart
  labels:
    app: cart
spec:
  selector:
    matchLabels:
      app: cart
  replica: 2
  template:
    metadata:
      labels:
        app: cart
    spec:
      containers:
        - name: server
          image: registry.example.com/cart:latest
)";

} // namespace

TEST_CASE("the pusher sees each problem at its line and column, in file order") {
    Settings settings;
    settings.resources.enabled = false;
    FileVerdict v = judge_file("services/cart/deployment.yaml", cart, kubernetes(), settings);
    CHECK(lines(v) ==
          std::vector<std::string>{
              "services/cart/deployment.yaml:11:3: unknown field \"spec.replica\" (did you mean "
              "\"replicas\"?) [schema]",
              "services/cart/deployment.yaml:19:18: image \"registry.example.com/cart:latest\" is "
              "not pinned; use the commit SHA tag or an @sha256 digest [image-pinned]"});
    REQUIRE(v.objects.size() == 1);
    CHECK(v.objects[0].name == "cart");
}

TEST_CASE("a valid file has objects and no findings") {
    Settings settings;
    settings.image_pinned.enabled = false;
    settings.resources.enabled = false;
    std::string fixed(cart);
    fixed.replace(fixed.find("replica:"), 8, "replicas:");
    FileVerdict v = judge_file("cart.yaml", fixed, kubernetes(), settings);
    CHECK(v.findings.empty());
    CHECK(v.objects.size() == 1);
    CHECK(v.file.complete);
}

TEST_CASE("blank and comment-only files are valid and hold no objects") {
    for (std::string text : {"", "# just a comment\n", "---\n---\n"}) {
        FileVerdict v = judge_file("empty.yaml", text, kubernetes(), Settings{});
        CHECK(v.findings.empty());
        CHECK(v.objects.empty());
    }
}

TEST_CASE("with no schemas, the structural rules still run") {
    SchemaSet none;
    Settings settings;
    settings.image_pinned.enabled = false;
    settings.resources.enabled = false;
    CHECK(judge_file("cart.yaml", cart, none, settings).findings.empty());
    CHECK(lines(judge_file("x.yaml", "kind: Service\nmetadata: {name: x}\n", none, settings)) ==
          std::vector<std::string>{"x.yaml:1:1: missing \"apiVersion\"; every object needs "
                                   "apiVersion and kind (e.g. apiVersion: apps/v1, kind: "
                                   "Deployment) [object-structure]"});
}

TEST_CASE("a kind without a schema is an error unless skipped by kind or group") {
    Settings settings;
    std::string cert =
        "apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: web\n";
    CHECK(lines(judge_file("cert.yaml", cert, kubernetes(), settings)) ==
          std::vector<std::string>{"cert.yaml:2:7: no schema for kind \"Certificate\" "
                                   "(cert-manager.io/v1); check the apiVersion, add the kind's "
                                   "schema to a schema directory, or skip the kind or its group "
                                   "in the policy [schema-missing]"});
    settings.schema_skip_groups = {"cert-manager.io"};
    CHECK(judge_file("cert.yaml", cert, kubernetes(), settings).findings.empty());
    settings.schema_skip_groups.clear();
    settings.schema_skip_kinds = {"cert-manager.io/Certificate"};
    CHECK(judge_file("cert.yaml", cert, kubernetes(), settings).findings.empty());
    settings.schema_skip_kinds.clear();
    settings.schema_missing.severity = slipway::Severity::warning;
    auto v = judge_file("cert.yaml", cert, kubernetes(), settings);
    REQUIRE(v.findings.size() == 1);
    CHECK(v.findings[0].severity == slipway::Severity::warning);
    CHECK(slipway::count_errors(v.findings) == 0);
}

TEST_CASE("each item of a List is judged on its own, named by its index") {
    std::string list = "apiVersion: v1\nkind: List\nitems:\n"
                       "- apiVersion: v1\n  kind: Service\n  metadata: {name: a}\n  spec:\n"
                       "    ports: [{port: 80}]\n"
                       "- apiVersion: v1\n  kind: Service\n  metadata: {name: b}\n  spec:\n"
                       "    prots: [{port: 80}]\n";
    FileVerdict v = judge_file("list.yaml", list, kubernetes(), Settings{});
    CHECK(v.objects.size() == 2);
    CHECK(lines(v) == std::vector<std::string>{"list.yaml:13:5: unknown field "
                                               "\"items[1].spec.prots\" (did you mean \"ports\"?) "
                                               "[schema]"});
}

TEST_CASE("after a syntax error, the documents before it are still judged") {
    std::string text = "apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec: {prots: []}\n"
                       "---\napiVersion: v1\nkind: Service\n  metadata: x\n";
    FileVerdict v = judge_file("svc.yaml", text, kubernetes(), Settings{});
    CHECK_FALSE(v.file.complete);
    CHECK(lines(v) ==
          std::vector<std::string>{
              "svc.yaml:4:8: unknown field \"spec.prots\" (did you mean \"ports\"?) [schema]",
              "svc.yaml:8:11: invalid YAML: mapping values are not allowed in this context; check "
              "the indentation and quoting here [yaml-syntax]"});
}

TEST_CASE("a billion laughs file is rejected with a limits finding and no objects") {
    std::string text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\ndata:\n"
                       "  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
    for (char c = 'b'; c <= 'j'; ++c) {
        std::string prev(1, static_cast<char>(c - 1));
        text += std::string("  ") + c + ": &" + c + " [";
        for (int i = 0; i < 10; ++i)
            text += (i ? ", *" : "*") + prev;
        text += "]\n";
    }
    FileVerdict v = judge_file("lol.yaml", text, kubernetes(), Settings{});
    CHECK(v.objects.empty());
    CHECK(lines(v) == std::vector<std::string>{
                          "lol.yaml:9:38: aliases in this file expand to more than 100000 nodes "
                          "(an alias bomb?); write the values out instead of nesting aliases "
                          "[yaml-limits]"});
}

TEST_CASE("duplicate keys are errors even where the schema would not notice") {
    std::string text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n";
    CHECK(lines(judge_file("cm.yaml", text, kubernetes(), Settings{})) ==
          std::vector<std::string>{"cm.yaml:5:3: duplicate key \"name\" (first at line 4, column "
                                   "3); keep only one of them [yaml-syntax]"});
}

TEST_CASE("a tracker finds duplicates across the files of one target") {
    Settings settings;
    DuplicateTracker tracker(settings.default_namespace);
    std::string svc = "apiVersion: v1\nkind: Service\nmetadata: {name: web}\n";
    CHECK(judge_file("a.yaml", svc, kubernetes(), settings, &tracker).findings.empty());
    CHECK(lines(judge_file("b.yaml", svc, kubernetes(), settings, &tracker)) ==
          std::vector<std::string>{"b.yaml:3:18: Service \"web\" in namespace \"default\" is "
                                   "defined twice (first at a.yaml:3:18); keep one of them or "
                                   "rename one [duplicate-object]"});
    settings.duplicate_object.enabled = false;
    CHECK(judge_file("c.yaml", svc, kubernetes(), settings, &tracker).findings.empty());
}

TEST_CASE("a schema that cannot be read fails the object closed") {
    fs::path dir = fs::temp_directory_path() / ("slipway-judge-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    std::ofstream(dir / "widget-example-v1.json") << "{not json";
    SchemaSet schemas;
    REQUIRE(schemas.add_directory(dir));
    std::string widget = "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n";
    auto found = lines(judge_file("w.yaml", widget, schemas, Settings{}));
    fs::remove_all(dir);
    CHECK(found ==
          std::vector<std::string>{"w.yaml:2:7: cannot check Widget (example.com/v1) against its "
                                   "schema: schema " +
                                   (dir / "widget-example-v1.json").string() +
                                   " is not valid JSON: line 1, column 2: expected a string key; "
                                   "an admin must fix the schema [schema]"});
}

TEST_CASE("the schema rule can be turned off or made lenient") {
    Settings settings;
    settings.image_pinned.enabled = false;
    settings.resources.enabled = false;
    settings.strict = false;
    CHECK(judge_file("cart.yaml", cart, kubernetes(), settings).findings.empty());
    settings.strict = true;
    settings.schema.enabled = false;
    CHECK(judge_file("cart.yaml", cart, kubernetes(), settings).findings.empty());
}

TEST_CASE("a judged object can be written back out, and its source sliced") {
    std::string text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n"
                       "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\ndata: {k: \"1\"}\n";
    FileVerdict v = judge_file("cm.yaml", text, kubernetes(), Settings{});
    REQUIRE(v.objects.size() == 2);
    auto emitted = emit_yaml(v.file.tree, v.objects[1].node);
    REQUIRE(emitted);
    CHECK(*emitted == "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\ndata:\n  k: \"1\"\n");
    CHECK(document_text(text, v.file.documents[v.objects[1].document]) ==
          "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\ndata: {k: \"1\"}\n");
}

TEST_CASE("a flood of problems stops at the findings limit") {
    Settings settings;
    settings.limits.max_findings = 3;
    std::string text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n";
    for (int i = 0; i < 1000; ++i)
        text += "extra" + std::to_string(i) + ": 1\n";
    auto found = lines(judge_file("cm.yaml", text, kubernetes(), settings));
    CHECK(found == std::vector<std::string>{
                       "cm.yaml:4:1: unknown field \"extra0\"; remove it, or fix its spelling or "
                       "indentation [schema]",
                       "cm.yaml:5:1: unknown field \"extra1\"; remove it, or fix its spelling or "
                       "indentation [schema]",
                       "cm.yaml:6:1: unknown field \"extra2\"; remove it, or fix its spelling or "
                       "indentation [schema]",
                       "cm.yaml:0:0: stopped after 3 problems in this file; fix these and push "
                       "again to see the rest [yaml-limits]"});
    std::string dups = "a: 1\n";
    for (int i = 0; i < 1000; ++i)
        dups += "a: 1\n";
    FileVerdict v = judge_file("d.yaml", dups, kubernetes(), settings);
    CHECK_FALSE(v.file.complete);
    CHECK(v.findings.size() == 4);
    CHECK(v.findings.back().rule == "yaml-limits");
}
