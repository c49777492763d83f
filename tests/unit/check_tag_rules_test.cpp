// Tests for check/tag_rules: `tag-pattern`, `tag-annotated`, `tag-immutable` and `tag-target`.
#include "check/ref_checks.hpp"
#include "check_fixture.hpp"

using namespace slipway;
using namespace slipway::testing;

namespace {

std::string tag_policy(const std::string& tag_rules) {
    return "version: 1\nrefs:\n  - match: refs/tags/*\n    tag: " + tag_rules + "\n";
}

std::string short_hex(const git_oid& oid) {
    return git::short_id(git::to_hex(oid));
}

const std::string semver = R"(^v[0-9]+\.[0-9]+\.[0-9]+$)";

} // namespace

TEST_CASE("ref rule tag-pattern: new tags whose names match are accepted") {
    GateRepo r;
    const auto c = r.commit("a");
    const auto policy = policy_from(tag_policy("{pattern: '" + semver + "'}"));
    CHECK(gate(r, policy, "alice",
               {r.create("refs/tags/v1.2.3", c), r.create("refs/tags/v10.0.0", c)}) == none);
}

TEST_CASE("ref rule tag-pattern: a new tag whose name does not match is refused") {
    GateRepo r;
    const auto c = r.commit("a");
    const auto policy = policy_from(tag_policy("{pattern: '" + semver + "'}"));
    CHECK(gate(r, policy, "alice",
               {r.create("refs/tags/release-1", c), r.create("refs/tags/v1.2", c)}) ==
          std::vector<std::string>{"error tag-pattern refs/tags/release-1: tag \"release-1\" does "
                                   "not match the tag pattern " +
                                       semver,
                                   "error tag-pattern refs/tags/v1.2: tag \"v1.2\" does not "
                                   "match the tag pattern " +
                                       semver});
}

TEST_CASE("ref rule tag-pattern: only tags are checked") {
    GateRepo r;
    const auto c = r.commit("a");
    const auto policy = policy_from("version: 1\nrefs:\n  - match: refs/*\n"
                                    "    tag: {pattern: '^v.*$'}\n");
    CHECK(gate(r, policy, "alice", {r.create("refs/heads/x", c), r.create("refs/notes/y", c)}) ==
          none);
}

TEST_CASE("ref rule tag-annotated: an annotated tag is accepted") {
    GateRepo r;
    const auto c = r.commit("a");
    const auto policy = policy_from(tag_policy("{annotated: true}"));
    CHECK(gate(r, policy, "alice", {r.create("refs/tags/v1", r.annotated_tag("v1", c))}) == none);
}

TEST_CASE("ref rule tag-annotated: a lightweight tag is refused") {
    GateRepo r;
    const auto c = r.commit("a");
    const auto policy = policy_from(tag_policy("{annotated: true}"));
    CHECK(gate(r, policy, "alice", {r.create("refs/tags/v1", c)}) ==
          std::vector<std::string>{
              "error tag-annotated refs/tags/v1: tag \"v1\" is lightweight but tags must be "
              "annotated; delete it locally and create it with `git tag -a v1 -m \"<message>\"`"});
}

TEST_CASE("ref rule tag-annotated: lightweight tags pass when the rule does not ask") {
    GateRepo r;
    const auto c = r.commit("a");
    const auto policy = policy_from(tag_policy("{annotated: false}"));
    CHECK(gate(r, policy, "alice", {r.create("refs/tags/v1", c)}) == none);
}

TEST_CASE("ref rule tag-immutable: creating an immutable tag is accepted") {
    GateRepo r;
    const auto c = r.commit("a");
    const auto policy = policy_from(tag_policy("{immutable: true}"));
    CHECK(gate(r, policy, "alice", {r.create("refs/tags/v1", c)}) == none);
}

TEST_CASE("ref rule tag-immutable: moving an existing tag is refused") {
    GateRepo r;
    const auto a = r.commit("a");
    const auto b = r.commit("b", {a});
    r.set_ref("refs/tags/v1", a);
    const auto policy = policy_from(tag_policy("{immutable: true}"));
    CHECK(gate(r, policy, "alice", {r.move("refs/tags/v1", a, b)}) ==
          std::vector<std::string>{
              "error tag-immutable refs/tags/v1: tag \"v1\" already exists and tags are "
              "immutable; create a new tag instead of moving this one"});
}

TEST_CASE("ref rule tag-immutable: deleting an existing tag is refused") {
    GateRepo r;
    const auto a = r.commit("a");
    r.set_ref("refs/tags/v1", a);
    const auto policy = policy_from(tag_policy("{immutable: true}"));
    CHECK(gate(r, policy, "alice", {r.remove("refs/tags/v1", a)}) ==
          std::vector<std::string>{"error tag-immutable refs/tags/v1: tag \"v1\" cannot be "
                                   "deleted: tags are immutable"});
}

TEST_CASE("ref rule tag-immutable: mutable tags may move and go away") {
    GateRepo r;
    const auto a = r.commit("a");
    const auto b = r.commit("b", {a});
    r.set_ref("refs/tags/v1", a);
    r.set_ref("refs/tags/v2", a);
    const auto policy = policy_from(tag_policy("{immutable: false}"));
    CHECK(gate(r, policy, "alice", {r.move("refs/tags/v1", a, b), r.remove("refs/tags/v2", a)}) ==
          none);
}

TEST_CASE("ref rule tag-immutable: a refused move is not also checked for name or kind") {
    GateRepo r;
    const auto a = r.commit("a");
    const auto b = r.commit("b", {a});
    r.set_ref("refs/tags/bad-name", a);
    const auto policy =
        policy_from(tag_policy("{immutable: true, annotated: true, pattern: '^v.*$'}"));
    CHECK(gate(r, policy, "alice", {r.move("refs/tags/bad-name", a, b)}) ==
          std::vector<std::string>{
              "error tag-immutable refs/tags/bad-name: tag \"bad-name\" already exists and tags "
              "are immutable; create a new tag instead of moving this one"});
}

TEST_CASE("ref rule tag-target: a tag of a commit on a listed branch is accepted") {
    GateRepo r;
    const auto a = r.commit("a");
    const auto b = r.commit("b", {a});
    const auto hotfix = r.commit("hotfix", {a});
    r.set_ref("refs/heads/master", b);
    r.set_ref("refs/heads/release", hotfix);
    const auto policy =
        policy_from(tag_policy("{reachable_from: [refs/heads/master, refs/heads/release]}"));
    CHECK(gate(r, policy, "alice",
               {r.create("refs/tags/v1", a), r.create("refs/tags/v2", r.annotated_tag("v2", b)),
                r.create("refs/tags/v1.1", hotfix)}) == none);
}

TEST_CASE("ref rule tag-target: a tag of a tree or blob is refused") {
    GateRepo r;
    const auto a = r.commit("a");
    r.set_ref("refs/heads/master", a);
    const auto tree = r.tree({{"README", {"hi\n"}}});
    const auto blob = r.blob("hi\n");
    const auto policy =
        policy_from(tag_policy("{reachable_from: [refs/heads/master, refs/heads/release]}"));
    CHECK(gate(r, policy, "alice",
               {r.create("refs/tags/t1", tree),
                r.create("refs/tags/t2", r.annotated_tag("t2", blob))}) ==
          std::vector<std::string>{
              "error tag-target refs/tags/t1: tag \"t1\" points at a tree, not a commit; tag a "
              "commit of master",
              "error tag-target refs/tags/t2: tag \"t2\" points at a blob, not a commit; tag a "
              "commit of master"});
}

TEST_CASE("ref rule tag-target: a tag of a commit on none of the listed branches is refused") {
    GateRepo r;
    const auto a = r.commit("a");
    const auto side = r.commit("side", {a});
    r.set_ref("refs/heads/master", a);
    r.set_ref("refs/heads/feature", side);
    const auto policy =
        policy_from(tag_policy("{reachable_from: [refs/heads/master, refs/heads/release]}"));
    CHECK(gate(r, policy, "alice", {r.create("refs/tags/v1", r.annotated_tag("v1", side))}) ==
          std::vector<std::string>{"error tag-target refs/tags/v1: tag \"v1\" points at commit " +
                                   short_hex(side) +
                                   ", which is not on master or release; tag a commit of master "
                                   "or release (push the branch first)"});
}

TEST_CASE("ref rule tag-target: a branch updated in the same push makes the commit reachable") {
    GateRepo r;
    const auto a = r.commit("a");
    const auto b = r.commit("b", {a});
    r.set_ref("refs/heads/master", a);
    const auto policy = policy_from(tag_policy("{reachable_from: [refs/heads/master]}"));
    // Alone, the tag is ahead of master; pushed with master, it is on master.
    CHECK(gate(r, policy, "alice", {r.create("refs/tags/v2", b)}) ==
          std::vector<std::string>{"error tag-target refs/tags/v2: tag \"v2\" points at commit " +
                                   short_hex(b) +
                                   ", which is not on master; tag a commit of master (push the "
                                   "branch first)"});
    CHECK(gate(r, policy, "alice",
               {r.create("refs/tags/v2", b), r.move("refs/heads/master", a, b)}) == none);
    // The order of the updates in the push does not matter.
    CHECK(gate(r, policy, "alice",
               {r.move("refs/heads/master", a, b), r.create("refs/tags/v2", b)}) == none);
}

TEST_CASE("ref rule tag-target: a branch created in the same push counts, one deleted does not") {
    GateRepo r;
    const auto a = r.commit("a");
    r.set_ref("refs/heads/master", a);
    const auto policy = policy_from(tag_policy("{reachable_from: [refs/heads/release]}"));
    CHECK(gate(r, policy, "alice",
               {r.create("refs/heads/release", a), r.create("refs/tags/v1", a)}) == none);

    r.set_ref("refs/heads/release", a);
    CHECK(gate(r, policy, "alice",
               {r.remove("refs/heads/release", a), r.create("refs/tags/v1", a)}) ==
          std::vector<std::string>{"error tag-target refs/tags/v1: tag \"v1\" points at commit " +
                                   short_hex(a) +
                                   ", which is not on release; tag a commit of release (push the "
                                   "branch first)"});
}

TEST_CASE("ref rule tag-target: a listed branch that does not exist reaches nothing") {
    GateRepo r;
    const auto a = r.commit("a");
    const auto policy = policy_from(tag_policy("{reachable_from: [refs/heads/master]}"));
    CHECK(gate(r, policy, "alice", {r.create("refs/tags/v1", a)}) ==
          std::vector<std::string>{"error tag-target refs/tags/v1: tag \"v1\" points at commit " +
                                   short_hex(a) +
                                   ", which is not on master; tag a commit of master (push the "
                                   "branch first)"});
}

TEST_CASE("ref rule tag-pattern: all of a new tag's problems are reported together") {
    GateRepo r;
    const auto a = r.commit("a");
    const auto policy = policy_from(tag_policy("{pattern: '^v[0-9]+$', annotated: true, immutable: "
                                               "true, reachable_from: [refs/heads/master]}"));
    CHECK(gate(r, policy, "alice", {r.create("refs/tags/latest", a)}) ==
          std::vector<std::string>{
              "error tag-pattern refs/tags/latest: tag \"latest\" does not match the tag pattern "
              "^v[0-9]+$",
              "error tag-annotated refs/tags/latest: tag \"latest\" is lightweight but tags must "
              "be annotated; delete it locally and create it with `git tag -a latest -m "
              "\"<message>\"`",
              "error tag-target refs/tags/latest: tag \"latest\" points at commit " + short_hex(a) +
                  ", which is not on master; tag a commit of master (push the branch first)"});
}

TEST_CASE("ref rule tag-target: a listed branch left at a tree is no commit the tag is on") {
    GateRepo r;
    const auto a = r.commit("a");
    const auto tree = r.tree({{"f", {"x"}}});
    r.set_ref("refs/heads/master", a);
    const auto policy = policy_from(tag_policy("{reachable_from: [refs/heads/master]}"));
    // The same push points master at a tree: the tag's check is a finding, not a failure.
    CHECK(gate(r, policy, "alice",
               {r.move("refs/heads/master", a, tree), r.create("refs/tags/v1", a)}) ==
          std::vector<std::string>{"error tag-target refs/tags/v1: tag \"v1\" points at commit " +
                                   short_hex(a) +
                                   ", which is not on master; tag a commit of master (push the "
                                   "branch first)"});
}
