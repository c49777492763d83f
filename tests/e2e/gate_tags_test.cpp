// E2E: tag rules through real pushes: pattern, annotated, immutable, target.
#include "support/sandbox.hpp"

#include <catch2/catch.hpp>

using slipway::e2e::Sandbox;
using Lines = std::vector<std::string>;

namespace {

const std::string policy = R"(version: 1
refs:
  - match: refs/heads/master
    protected: true
  - match: refs/tags/*
    tag:
      pattern: '^v[0-9]+\.[0-9]+\.[0-9]+$'
      annotated: true
      immutable: true
      reachable_from: refs/heads/master
)";

const std::string hint = "hint: no ref was changed; fix the problems above and push again";

} // namespace

TEST_CASE("tag-pattern: a semver tag is accepted, another name is rejected") {
    Sandbox sb;
    sb.seeded(policy);
    auto bad = sb.sh("git tag -a release-1 -m r && git push origin release-1", {}, "work");
    CHECK(bad.exit_code != 0);
    CHECK(bad.remote() ==
          Lines{"slipway: push rejected — 1 problem",
                "  refs/tags/release-1: error: tag \"release-1\" does not match the "
                "tag pattern ^v[0-9]+\\.[0-9]+\\.[0-9]+$ [tag-pattern]",
                hint});
    auto good = sb.sh("git tag -a v1.0.0 -m r && git push origin v1.0.0", {}, "work");
    CHECK(good.exit_code == 0);
    CHECK(good.remote() == Lines{"slipway: push accepted — 1 ref update checked"});
}

TEST_CASE("tag-annotated: a lightweight tag is rejected, an annotated one accepted") {
    Sandbox sb;
    sb.seeded(policy);
    auto light = sb.sh("git tag v1.0.0 && git push origin v1.0.0", {}, "work");
    CHECK(light.exit_code != 0);
    CHECK(light.remote() ==
          Lines{"slipway: push rejected — 1 problem",
                "  refs/tags/v1.0.0: error: tag \"v1.0.0\" is lightweight but tags must be "
                "annotated; delete it locally and create it with `git tag -a v1.0.0 -m "
                "\"<message>\"` [tag-annotated]",
                hint});
    CHECK(sb.sh("git -C server.git rev-parse -q --verify refs/tags/v1.0.0").exit_code != 0);
    auto annotated = sb.sh("git tag -d v1.0.0 >/dev/null && git tag -a v1.0.0 -m release && "
                           "git push origin v1.0.0",
                           {}, "work");
    CHECK(annotated.exit_code == 0);
}

TEST_CASE("tag-immutable: moving or deleting a pushed tag is rejected, a new tag accepted") {
    Sandbox sb;
    sb.seeded(policy);
    sb.ok("git tag -a v1.0.0 -m one && git push -q origin master v1.0.0 2>/dev/null", {}, "work");
    const auto before = sb.ok("git -C server.git rev-parse refs/tags/v1.0.0");

    auto moved =
        sb.sh("git commit -q --allow-empty -m two && git push -q origin master 2>/dev/null && "
              "git tag -f -a v1.0.0 -m moved >/dev/null && git push -f origin v1.0.0",
              {}, "work");
    CHECK(moved.exit_code != 0);
    CHECK(moved.remote() == Lines{"slipway: push rejected — 1 problem",
                                  "  refs/tags/v1.0.0: error: tag \"v1.0.0\" already exists and "
                                  "tags are immutable; create a new tag instead of moving this one "
                                  "[tag-immutable]",
                                  hint});
    auto deleted = sb.sh("git push origin :refs/tags/v1.0.0", {}, "work");
    CHECK(deleted.exit_code != 0);
    CHECK(deleted.remote() == Lines{"slipway: push rejected — 1 problem",
                                    "  refs/tags/v1.0.0: error: tag \"v1.0.0\" cannot be deleted: "
                                    "tags are immutable [tag-immutable]",
                                    hint});
    CHECK(sb.ok("git -C server.git rev-parse refs/tags/v1.0.0") == before);
    auto fresh = sb.sh("git tag -a v1.0.1 -m two && git push origin v1.0.1", {}, "work");
    CHECK(fresh.exit_code == 0);
}

TEST_CASE("tag-target: the tagged commit must be on master") {
    Sandbox sb;
    sb.seeded(policy);
    auto off = sb.sh("git checkout -q -b topic && git commit -q --allow-empty -m wip && "
                     "git push -q origin topic 2>/dev/null && git tag -a v1.0.0 -m off && "
                     "git push origin v1.0.0",
                     {}, "work");
    CHECK(off.exit_code != 0);
    const auto sha = sb.ok("git -C work rev-parse --short=7 HEAD");
    CHECK(off.remote() ==
          Lines{"slipway: push rejected — 1 problem",
                "  refs/tags/v1.0.0: error: tag \"v1.0.0\" points at commit " + sha.substr(0, 7) +
                    ", which is not on master; tag a commit of master (push the branch first) "
                    "[tag-target]",
                hint});

    SECTION("a tag pushed together with the branch that contains it is accepted") {
        auto together = sb.sh("git checkout -q master && git merge -q --ff-only topic && "
                              "git push origin master v1.0.0",
                              {}, "work");
        CHECK(together.exit_code == 0);
        CHECK(together.remote() == Lines{"slipway: push accepted — 2 ref updates checked"});
    }
    SECTION("a tag of a tree is rejected") {
        auto tree =
            sb.sh("git tag -a v2.0.0 -m t 'HEAD^{tree}' && git push origin v2.0.0", {}, "work");
        CHECK(tree.exit_code != 0);
        CHECK(tree.remote()[1] == "  refs/tags/v2.0.0: error: tag \"v2.0.0\" points at a tree, "
                                  "not a commit; tag a commit of master [tag-target]");
    }
}

TEST_CASE("push --tags judges every tag: all accepted, or all refused when one is bad") {
    Sandbox sb;
    sb.seeded(policy);
    auto good =
        sb.sh("git tag -a v1.0.0 -m one && git tag -a v1.0.1 -m two && git push --tags origin", {},
              "work");
    CHECK(good.exit_code == 0);
    CHECK(good.remote() == Lines{"slipway: push accepted — 2 ref updates checked"});

    auto bad =
        sb.sh("git tag -a v1.1.0 -m three && git tag -a nightly -m four && git tag v1.2.0 && "
              "git push --tags origin",
              {}, "work");
    CHECK(bad.exit_code != 0);
    CHECK(bad.remote() ==
          Lines{"slipway: push rejected — 2 problems",
                "  refs/tags/nightly: error: tag \"nightly\" does not match the tag pattern "
                "^v[0-9]+\\.[0-9]+\\.[0-9]+$ [tag-pattern]",
                "  refs/tags/v1.2.0: error: tag \"v1.2.0\" is lightweight but tags must be "
                "annotated; delete it locally and create it with `git tag -a v1.2.0 -m "
                "\"<message>\"` [tag-annotated]",
                hint});
    CHECK(sb.sh("git -C server.git rev-parse -q --verify refs/tags/v1.1.0").exit_code != 0);
}
