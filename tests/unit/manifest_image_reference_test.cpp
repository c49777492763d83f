// Tests for manifest/image_reference: parsing image references as Docker does.
#include "manifest/image_reference.hpp"

#include <catch2/catch.hpp>

using namespace slipway::manifest;

TEST_CASE("a registry with a port has no tag") {
    auto r = parse_image_reference("registry:5000/app");
    REQUIRE(r);
    CHECK(r->domain == "registry:5000");
    CHECK(r->repository == "app");
    CHECK(r->tag.empty());
    CHECK(r->digest.empty());
    CHECK(r->canonical_name() == "registry:5000/app");
}

TEST_CASE("tag and digest are split off the name") {
    // The parts are views: the text must outlive them.
    const std::string image =
        "registry.example.com:5000/team/app:v1.2@sha256:" + std::string(64, 'a');
    auto r = parse_image_reference(image);
    REQUIRE(r);
    CHECK(r->domain == "registry.example.com:5000");
    CHECK(r->repository == "team/app");
    CHECK(r->tag == "v1.2");
    CHECK(r->digest == "sha256:" + std::string(64, 'a'));
}

TEST_CASE("Docker Hub names are short and canonicalize under docker.io") {
    auto nginx = parse_image_reference("nginx");
    REQUIRE(nginx);
    CHECK(nginx->domain.empty());
    CHECK(nginx->canonical_name() == "docker.io/library/nginx");
    auto team = parse_image_reference("team/app:1");
    REQUIRE(team);
    CHECK(team->domain.empty()); // "team" has no '.' or ':': a path component, not a registry
    CHECK(team->canonical_name() == "docker.io/team/app");
    auto local = parse_image_reference("localhost/app");
    REQUIRE(local);
    CHECK(local->domain == "localhost");
    auto ipv6 = parse_image_reference("[::1]:5000/app:2");
    REQUIRE(ipv6);
    CHECK(ipv6->domain == "[::1]:5000");
    CHECK(ipv6->tag == "2");
}

TEST_CASE("invalid references say why") {
    auto check = [](std::string_view image, std::string_view why) {
        auto r = parse_image_reference(image);
        REQUIRE_FALSE(r);
        CHECK(r.error().message == why);
    };
    check("", "the image is empty");
    check("Nginx", "the repository Nginx may only hold lower-case letters, digits and single "
                   "separators");
    check("app:", "the tag  may only hold letters, digits, '_', '.' and '-' (at most 128)");
    check("app@sha256", "the digest after '@' must be algorithm:hex (e.g. sha256:...)");
    check("reg.io:x/app", "the registry reg.io:x is not a valid host[:port]");
    check("reg.io/", "the repository name is empty");
    check("a//b", "the repository a//b may only hold lower-case letters, digits and single "
                  "separators");
}

TEST_CASE("commit SHAs and sha256 digests") {
    CHECK(is_commit_sha("3f2a9c1e0b7d4a6f8e2c5b9a1d3f7e0c4b8a6d2e"));
    CHECK(is_commit_sha(std::string(64, 'e')));
    CHECK_FALSE(is_commit_sha("3f2a9c1"));
    CHECK_FALSE(is_commit_sha("3F2A9C1E0B7D4A6F8E2C5B9A1D3F7E0C4B8A6D2E"));
    CHECK_FALSE(is_commit_sha(std::string(40, 'g')));
    CHECK(is_sha256_digest("sha256:" + std::string(64, '0')));
    CHECK_FALSE(is_sha256_digest("sha256:" + std::string(63, '0')));
    CHECK_FALSE(is_sha256_digest("sha512:" + std::string(64, '0')));
}
