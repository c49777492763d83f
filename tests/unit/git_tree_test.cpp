// Tests for git/tree: writing a tree from a path map and reading it back.
#include "git/tree.hpp"

#include "deploy_fixture.hpp"

using namespace slipway;
using namespace slipway::git;
using slipway::testing::BareRepo;

TEST_CASE("write_tree then read_tree gives back the same files and modes") {
    BareRepo r;
    TreeFiles files{{"README", {"hello\n"}},
                    {"bin/run", {"#!/bin/sh\n", FileMode::executable}},
                    {"a/b/c/deep.yaml", {"kind: X\n"}},
                    {"a/link", {"b/c/deep.yaml", FileMode::symlink}}};
    auto tree = write_tree(r.repo(), files);
    REQUIRE(tree);
    auto back = read_tree(r.repo(), *tree);
    REQUIRE(back);
    CHECK(*back == files);
}

TEST_CASE("write_tree of no files is git's empty tree") {
    BareRepo r;
    auto tree = write_tree(r.repo(), {});
    REQUIRE(tree);
    CHECK(to_hex(*tree) == "4b825dc642cb6eb9a060e54bf8d69288fbee4904");
}

TEST_CASE("write_tree rejects invalid paths, naming them") {
    BareRepo r;
    for (std::string bad : {"/abs", "a/../b", "a//b", "./a", ".git/config", "a/", ""}) {
        auto tree = write_tree(r.repo(), {{bad, {"x"}}});
        REQUIRE_FALSE(tree);
        CHECK(tree.error().message == "\"" + bad + "\" is not a valid path in a tree");
    }
}

TEST_CASE("write_tree rejects a path that is both a file and a directory") {
    BareRepo r;
    auto tree = write_tree(r.repo(), {{"a", {"file"}}, {"a/b", {"below"}}});
    REQUIRE_FALSE(tree);
    CHECK(tree.error().message == "\"a\" is both a file and a directory");
}

TEST_CASE("is_valid_tree_path accepts ordinary relative paths") {
    CHECK(is_valid_tree_path("ns/deployment-web.yaml"));
    CHECK(is_valid_tree_path(".hidden/x"));
    CHECK_FALSE(is_valid_tree_path("a/./b"));
    CHECK_FALSE(is_valid_tree_path(std::string_view("a\0b", 3)));
}
