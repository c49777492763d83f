// Tests for manifest/schema_set: kinds found in OpenAPI definitions and kubeconform directories.
#include "manifest/schema_set.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include <unistd.h>

namespace fs = std::filesystem;
using namespace slipway::manifest;

namespace {

const fs::path data = SLIPWAY_TEST_DATA_DIR;

struct TempDir {
    fs::path path =
        fs::temp_directory_path() / ("slipway-schema-set-" + std::to_string(::getpid()) + "-" +
                                     std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    TempDir() { fs::create_directories(path); }
    ~TempDir() { fs::remove_all(path); }
    void write(const std::string& name, const std::string& text) const {
        std::ofstream(path / name) << text;
    }
};

} // namespace

TEST_CASE("kubeconform file names use the kind, the group's first label and the version") {
    CHECK(kubeconform_file_name("apps", "v1", "Deployment") == "deployment-apps-v1.json");
    CHECK(kubeconform_file_name("", "v1", "Service") == "service-v1.json");
    CHECK(kubeconform_file_name("sagemaker.aws.amazon.com", "v1", "TrainingJob") ==
          "trainingjob-sagemaker-v1.json");
}

TEST_CASE("kinds are found in the Kubernetes definitions by group, version and kind") {
    SchemaSet set;
    CHECK(set.empty());
    REQUIRE(set.add_openapi_file(data / "k8s/definitions.json"));
    CHECK_FALSE(set.empty());
    auto deployment = set.find("apps", "v1", "Deployment");
    REQUIRE(deployment);
    REQUIRE(*deployment != nullptr);
    CHECK((*deployment)->properties.find("spec") != nullptr);
    CHECK(*set.find("apps", "v1", "Deployment") == *deployment); // cached
    auto service = set.find("", "v1", "Service");
    REQUIRE(service);
    CHECK(*service != nullptr);
    auto old = set.find("apps", "v1beta1", "Deployment");
    REQUIRE(old);
    CHECK(*old == nullptr);
    auto crd = set.find("cert-manager.io", "v1", "Certificate");
    REQUIRE(crd);
    CHECK(*crd == nullptr);
}

TEST_CASE("a kubeconform directory is read when its kind is first looked up") {
    TempDir dir;
    dir.write("widget-example-v1.json", R"({"properties": {"spec": {"type": "object"}}})");
    dir.write("broken-example-v1.json", R"({"properties": )");
    SchemaSet set;
    REQUIRE(set.add_directory(dir.path));
    auto widget = set.find("example.com", "v1", "Widget");
    REQUIRE(widget);
    REQUIRE(*widget != nullptr);
    CHECK((*widget)->properties.find("spec") != nullptr);
    auto missing = set.find("example.com", "v2", "Widget");
    REQUIRE(missing);
    CHECK(*missing == nullptr);
    auto broken = set.find("example.com", "v1", "Broken");
    REQUIRE_FALSE(broken);
    CHECK(broken.error().message == "schema " + (dir.path / "broken-example-v1.json").string() +
                                        " is not valid JSON: line 1, column 16: unexpected end "
                                        "of JSON");
}

TEST_CASE("sources are searched in the order they were added") {
    TempDir dir;
    dir.write("service-v1.json", R"({"properties": {"only": {}}})");
    SchemaSet set;
    REQUIRE(set.add_directory(dir.path));
    REQUIRE(set.add_openapi_file(data / "k8s/definitions.json"));
    auto service = set.find("", "v1", "Service");
    REQUIRE(service);
    CHECK((*service)->properties.names().size() == 1);
}

TEST_CASE("unusable sources are refused") {
    SchemaSet set;
    auto not_json = set.add_openapi("{", "defs.json");
    REQUIRE_FALSE(not_json);
    CHECK(not_json.error().message ==
          "defs.json is not valid JSON: line 1, column 2: expected a string key");
    auto no_definitions = set.add_openapi("{\"paths\": {}}", "defs.json");
    REQUIRE_FALSE(no_definitions);
    CHECK(no_definitions.error().message ==
          "defs.json has no \"definitions\" mapping; expected an OpenAPI v2 document such as "
          "`kubectl get --raw /openapi/v2` prints");
    auto no_dir = set.add_directory("/nonexistent/schemas");
    REQUIRE_FALSE(no_dir);
    CHECK(no_dir.error().message == "schema directory /nonexistent/schemas does not exist");
    auto no_file = set.add_openapi_file("/nonexistent/defs.json");
    REQUIRE_FALSE(no_file);
    CHECK(no_file.error().message == "cannot open /nonexistent/defs.json");
    CHECK(set.empty());
}
