// Tests for git/ref_update: hook input parsing and classification against a real repository.
#include "git/ref_update.hpp"

#include "git/library.hpp"
#include "git/oid.hpp"
#include "support/temp_repo.hpp"

#include <catch2/catch.hpp>

using namespace slipway;
using namespace slipway::git;

namespace {
const std::string zero(40, '0');
}

TEST_CASE("hook input lines parse into updates and blank lines are skipped") {
    auto a = std::string(40, 'a'), b = std::string(40, 'b');
    auto parsed = parse_ref_updates(a + " " + b + " refs/heads/master\n\n" + zero + " " + b +
                                    " refs/tags/v1\r\n");
    REQUIRE(parsed);
    REQUIRE(parsed->size() == 2);
    CHECK((*parsed)[0].ref == "refs/heads/master");
    CHECK((*parsed)[1].old_id == zero);
    CHECK((*parsed)[1].ref == "refs/tags/v1");
}

TEST_CASE("malformed hook input names the line") {
    auto parsed = parse_ref_updates(zero + " nothex refs/heads/x\n");
    REQUIRE_FALSE(parsed);
    CHECK(parsed.error().message ==
          "hook input line 1 (\"" + zero + " nothex refs/heads/x\") has a malformed new id");
    auto short_line = parse_ref_updates("just-one-field\n");
    REQUIRE_FALSE(short_line);
    CHECK(short_line.error().message ==
          "hook input line 1 (\"just-one-field\") is not `<old> <new> <ref>`");
}

TEST_CASE("ref kinds and short names come from the namespace") {
    CHECK(ref_kind_of("refs/heads/feature/x") == RefKind::branch);
    CHECK(ref_kind_of("refs/tags/v1") == RefKind::tag);
    CHECK(ref_kind_of("refs/notes/commits") == RefKind::other);
    CHECK(short_ref_name("refs/heads/feature/x") == "feature/x");
    CHECK(short_ref_name("refs/notes/commits") == "refs/notes/commits");
}

TEST_CASE("classify tells create, fast-forward, forced update, delete and tag kinds apart") {
    Library lib;
    test::TempDir dir;
    test::sh(dir.path(), "git init -q -b master r && cd r && git commit -q --allow-empty -m a && "
                         "git commit -q --allow-empty -m b && git tag light && "
                         "git tag -a annotated -m msg && git tag -a tree-tag -m t HEAD^{tree}");
    auto repo = Repository::open(dir.path() / "r" / ".git");
    REQUIRE(repo);
    const auto a = test::sh(dir.path() / "r", "git rev-parse HEAD~1");
    const auto b = test::sh(dir.path() / "r", "git rev-parse HEAD");
    const auto tag_obj = test::sh(dir.path() / "r", "git rev-parse annotated");
    const auto tree_tag = test::sh(dir.path() / "r", "git rev-parse tree-tag");

    auto create = classify(*repo, {zero, b, "refs/heads/new"});
    REQUIRE(create);
    CHECK(create->change == Change::create);
    CHECK(create->ref_kind == RefKind::branch);

    auto ff = classify(*repo, {a, b, "refs/heads/master"});
    REQUIRE(ff);
    CHECK(ff->change == Change::update);
    CHECK(ff->fast_forward);

    auto forced = classify(*repo, {b, a, "refs/heads/master"});
    REQUIRE(forced);
    CHECK_FALSE(forced->fast_forward);

    auto del = classify(*repo, {b, zero, "refs/heads/master"});
    REQUIRE(del);
    CHECK(del->change == Change::remove);
    CHECK_FALSE(del->new_oid);

    auto annotated = classify(*repo, {zero, tag_obj, "refs/tags/annotated"});
    REQUIRE(annotated);
    CHECK(annotated->new_kind == ObjectKind::tag);
    CHECK(annotated->new_peeled->kind == ObjectKind::commit);
    CHECK(to_hex(annotated->new_peeled->oid) == b);

    auto of_tree = classify(*repo, {zero, tree_tag, "refs/tags/tree-tag"});
    REQUIRE(of_tree);
    CHECK(of_tree->new_peeled->kind == ObjectKind::tree);

    auto missing = classify(*repo, {zero, std::string(40, 'e'), "refs/heads/x"});
    REQUIRE_FALSE(missing);
    CHECK(missing.error().message.starts_with("refs/heads/x: cannot read object eeee"));
}
