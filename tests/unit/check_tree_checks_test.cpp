// Tests for check/tree_checks: names, depth and manifest sizes, judged from tree entries and
// object headers, with their exact messages.
#include "check/tree_checks.hpp"

#include "check_fixture.hpp"

using namespace slipway;
using namespace slipway::testing;

namespace {

// A commit of `files` with `parents`.
git_oid commit_of(const GateRepo& r, const git::TreeFiles& files,
                  std::vector<git_oid> parents = {}) {
    git::NewCommit c{.tree = r.tree(files),
                     .parents = std::move(parents),
                     .message = "files",
                     .author = {.name = "Tester", .email = "t@example.com", .time = 1700000000}};
    auto oid = git::write_commit(r.repo(), c);
    REQUIRE(oid);
    return *oid;
}

// A tree object holding one entry `name` (mode `mode`) written byte by byte, as a hostile
// client can: libgit2's treebuilder would refuse some of these names.
git_oid raw_tree(const GateRepo& r, const std::string& mode, const std::string& name,
                 const git_oid& oid) {
    std::string data = mode + " " + name;
    data.push_back('\0');
    data.append(reinterpret_cast<const char*>(oid.id), GIT_OID_RAWSZ);
    git_odb* raw = nullptr;
    REQUIRE(git_repository_odb(&raw, r.repo().raw()) == 0);
    git::OdbPtr odb(raw);
    git_oid out;
    REQUIRE(git_odb_write(&out, odb.get(), data.data(), data.size(), GIT_OBJECT_TREE) == 0);
    return out;
}

// A commit of tree `tree`.
git_oid commit_tree(const GateRepo& r, const git_oid& tree) {
    git::NewCommit c{.tree = tree,
                     .message = "raw",
                     .author = {.name = "Tester", .email = "t@example.com", .time = 1700000000}};
    auto oid = git::write_commit(r.repo(), c);
    REQUIRE(oid);
    return *oid;
}

// check_trees() on one push of `updates`, described(), and the refs it refused.
std::pair<std::vector<std::string>, std::set<std::string>>
trees(const GateRepo& r, const policy::Policy& policy, std::vector<git::ClassifiedUpdate> updates) {
    check::PushContext ctx(r.repo(), policy, pusher("alice"), std::move(updates), nullptr);
    auto v = check::check_trees(ctx);
    INFO((v ? std::string() : v.error().message));
    REQUIRE(v);
    return {described(v->findings), v->refused_refs};
}

} // namespace

TEST_CASE("tree-depth: a path of limits.tree_depth components passes, one more does not") {
    GateRepo r;
    const auto policy = policy_from("version: 1\nlimits: {tree_depth: 4}\n");
    const auto four = commit_of(r, {{"a/b/c/d", {"x"}}});
    CHECK(trees(r, policy, {r.create("refs/heads/four", four)}).first == none);

    const auto five = commit_of(r, {{"a/b/c/d2/e", {"x"}}, {"a/b/c/d3/f", {"x"}}}, {four});
    auto [found, refused] = trees(r, policy, {r.create("refs/heads/five", five)});
    // Once per ref, at the first path too deep.
    CHECK(found == std::vector<std::string>{
                       "error tree-depth refs/heads/five a/b/c/d2/e:0:0: this path is 5 levels "
                       "deep, more than the 4 a pushed tree may have (limits.tree_depth); flatten "
                       "it"});
    CHECK(refused == std::set<std::string>{"refs/heads/five"});
}

TEST_CASE("path-name: fsck's names are found where they are, other names pass") {
    GateRepo r;
    const auto policy = policy_from("version: 1\n");
    const auto fine = commit_of(r, {{"services/.github/x", {"x"}}, {"services/...", {"y"}}});
    CHECK(trees(r, policy, {r.create("refs/heads/fine", fine)}).first == none);

    // services/GIT~1/config: what NTFS reads as services/.git/config.
    const auto config = r.blob("[core]\n\thooksPath = /tmp\n");
    const auto inner = raw_tree(r, "100644", "config", config);
    const auto services = raw_tree(r, "40000", "GIT~1", inner);
    const auto root = raw_tree(r, "40000", "services", services);
    auto [found, refused] = trees(r, policy, {r.create("refs/heads/bad", commit_tree(r, root))});
    CHECK(found == std::vector<std::string>{
                       "error path-name refs/heads/bad services/GIT~1:0:0: git fsck refuses this "
                       "name (hasDotgit): the name is read as \".git\" (git's own directory) by "
                       "case-insensitive, macOS or Windows file systems; rename it"});
    CHECK(refused == std::set<std::string>{"refs/heads/bad"});
}

TEST_CASE("yaml-limits: a manifest over max_file_bytes is found from its header, others pass") {
    GateRepo r;
    const auto policy = policy_from("version: 1\nmanifests:\n  paths: [services]\n"
                                    "  limits: {max_file_bytes: 16}\n");
    const auto small = commit_of(r, {{"services/a.yaml", {"kind: ConfigMap\n"}}});
    CHECK(trees(r, policy, {r.create("refs/heads/small", small)}).first == none);

    const auto big = commit_of(r,
                               {{"services/a.yaml", {"kind: ConfigMap\n"}},
                                {"services/b.yaml", {std::string(17, '#')}},
                                {"docs/c.yaml", {std::string(100, '#')}}},
                               {small});
    auto [found, refused] = trees(r, policy, {r.create("refs/heads/big", big)});
    // Only manifests of the policy's paths are judged, so only those are sized.
    CHECK(found == std::vector<std::string>{
                       "error yaml-limits refs/heads/big services/b.yaml:0:0: file is 17 bytes, "
                       "more than the 16 bytes allowed for a manifest; split it into several "
                       "files (it was not read)"});
    CHECK(refused == std::set<std::string>{"refs/heads/big"});
}
