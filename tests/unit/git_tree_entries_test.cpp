// Tests for git/tree_entries: entries by path (one at a time and through a TreeLookup), subtree
// walks, tree diffs, blob reads.
#include "git/tree_entries.hpp"

#include "deploy_fixture.hpp"
#include "git/diff.hpp"
#include "git/objects.hpp"
#include "git/oid.hpp"

using namespace slipway;
using namespace slipway::git;
using slipway::testing::BareRepo;

namespace {

TreePtr tree_of(const BareRepo& r, const git_oid& commit) {
    auto t = peel_to_tree(r.repo(), commit);
    REQUIRE(t);
    return std::move(*t);
}

// "path:a" (added or modified, with its type), "path:-" (deleted), for comparing diffs.
std::vector<std::string> summary(const std::vector<TreeChange>& changes) {
    std::vector<std::string> out;
    for (const auto& c : changes) {
        std::string what = "-";
        if (c.now)
            what = c.now->type == EntryType::symlink      ? "link"
                   : c.now->type == EntryType::executable ? "exec"
                                                          : "file";
        out.push_back(c.path + ":" + what);
    }
    return out;
}

const TreeFiles shop = {{"README.md", {"shop"}},
                        {"services/cart/deploy.yaml", {"cart"}},
                        {"services/cart/run.sh", {"echo", FileMode::executable}},
                        {"services/web/deploy.yaml", {"web"}}};

} // namespace

TEST_CASE("tree_entry and TreeLookup find files, directories and the root, and nothing else") {
    BareRepo r;
    auto c = r.commit(shop);
    auto tree = tree_of(r, c);
    TreeLookup lookup(r.repo(), *tree);
    const std::vector<std::function<Result<std::optional<TreeEntry>>(std::string_view)>> finders = {
        [&](std::string_view p) { return tree_entry(r.repo(), *tree, p); },
        [&](std::string_view p) {
            return lookup.entry(p);
        }};
    for (const auto& find : finders) {
        auto file = find("services/cart/run.sh");
        REQUIRE(file);
        REQUIRE(*file);
        CHECK((*file)->path == "services/cart/run.sh");
        CHECK((*file)->type == EntryType::executable);
        CHECK((*file)->is_file());
        auto blob = read_blob(r.repo(), (*file)->oid);
        REQUIRE(blob);
        CHECK(*blob == "echo");

        auto dir = find("services/web");
        REQUIRE(dir);
        REQUIRE(*dir);
        CHECK((*dir)->type == EntryType::tree);
        CHECK_FALSE((*dir)->is_file());

        auto root = find(".");
        REQUIRE(root);
        REQUIRE(*root);
        CHECK(git_oid_equal(&(*root)->oid, git_tree_id(tree.get())));

        for (const char* missing :
             {"services/shop", "services/shop/deploy.yaml", "README.md/deploy.yaml", "nothing"}) {
            auto none = find(missing);
            REQUIRE(none);
            CHECK_FALSE(*none);
        }
    }
}

TEST_CASE("walk_tree visits parents before children, and only below directories it may enter") {
    BareRepo r;
    auto tree = tree_of(r, r.commit(shop));
    std::vector<std::string> seen;
    auto walked = walk_tree(r.repo(), *tree, ".", [&](const TreeEntry& e) {
        seen.push_back(e.path);
        return e.path == "services/web" ? Descend::no : Descend::yes;
    });
    REQUIRE(walked);
    CHECK(seen == std::vector<std::string>{"README.md", "services", "services/cart",
                                           "services/cart/deploy.yaml", "services/cart/run.sh",
                                           "services/web"});
    seen.clear();
    REQUIRE(walk_tree(r.repo(), *tree, "services/cart/deploy.yaml", [&](const TreeEntry& e) {
        seen.push_back(e.path);
        return Descend::yes;
    }));
    CHECK(seen == std::vector<std::string>{"services/cart/deploy.yaml"});
    seen.clear();
    REQUIRE(walk_tree(r.repo(), *tree, "services/none", [&](const TreeEntry& e) {
        seen.push_back(e.path);
        return Descend::yes;
    }));
    CHECK(seen.empty());
}

TEST_CASE("diff_trees lists what differs, sorted, with the newer entry") {
    BareRepo r;
    auto a = r.commit(shop);
    auto changed = shop;
    changed["services/cart/deploy.yaml"] = {"cart v2"};
    changed.erase("services/web/deploy.yaml");
    changed["services/api/deploy.yaml"] = {"api"};
    changed["services/cart/run.sh"] = {"echo"}; // executable bit dropped
    changed["README.md"] = {"elsewhere", FileMode::symlink};
    auto b = r.commit(changed, a);
    auto ta = tree_of(r, a), tb = tree_of(r, b);
    auto diff = diff_trees(r.repo(), ta.get(), *tb);
    REQUIRE(diff);
    CHECK(summary(*diff) ==
          std::vector<std::string>{"README.md:link", "services/api/deploy.yaml:file",
                                   "services/cart/deploy.yaml:file", "services/cart/run.sh:file",
                                   "services/web/deploy.yaml:-"});
    auto blob = read_blob(r.repo(), (*diff)[2].now->oid);
    REQUIRE(blob);
    CHECK(*blob == "cart v2");
    // The same paths as libgit2's diff.
    auto theirs = changed_paths(r.repo(), a, b);
    REQUIRE(theirs);
    std::vector<std::string> ours;
    for (const auto& c : *diff)
        ours.push_back(c.path);
    CHECK(ours == *theirs);

    auto same = diff_trees(r.repo(), ta.get(), *ta);
    REQUIRE(same);
    CHECK(same->empty());
    auto everything = diff_trees(r.repo(), nullptr, *ta);
    REQUIRE(everything);
    CHECK(summary(*everything) ==
          std::vector<std::string>{"README.md:file", "services/cart/deploy.yaml:file",
                                   "services/cart/run.sh:exec", "services/web/deploy.yaml:file"});
}

TEST_CASE("diff_trees: a file that becomes a directory, and a directory that goes") {
    BareRepo r;
    auto a = r.commit({{"base", {"a file"}},
                       {"base-x", {"x"}},
                       {"gone/a/b.yaml", {"1"}},
                       {"gone/c.yaml", {"2"}}});
    auto b = r.commit({{"base/kustomization.yaml", {"k"}}, {"base-x", {"x"}}}, a);
    auto ta = tree_of(r, a), tb = tree_of(r, b);
    auto diff = diff_trees(r.repo(), ta.get(), *tb);
    REQUIRE(diff);
    CHECK(summary(*diff) == std::vector<std::string>{"base:-", "base/kustomization.yaml:file",
                                                     "gone/a/b.yaml:-", "gone/c.yaml:-"});
    auto back = diff_trees(r.repo(), tb.get(), *ta);
    REQUIRE(back);
    CHECK(summary(*back) == std::vector<std::string>{"base:file", "base/kustomization.yaml:-",
                                                     "gone/a/b.yaml:file", "gone/c.yaml:file"});
}

TEST_CASE("read_blob of a missing object is an error naming it") {
    BareRepo r;
    git_oid missing;
    REQUIRE(git_oid_fromstr(&missing, "0123456789012345678901234567890123456789") == 0);
    auto blob = read_blob(r.repo(), missing);
    REQUIRE_FALSE(blob);
    CHECK(blob.error().message.find("0123456789012345678901234567890123456789") !=
          std::string::npos);
}

TEST_CASE("read_blob refuses a blob over its limit from the header, unread") {
    BareRepo r;
    auto commit = r.commit(shop);
    auto tree = tree_of(r, commit);
    auto file = tree_entry(r.repo(), *tree, "README.md");
    REQUIRE(file);
    REQUIRE(*file);
    const git_oid oid = (*file)->oid;
    auto size = blob_size(r.repo(), oid);
    REQUIRE(size);
    CHECK(*size == 4);
    CHECK(read_blob(r.repo(), oid, 4) == std::string("shop"));
    auto over = read_blob(r.repo(), oid, 3);
    REQUIRE_FALSE(over);
    CHECK(over.error().message ==
          "blob " + to_hex(oid) + " is 4 bytes, more than the 3 read at most");
    // A tree is no blob: its size is not taken for one.
    auto not_blob = blob_size(r.repo(), *git_tree_id(tree.get()));
    REQUIRE_FALSE(not_blob);
    CHECK(not_blob.error().message ==
          "object " + to_hex(*git_tree_id(tree.get())) + " is a tree, not a blob");
}

TEST_CASE("walk_changed_entries visits what the newer tree adds or changes, with depths") {
    BareRepo r;
    auto before = r.commit(shop);
    TreeFiles changed = shop;
    changed["services/cart/deploy.yaml"] = {"cart v2"};
    changed["services/new/a/b.yaml"] = {"b"};
    auto after = r.commit(changed);
    auto from = tree_of(r, before);
    auto to = tree_of(r, after);
    std::vector<std::string> seen;
    REQUIRE(walk_changed_entries(r.repo(), from.get(), *to, [&](const ChangedEntry& e) {
        seen.push_back(e.entry.path + "@" + std::to_string(e.depth) + ":" + std::string(e.name()));
        return Descend::yes;
    }));
    CHECK(seen == std::vector<std::string>{"services@1:services", "services/cart@2:cart",
                                           "services/cart/deploy.yaml@3:deploy.yaml",
                                           "services/new@2:new", "services/new/a@3:a",
                                           "services/new/a/b.yaml@4:b.yaml"});
    // Equal trees: nothing; Descend::no stops at the directory.
    seen.clear();
    REQUIRE(walk_changed_entries(r.repo(), to.get(), *to, [&](const ChangedEntry& e) {
        seen.push_back(e.entry.path);
        return Descend::yes;
    }));
    CHECK(seen.empty());
    REQUIRE(walk_changed_entries(r.repo(), from.get(), *to, [&](const ChangedEntry& e) {
        seen.push_back(e.entry.path);
        return Descend::no;
    }));
    CHECK(seen == std::vector<std::string>{"services"});
}
