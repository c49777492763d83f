// Tests for manifest/settings: kind selectors.
#include "manifest/settings.hpp"

#include <catch2/catch.hpp>

using namespace slipway::manifest;

TEST_CASE("a kind selector matches by kind, group/kind or apiVersion/kind") {
    CHECK(kind_selector_matches("Secret", "v1", "", "Secret"));
    CHECK(kind_selector_matches("v1/Secret", "v1", "", "Secret"));
    CHECK(kind_selector_matches("apps/Deployment", "apps/v1", "apps", "Deployment"));
    CHECK(kind_selector_matches("apps/v1/Deployment", "apps/v1", "apps", "Deployment"));
    CHECK_FALSE(kind_selector_matches("apps/v2/Deployment", "apps/v1", "apps", "Deployment"));
    CHECK_FALSE(kind_selector_matches("Secret", "v1", "", "ConfigMap"));
    CHECK_FALSE(kind_selector_matches("example.com/Secret", "v1", "", "Secret"));
}

TEST_CASE("defaults: structure, schemas and parameter-free rules on, strict") {
    Settings s;
    CHECK(s.strict);
    CHECK(s.schema.enabled);
    CHECK(s.image_pinned.enabled);
    CHECK(s.default_namespace == "default");
    CHECK(s.limits.max_file_bytes == 4u * 1024 * 1024);
    CHECK(s.allowed_registries.empty());
}
