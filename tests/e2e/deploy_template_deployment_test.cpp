// E2E: the deployment template installed with --template: master renders to preprod, tags of
// tested commits go to prod, rollback by revert, removed services pruned from the rendering.
#include "support/deploys.hpp"
#include "support/sandbox.hpp"

#include <catch2/catch.hpp>

using namespace slipway::e2e;
using Lines = std::vector<std::string>;

namespace {

const std::map<std::string, std::string> alice{{"GL_USERNAME", "alice"}};

// server.git with the deployment template's policy; its example content committed in `work`.
void seed(Sandbox& sb) {
    sb.server("server.git", "--template deployment");
    sb.ok("git clone -q server.git work 2>/dev/null && cp -R " +
          quote(std::string(SLIPWAY_SOURCE_DIR) + "/templates/deployment") +
          "/. work/ && cd work && rm slipway.yaml && git add -A && "
          "git commit -qm 'three services'");
}

std::string fetch_rendered(const Sandbox& sb) {
    return sb.ok("git fetch -q -f origin 'refs/slipway/*:refs/slipway/*'", {}, "work");
}

} // namespace

TEST_CASE("deployment template: a push to master renders preprod, live, into a commit per deploy") {
    Sandbox sb;
    seed(sb);
    auto first = sb.sh("git push origin master", alice, "work");
    REQUIRE(first.exit_code == 0);
    const auto c1 = short_rev(sb, "HEAD");
    CHECK(timeless(first.remote()) ==
          Lines{"slipway: push accepted — 1 ref update checked",
                "[preprod] kubernetes: rendered 6 objects into refs/slipway/rendered/preprod (6 "
                "added, 0 modified, 0 deleted)",
                "[preprod] deployed " + c1 + " in Ns (6 applied, 0 pruned, 6 changed)"});
    CHECK(rev(sb, "refs/slipway/deployed/preprod", "server.git") == rev(sb, "HEAD"));
    fetch_rendered(sb);
    CHECK(sb.ok("git ls-tree -r --name-only refs/slipway/rendered/preprod", {}, "work") ==
          "preprod/deployment-cart.yaml\npreprod/deployment-frontend.yaml\n"
          "preprod/deployment-payments.yaml\npreprod/service-cart.yaml\n"
          "preprod/service-frontend.yaml\npreprod/service-payments.yaml\n");
    CHECK(sb.ok("git log -1 --format=%B refs/slipway/rendered/preprod", {}, "work") ==
          "Render " + c1 + " for preprod (pushed by alice)\n\nSource-Commit: " + rev(sb, "HEAD") +
              "\nPushed-By: alice\nEnvironment: preprod\n\n");

    // A new image for cart: the next rendering differs in exactly that file.
    sb.ok("sed -i 's/cart:4f1c2a7e9b3d5f60718293a4b5c6d7e8f9012345/cart:"
          "0123456789abcdef0123456789abcdef01234567/' services/cart/deployment.yaml && "
          "git commit -qam 'cart 0123456' && git push -q origin master 2>/dev/null",
          alice, "work");
    fetch_rendered(sb);
    CHECK(sb.ok("git diff --name-status refs/slipway/rendered/preprod~1 "
                "refs/slipway/rendered/preprod",
                {}, "work") == "M\tpreprod/deployment-cart.yaml\n");
    CHECK(sb.ok("git diff -U0 refs/slipway/rendered/preprod~1 refs/slipway/rendered/preprod | "
                "grep '^[-+] '",
                {}, "work") ==
          "-        image: "
          "registry.example.com/shop/cart:4f1c2a7e9b3d5f60718293a4b5c6d7e8f9012345\n"
          "+        image: "
          "registry.example.com/shop/cart:0123456789abcdef0123456789abcdef01234567\n");

    SECTION("rollback is git revert: the rendering returns to what it was") {
        auto revert =
            sb.sh("git revert --no-edit HEAD >/dev/null && git push origin master", alice, "work");
        REQUIRE(revert.exit_code == 0);
        CHECK(timeless(revert.remote()) ==
              Lines{"slipway: push accepted — 1 ref update checked",
                    "[preprod] kubernetes: rendered 6 objects into refs/slipway/rendered/preprod "
                    "(0 added, 1 modified, 0 deleted)",
                    "[preprod] deployed " + short_rev(sb, "HEAD") +
                        " in Ns (6 applied, 0 pruned, 1 changed)"});
        fetch_rendered(sb);
        CHECK(sb.ok("git diff refs/slipway/rendered/preprod~2 refs/slipway/rendered/preprod", {},
                    "work")
                  .empty());
        CHECK(rev(sb, "refs/slipway/deployed/preprod", "server.git") == rev(sb, "HEAD"));
    }

    SECTION("removing a service's directory prunes it from the rendering, and says so") {
        auto removed = sb.sh("git rm -rq services/payments && git commit -qm 'retire payments' && "
                             "git push origin master",
                             alice, "work");
        REQUIRE(removed.exit_code == 0);
        CHECK(timeless(removed.remote()) ==
              Lines{"slipway: push accepted — 1 ref update checked",
                    "[preprod] kubernetes: rendered 4 objects into refs/slipway/rendered/preprod "
                    "(0 added, 0 modified, 2 deleted)",
                    "[preprod] kubernetes: removed preprod/deployment-payments.yaml",
                    "[preprod] kubernetes: removed preprod/service-payments.yaml",
                    "[preprod] deployed " + short_rev(sb, "HEAD") +
                        " in Ns (4 applied, 2 pruned, 2 changed)"});
        fetch_rendered(sb);
        CHECK(sb.ok("git diff --name-status refs/slipway/rendered/preprod~1 "
                    "refs/slipway/rendered/preprod",
                    {}, "work") ==
              "D\tpreprod/deployment-payments.yaml\nD\tpreprod/service-payments.yaml\n");
        auto deploys = recorded_deploys(sb.root() / "server.git");
        REQUIRE(deploys.size() == 3);
        CHECK(deploys.back().end->pruned ==
              Lines{"preprod/deployment-payments.yaml", "preprod/service-payments.yaml"});
    }
}

TEST_CASE(
    "deployment template: feature branches deploy to staging, deleting one destroys nothing") {
    Sandbox sb;
    seed(sb);
    sb.ok("git push -q origin master 2>/dev/null", alice, "work");
    auto feature = sb.sh("git checkout -q -b feature/login && git commit -q --allow-empty -m "
                         "login && git push origin feature/login",
                         alice, "work");
    REQUIRE(feature.exit_code == 0);
    CHECK(timeless(feature.remote()) ==
          Lines{"slipway: push accepted — 1 ref update checked",
                "[staging] kubernetes: rendered 6 objects into refs/slipway/rendered/staging (6 "
                "added, 0 modified, 0 deleted)",
                "[staging] deployed " + short_rev(sb, "HEAD") +
                    " in Ns (6 applied, 0 pruned, 6 changed)"});
    auto deleted = sb.sh("git push origin --delete feature/login", alice, "work");
    REQUIRE(deleted.exit_code == 0);
    CHECK(deleted.remote() ==
          Lines{"slipway: push accepted — 1 ref update checked",
                "slipway: refs/heads/feature/login was deleted; nothing in staging is destroyed "
                "(what it deployed there stays until the next deploy)"});
    CHECK(rev(sb, "refs/slipway/deployed/staging", "server.git") == rev(sb, "HEAD"));
}

TEST_CASE("deployment template: prod takes a tag only of a commit that was deployed to preprod") {
    Sandbox sb;
    seed(sb);
    // Two commits in one push: only the newest is deployed; its parent never ran in preprod.
    sb.ok("git commit -q --allow-empty -m 'second' && git push -q origin master 2>/dev/null", alice,
          "work");
    const auto untested = short_rev(sb, "HEAD~1");
    auto rejected = sb.sh("git tag -a v1.0.0 -m r HEAD~1 && git push origin v1.0.0", alice, "work");
    CHECK(rejected.exit_code != 0);
    CHECK(rejected.remote() ==
          Lines{"slipway: push rejected — 1 problem",
                "  refs/tags/v1.0.0: error: commit " + untested +
                    " was never deployed successfully to preprod; prod only takes commits that "
                    "ran in preprod first (push it to refs/heads/master and let it deploy) "
                    "[promotion]",
                "hint: no ref was changed; fix the problems above and push again"});
    CHECK(
        sb.sh("git rev-parse -q --verify refs/slipway/deployed/prod", {}, "server.git").exit_code !=
        0);

    auto accepted = sb.sh("git tag -d v1.0.0 >/dev/null && git tag -a v1.0.0 -m r HEAD && "
                          "git push origin v1.0.0",
                          alice, "work");
    REQUIRE(accepted.exit_code == 0);
    const auto tested = short_rev(sb, "HEAD");
    CHECK(timeless(accepted.remote()) ==
          Lines{"slipway: push accepted — 1 ref update checked",
                "[prod] kubernetes: rendered 6 objects into refs/slipway/rendered/prod (6 added, "
                "0 modified, 0 deleted)",
                "[prod] deployed " + tested + " in Ns (6 applied, 0 pruned, 6 changed)"});
    // The deployed ref names the commit, not the tag object.
    CHECK(rev(sb, "refs/slipway/deployed/prod", "server.git") == rev(sb, "HEAD"));
    auto deploys = recorded_deploys(sb.root() / "server.git");
    REQUIRE(deploys.size() == 2);
    CHECK(deploys[1].start.environment == "prod");
    CHECK(deploys[1].start.tag == "v1.0.0");
    CHECK(deploys[1].start.ref == "refs/tags/v1.0.0");
    CHECK(deploys[1].start.pusher == "alice");
    CHECK(deploys[1].state() == "success");
}
