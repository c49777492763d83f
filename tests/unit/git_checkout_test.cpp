// Tests for git/checkout: a faithful checkout, whole or of some paths, and trees crafted to
// escape the workspace.
#include "git/checkout.hpp"

#include "deploy_fixture.hpp"
#include "git/diff.hpp"

#include <algorithm>
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

namespace {

// Every path under `dir` ("a", "a/b", ...), symlinks not followed, sorted.
std::vector<std::string> listing(const fs::path& dir) {
    std::vector<std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        out.push_back(e.path().lexically_relative(dir).string());
    std::sort(out.begin(), out.end());
    return out;
}

Result<CheckoutReport> partial(const BareRepo& r, const git_oid& treeish,
                               const std::vector<std::string>& paths, const fs::path& dir) {
    auto tree = peel_to_tree(r.repo(), treeish);
    REQUIRE(tree);
    TreeLookup lookup(r.repo(), **tree);
    return checkout_paths(lookup, paths, dir);
}

const git::TreeFiles services = {
    {"services/a/kustomization.yaml", {"resources: [d.yaml]\n"}},
    {"services/a/d.yaml", {"a"}},
    {"services/a/run.sh", {"#!/bin/sh\n", FileMode::executable}},
    {"services/b/d.yaml", {"b"}},
    {"bases/web/kustomization.yaml", {"resources: [w.yaml]\n"}},
    {"bases/web/w.yaml", {"w"}},
    {"bases/db/db.yaml", {"db"}},
    {"top.txt", {"top"}},
};

} // namespace

TEST_CASE("checkout_paths writes what the paths name and the directories above, nothing else") {
    BareRepo r;
    auto commit = r.commit(services);
    TempDir ws;
    auto report = partial(r, commit, {"services/a", "bases/web/w.yaml"}, ws.path());
    REQUIRE(report);
    CHECK(listing(ws.path()) ==
          std::vector<std::string>{"bases", "bases/web", "bases/web/w.yaml", "services",
                                   "services/a", "services/a/d.yaml",
                                   "services/a/kustomization.yaml", "services/a/run.sh"});
    CHECK(report->files == 4);
    CHECK(report->directories == 4);
    CHECK(report->symlinks == 0);
    CHECK(report->warnings.empty());
    CHECK(read_file(ws / "services/a/d.yaml") == "a");
    CHECK(mode_of(ws / "services/a/run.sh") == 0755);
    CHECK(mode_of(ws / "services/a/d.yaml") == 0644);
}

TEST_CASE("checkout_paths of the root is the whole checkout") {
    BareRepo r;
    auto files = services;
    files["services/a/web"] = {"../../bases/web", FileMode::symlink};
    auto commit = r.commit(files);
    TempDir whole, root;
    auto full = checkout_tree(r.repo(), commit, whole.path());
    auto part = partial(r, commit, {"."}, root.path());
    REQUIRE(full);
    REQUIRE(part);
    CHECK(listing(root.path()) == listing(whole.path()));
    CHECK(part->files == full->files);
    CHECK(part->directories == full->directories);
    CHECK(part->symlinks == full->symlinks);
}

TEST_CASE("a symlink checkout_paths writes brings what it leads to, whole") {
    BareRepo r;
    auto files = services;
    // A base through a link, a link to a link, and a link to a file inside another directory.
    files["services/a/web"] = {"../../bases/web", FileMode::symlink};
    files["services/a/db"] = {"../../links/db", FileMode::symlink};
    files["links/db"] = {"../bases/db", FileMode::symlink};
    files["services/a/top.txt"] = {"../../top.txt", FileMode::symlink};
    auto commit = r.commit(files);
    TempDir ws;
    auto report = partial(r, commit, {"services/a"}, ws.path());
    REQUIRE(report);
    CHECK(listing(ws.path()) ==
          std::vector<std::string>{
              "bases", "bases/db", "bases/db/db.yaml", "bases/web", "bases/web/kustomization.yaml",
              "bases/web/w.yaml", "links", "links/db", "services", "services/a",
              "services/a/d.yaml", "services/a/db", "services/a/kustomization.yaml",
              "services/a/run.sh", "services/a/top.txt", "services/a/web", "top.txt"});
    CHECK(report->symlinks == 4);
    CHECK(read_file(ws / "services/a/web/w.yaml") == "w");
    CHECK(read_file(ws / "services/a/db/db.yaml") == "db");
    CHECK(read_file(ws / "services/a/top.txt") == "top");
}

TEST_CASE("checkout_paths follows symlinks on the way to a path, and the path's own") {
    BareRepo r;
    auto files = services;
    files["services/shared"] = {"../bases", FileMode::symlink};
    files["services/w.yaml"] = {"shared/web/w.yaml", FileMode::symlink};
    auto commit = r.commit(files);
    TempDir ws;
    // Through a symlinked directory: the link, and where it leads, whole.
    auto report = partial(r, commit, {"services/shared/web/w.yaml"}, ws.path());
    REQUIRE(report);
    CHECK(listing(ws.path()) ==
          std::vector<std::string>{"bases", "bases/db", "bases/db/db.yaml", "bases/web",
                                   "bases/web/kustomization.yaml", "bases/web/w.yaml", "services",
                                   "services/shared"});
    CHECK(read_file(ws / "services/shared/web/w.yaml") == "w");
    // A link named as the path: it and its target.
    TempDir ws2;
    report = partial(r, commit, {"services/w.yaml"}, ws2.path());
    REQUIRE(report);
    CHECK(read_file(ws2 / "services/w.yaml") == "w");
    CHECK_FALSE(fs::exists(ws2 / "services/a"));
}

TEST_CASE("checkout_paths of a missing path writes what the tree has of it") {
    BareRepo r;
    auto commit = r.commit(services);
    TempDir ws;
    auto report =
        partial(r, commit, {"services/a/missing.yaml", "top.txt/below", "nowhere/x"}, ws.path());
    REQUIRE(report);
    // The directory it would be in (empty), the file where a directory is expected.
    CHECK(listing(ws.path()) == std::vector<std::string>{"services", "services/a", "top.txt"});
}

TEST_CASE("checkout_paths leaves out symlinks that lead outside, as checkout_tree does") {
    BareRepo r;
    auto commit = r.commit({{"k/etc", {"/etc", FileMode::symlink}},
                            {"k/up", {"../..", FileMode::symlink}},
                            {"k/esc", {"../d1/d2/up/..", FileMode::symlink}},
                            {"d1/d2/up", {"../..", FileMode::symlink}},
                            {"k/loop-a", {"loop-b", FileMode::symlink}},
                            {"k/loop-b", {"loop-a", FileMode::symlink}},
                            {"k/ok.yaml", {"x"}},
                            {"other/secret.yaml", {"s"}}});
    TempDir ws;
    auto report = partial(r, commit, {"k", "k/up/etc/passwd"}, ws.path());
    REQUIRE(report);
    CHECK(report->symlinks == 0);
    CHECK(report->warnings ==
          std::vector<std::string>{
              "symlink k/esc -> ../d1/d2/up/.. is not checked out: it leads outside the workspace",
              "symlink k/etc -> /etc is not checked out: it leads outside the workspace",
              "symlink k/loop-a -> loop-b is not checked out: it leads outside the workspace",
              "symlink k/loop-b -> loop-a is not checked out: it leads outside the workspace",
              "symlink k/up -> ../.. is not checked out: it leads outside the workspace"});
    // d1/d2/up was met on the way of k/esc; k/esc is left out, so it brings nothing.
    CHECK(listing(ws.path()) == std::vector<std::string>{"k", "k/ok.yaml"});
}

TEST_CASE("a symlink to a directory above it brings that directory, once") {
    BareRepo r;
    auto commit = r.commit({{"services/a/k.yaml", {"a"}},
                            {"services/a/parent", {"..", FileMode::symlink}},
                            {"services/b/k.yaml", {"b"}},
                            {"top.txt", {"top"}}});
    TempDir ws;
    auto report = partial(r, commit, {"services/a"}, ws.path());
    REQUIRE(report);
    CHECK(listing(ws.path()) == std::vector<std::string>{"services", "services/a",
                                                         "services/a/k.yaml", "services/a/parent",
                                                         "services/b", "services/b/k.yaml"});
    CHECK(read_file(ws / "services/a/parent/b/k.yaml") == "b");
}

TEST_CASE("checkout_paths refuses bad entries it would write, and only those") {
    BareRepo r;
    auto file = blob(r, "x");
    TempDir outside;
    auto inner = raw_tree(r, {{"100644", "pwned", file}});
    // Each in git's order of names, so that a lookup by name finds what is there.
    auto link_and_dir =
        raw_tree(r, {{"120000", "a", blob(r, outside.path().string())}, {"40000", "a", inner}});
    auto two_dirs = raw_tree(r, {{"40000", "a", inner}, {"40000", "a", inner}});
    auto bad_name = raw_tree(r, {{"100644", ".git", file}, {"100644", "k.yaml", file}});
    auto good = raw_tree(r, {{"100644", "k.yaml", file}});
    auto tree = raw_tree(r, {{"40000", "bad-name", bad_name},
                             {"40000", "good", good},
                             {"40000", "link-and-dir", link_and_dir},
                             {"40000", "two-dirs", two_dirs}});
    TempDir ws;
    SECTION("what is not written is not looked at") {
        auto report = partial(r, tree, {"good"}, ws.path());
        REQUIRE(report);
        CHECK(listing(ws.path()) == std::vector<std::string>{"good", "good/k.yaml"});
    }
    SECTION("a directory written whole is checked whole") {
        auto report = partial(r, tree, {"link-and-dir"}, ws.path());
        REQUIRE_FALSE(report);
        CHECK(report.error().message ==
              "refusing to check out link-and-dir/a: the tree holds two entries with that name");
        CHECK(fs::is_empty(ws.path()));
        report = partial(r, tree, {"bad-name"}, ws.path());
        REQUIRE_FALSE(report);
        CHECK(report.error().message ==
              "refusing to check out the entry \"bad-name/.git\": not a valid file name");
        CHECK(fs::is_empty(ws.path()));
    }
    SECTION("two entries of one name on the way to a path") {
        auto report = partial(r, tree, {"two-dirs/a/pwned"}, ws.path());
        REQUIRE_FALSE(report);
        CHECK(report.error().message ==
              "refusing to check out two-dirs/a: the tree holds two entries with that name");
    }
    SECTION("an invalid name as the path") {
        auto report = partial(r, tree, {"bad-name/.git"}, ws.path());
        REQUIRE_FALSE(report);
        CHECK(report.error().message ==
              "refusing to check out the entry \"bad-name/.git\": not a valid file name");
    }
    CHECK(fs::is_empty(outside.path()));
}

TEST_CASE("checkout_paths wants an empty directory, not a symlink") {
    BareRepo r;
    auto commit = r.commit(services);
    TempDir ws;
    slipway::testing::write_file(ws / "leftover", "x");
    auto report = partial(r, commit, {"top.txt"}, ws.path());
    REQUIRE_FALSE(report);
    CHECK(report.error().message == "checkout directory " + ws.path().string() + " is not empty");
    fs::create_directory(ws / "real");
    fs::create_directory_symlink(ws / "real", ws / "link");
    report = partial(r, commit, {"top.txt"}, ws / "link");
    REQUIRE_FALSE(report);
    CHECK(fs::is_empty(ws / "real"));
}

TEST_CASE("under a budget, a checkout is reckoned from object headers and refused unwritten") {
    BareRepo r;
    auto commit = r.commit({{"main.tf", {"resource {}\n"}}, {"big/x", {std::string(100, 'x')}}});
    CheckoutBudget budget(150, 100);
    {
        CheckoutBudget::Scope scope(budget, 0);
        TempDir first;
        REQUIRE(checkout_tree(r.repo(), commit, first.path()));
        CHECK(budget.used_bytes() == 112);
        CHECK(budget.used_files() == 3);
        CHECK_FALSE(budget.take_refusal());

        // 38 bytes are left: the second checkout of the same tree writes nothing.
        TempDir second;
        auto refused = checkout_tree(r.repo(), commit, second.path());
        REQUIRE_FALSE(refused);
        CHECK(refused.error().message ==
              "the checkout would write 112 bytes in 3 files and directories, more than the 38 "
              "bytes left of the 150 bytes the gate checks out for one push");
        CHECK(listing(second.path()).empty());
        auto refusal = budget.take_refusal();
        REQUIRE(refusal);
        CHECK(refusal->over == CheckoutRefusal::Over::bytes);
        CHECK(budget.used_bytes() == 112);
    }
    // Without a scope, nothing is counted.
    TempDir unbounded;
    REQUIRE(checkout_tree(r.repo(), commit, unbounded.path()));
    CHECK(budget.used_bytes() == 112);
}

TEST_CASE("under a budget, a file over the scope's file limit is refused by its header") {
    BareRepo r;
    auto commit = r.commit({{"main.tf", {"resource {}\n"}}, {"big/x", {std::string(100, 'x')}}});
    CheckoutBudget budget(1000, 2);
    CheckoutBudget::Scope scope(budget, 50);
    TempDir ws;
    auto refused = checkout_tree(r.repo(), commit, ws.path());
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message ==
          "big/x is 100 bytes, more than the 50 bytes the gate checks out of one file");
    CHECK(listing(ws.path()).empty());
    auto refusal = budget.take_refusal();
    REQUIRE(refusal);
    CHECK(refusal->over == CheckoutRefusal::Over::file_bytes);
    CHECK(refusal->path == "big/x");
    CHECK(budget.used_bytes() == 0);

    // Too many entries for what is left is refused alike.
    CheckoutBudget few(1000, 2);
    CheckoutBudget::Scope inner(few, 0);
    TempDir ws2;
    auto crowded = checkout_tree(r.repo(), commit, ws2.path());
    REQUIRE_FALSE(crowded);
    CHECK(crowded.error().message == "the checkout would write 3 files and directories, more "
                                     "than the 2 left of the 2 the gate checks out for one push");
    CHECK(listing(ws2.path()).empty());
}
