// Tests for git/checkout: a faithful checkout, and trees crafted to escape the workspace.
#include "git/checkout.hpp"

#include "deploy_fixture.hpp"

#include <sys/stat.h>

using namespace slipway;
using namespace slipway::git;
using slipway::testing::BareRepo;
using slipway::testing::read_file;
using slipway::testing::TempDir;
namespace fs = std::filesystem;

namespace {

// One entry of a hand-made tree object.
struct RawEntry {
    std::string mode; // octal, as git writes it: "100644", "120000", "40000"
    std::string name;
    git_oid oid;
};

// Writes a tree object byte by byte, so entries libgit2's treebuilder would refuse (two with
// one name, "..") can exist, as they could in a pushed packfile.
git_oid raw_tree(const BareRepo& r, const std::vector<RawEntry>& entries) {
    std::string data;
    for (const auto& e : entries) {
        data += e.mode + " " + e.name;
        data.push_back('\0');
        data.append(reinterpret_cast<const char*>(e.oid.id), GIT_OID_RAWSZ);
    }
    git_odb* raw = nullptr;
    REQUIRE(git_repository_odb(&raw, r.repo().raw()) == 0);
    OdbPtr odb(raw);
    git_oid out;
    REQUIRE(git_odb_write(&out, odb.get(), data.data(), data.size(), GIT_OBJECT_TREE) == 0);
    return out;
}

git_oid blob(const BareRepo& r, const std::string& content) {
    git_oid out;
    REQUIRE(git_blob_create_from_buffer(&out, r.repo().raw(), content.data(), content.size()) == 0);
    return out;
}

mode_t mode_of(const fs::path& p) {
    struct stat st {};
    REQUIRE(::lstat(p.c_str(), &st) == 0);
    return st.st_mode & 07777;
}

} // namespace

TEST_CASE("checkout_tree writes files with their modes, directories and inner symlinks") {
    BareRepo r;
    auto commit = r.commit({{"main.tf", {"resource {}\n"}},
                            {"scripts/deploy.sh", {"#!/bin/sh\necho hi\n", FileMode::executable}},
                            {"modules/net/main.tf", {"net\n"}},
                            {"modules/current", {"net", FileMode::symlink}},
                            {"shared.tf", {"modules/net/main.tf", FileMode::symlink}}});
    TempDir ws;
    auto report = checkout_tree(r.repo(), commit, ws.path());
    REQUIRE(report);
    CHECK(report->files == 3);
    CHECK(report->directories == 3);
    CHECK(report->symlinks == 2);
    CHECK(report->warnings.empty());
    CHECK(read_file(ws / "main.tf") == "resource {}\n");
    CHECK(read_file(ws / "modules/current/main.tf") == "net\n");
    CHECK(read_file(ws / "shared.tf") == "net\n");
    CHECK(fs::read_symlink(ws / "modules/current") == "net");
    CHECK(mode_of(ws / "scripts/deploy.sh") == 0755);
    CHECK(mode_of(ws / "main.tf") == 0644);
}

TEST_CASE("symlinks leading outside the workspace are skipped with a warning") {
    BareRepo r;
    auto commit = r.commit({{"etc", {"/etc", FileMode::symlink}},
                            {"a/up", {"../..", FileMode::symlink}},
                            {"a/ok", {"../main.tf", FileMode::symlink}},
                            {"main.tf", {"x"}}});
    TempDir ws;
    auto report = checkout_tree(r.repo(), commit, ws.path());
    REQUIRE(report);
    CHECK(report->symlinks == 1);
    CHECK(report->warnings ==
          std::vector<std::string>{
              "symlink a/up -> ../.. is not checked out: it leads outside the workspace",
              "symlink etc -> /etc is not checked out: it leads outside the workspace"});
    CHECK_FALSE(fs::exists(fs::symlink_status(ws / "etc")));
    CHECK_FALSE(fs::exists(fs::symlink_status(ws / "a/up")));
    CHECK(read_file(ws / "a/ok") == "x");
}

TEST_CASE("a symlink that escapes only through another symlink is skipped") {
    BareRepo r;
    // d1/d2/up resolves to the workspace root (allowed); lexically "d1/d2/up/.." is d1/d2,
    // but the kernel follows `up` first and lands above the root.
    auto commit = r.commit({{"d1/d2/up", {"../..", FileMode::symlink}},
                            {"esc", {"d1/d2/up/..", FileMode::symlink}},
                            {"loop-a", {"loop-b", FileMode::symlink}},
                            {"loop-b", {"loop-a", FileMode::symlink}}});
    TempDir ws;
    auto report = checkout_tree(r.repo(), commit, ws.path());
    REQUIRE(report);
    CHECK(report->symlinks == 1);
    CHECK(fs::is_symlink(ws / "d1/d2/up"));
    CHECK_FALSE(fs::exists(fs::symlink_status(ws / "esc")));
    CHECK(report->warnings ==
          std::vector<std::string>{
              "symlink esc -> d1/d2/up/.. is not checked out: it leads outside the workspace",
              "symlink loop-a -> loop-b is not checked out: it leads outside the workspace",
              "symlink loop-b -> loop-a is not checked out: it leads outside the workspace"});
}

TEST_CASE("a tree with a symlink and a directory of one name never writes through the link") {
    BareRepo r;
    TempDir outside;
    auto inner = raw_tree(r, {{"100644", "pwned", blob(r, "owned")}});
    // "a" -> outside dir, then "a/pwned": a checkout following the link would write outside.
    auto tree =
        raw_tree(r, {{"120000", "a", blob(r, outside.path().string())}, {"40000", "a", inner}});
    TempDir ws;
    auto report = checkout_tree(r.repo(), tree, ws.path());
    REQUIRE_FALSE(report);
    CHECK(report.error().message ==
          "refusing to check out a: the tree holds two entries with that name");
    CHECK(fs::is_empty(outside.path()));
    CHECK(fs::is_empty(ws.path()));
}

TEST_CASE("entry names that climb out of the workspace are rejected") {
    BareRepo r;
    auto file = blob(r, "x");
    for (std::string name : {"..", ".", ".git"}) {
        auto tree = raw_tree(r, {{"100644", name, file}});
        TempDir ws;
        auto report = checkout_tree(r.repo(), tree, ws.path());
        REQUIRE_FALSE(report);
        CHECK(report.error().message ==
              "refusing to check out the entry \"" + name + "\": not a valid file name");
    }
}

TEST_CASE("checkout_tree wants an empty directory") {
    BareRepo r;
    auto commit = r.commit({{"a", {"1"}}});
    TempDir ws;
    slipway::testing::write_file(ws / "leftover", "x");
    auto report = checkout_tree(r.repo(), commit, ws.path());
    REQUIRE_FALSE(report);
    CHECK(report.error().message == "checkout directory " + ws.path().string() + " is not empty");
    CHECK(read_file(ws / "leftover") == "x");
}

TEST_CASE("checkout_tree into a symlinked directory is refused") {
    BareRepo r;
    auto commit = r.commit({{"a", {"1"}}});
    TempDir ws;
    fs::create_directory(ws / "real");
    fs::create_directory_symlink(ws / "real", ws / "link");
    auto report = checkout_tree(r.repo(), commit, ws / "link");
    REQUIRE_FALSE(report);
    CHECK(report.error().message.starts_with("cannot open checkout directory " +
                                             (ws / "link").string() + ": "));
    CHECK(fs::is_empty(ws / "real"));
}
