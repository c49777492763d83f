// Tests for admin/serve_request: only GET/HEAD of a served repository's page files; no
// request names a file outside the pages directories.
#include "admin/serve_request.hpp"

#include <catch2/catch.hpp>

using namespace slipway::admin;

namespace {

const std::vector<ServedRepository> repos = {{"shop.git", "/srv/git/shop.git/slipway/www"},
                                             {"infra.git", "/srv/git/infra.git/slipway/www"}};

Resolution get(const std::string& target, const std::string& method = "GET") {
    return resolve_request(method + " " + target + " HTTP/1.1\r\nHost: x\r\n\r\n", repos);
}

} // namespace

TEST_CASE("serve resolves a repository's pages to files in its pages directory") {
    auto index = get("/shop.git/");
    CHECK(index.status == 200);
    REQUIRE(index.file);
    CHECK(*index.file == "/srv/git/shop.git/slipway/www/index.html");
    CHECK(index.content_type == "text/html; charset=utf-8");
    auto deploy = get("/infra.git/deploy-12.html?x=1");
    REQUIRE(deploy.file);
    CHECK(*deploy.file == "/srv/git/infra.git/slipway/www/deploy-12.html");
    auto head = get("/shop.git/push-3.html", "HEAD");
    CHECK(head.status == 200);
    CHECK(head.head_only);
}

TEST_CASE("serve lists the repositories at / and redirects a name without its slash") {
    auto root = get("/");
    CHECK(root.status == 200);
    CHECK_FALSE(root.file);
    CHECK(root.body.find("<a href=\"shop.git/\">shop.git</a>") != std::string::npos);
    auto bare = get("/shop.git");
    CHECK(bare.status == 301);
    CHECK(bare.location == "/shop.git/");
}

TEST_CASE("serve refuses path traversal and unknown names") {
    for (const std::string target :
         {"/shop.git/../../../etc/passwd", "/../etc/passwd", "/shop.git/..", "/shop.git/.",
          "/shop.git/%2e%2e/%2e%2e/etc/passwd", "/shop.git/..%2f..%2fetc%2fpasswd",
          "/shop.git/sub/index.html", "/shop.git//index.html", "/shop.git/.hidden", "/other.git/",
          "/..", "/shop.git/index.html%00", "/shop.git/a\\b"}) {
        INFO(target);
        auto r = get(target);
        CHECK(r.status == 404);
        CHECK_FALSE(r.file);
    }
    CHECK(get("shop.git/index.html").status == 400);
    CHECK(resolve_request("GET /shop.git/\r\n\r\n", repos).status == 400);
    CHECK(resolve_request("", repos).status == 400);
}

TEST_CASE("serve answers only GET and HEAD") {
    for (const std::string method : {"POST", "PUT", "DELETE", "OPTIONS", "get"}) {
        INFO(method);
        auto r = get("/shop.git/", method);
        CHECK(r.status == 405);
        CHECK_FALSE(r.file);
    }
}

TEST_CASE("is_page_file_name takes plain names only") {
    CHECK(is_page_file_name("index.html"));
    CHECK(is_page_file_name("deploy-7.html"));
    CHECK_FALSE(is_page_file_name(""));
    CHECK_FALSE(is_page_file_name(".."));
    CHECK_FALSE(is_page_file_name(".index.html"));
    CHECK_FALSE(is_page_file_name("a/b"));
    CHECK_FALSE(is_page_file_name(std::string(101, 'a')));
}
