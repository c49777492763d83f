// Tests for deploy/inventory: the file round trip, prune planning, limits, the push option.
#include "deploy/inventory.hpp"

#include "deploy_fixture.hpp"

using namespace slipway;
using namespace slipway::deploy;
using slipway::testing::TempDir;
using slipway::testing::write_file;

namespace {

const ObjectRef web{"apps/v1", "Deployment", "shop", "web"};
const ObjectRef svc{"v1", "Service", "shop", "web"};
const ObjectRef legacy{"apps/v1", "Deployment", "shop", "legacy"};
const ObjectRef legacy_svc{"v1", "Service", "shop", "legacy"};
const ObjectRef ns{"v1", "Namespace", "", "shop"};
const ObjectRef role{"rbac.authorization.k8s.io/v1", "ClusterRole", "", "reader"};

} // namespace

TEST_CASE("an inventory survives a write and a read, and a missing one is empty") {
    TempDir d;
    auto none = read_inventory(d / "inventory/prod.tsv");
    REQUIRE(none);
    CHECK(none->empty());
    REQUIRE(write_inventory(d / "inventory/prod.tsv", {web, ns}));
    auto back = read_inventory(d / "inventory/prod.tsv");
    REQUIRE(back);
    CHECK(*back == std::vector<ObjectRef>{web, ns});
}

TEST_CASE("a malformed inventory is an error naming the line") {
    TempDir d;
    write_file(d / "inv.tsv", "# header\nv1\tConfigMap\tshop\n");
    auto r = read_inventory(d / "inv.tsv");
    REQUIRE_FALSE(r);
    CHECK(r.error().message == "inventory " + (d / "inv.tsv").string() +
                                   " line 2 is not \"apiVersion<TAB>kind<TAB>namespace<TAB>name\"");
}

TEST_CASE("plan_prune deletes what left the repository, namespaces last") {
    PrunePolicy policy{.namespaces = Allow::yes, .cluster_scoped = Allow::yes};
    auto plan = plan_prune({ns, web, legacy, role, legacy_svc}, {web}, policy);
    REQUIRE(plan);
    CHECK(plan->prune == std::vector<ObjectRef>{legacy, legacy_svc, role, ns});
    CHECK(plan->forbidden.empty());
}

TEST_CASE("plan_prune keeps namespaces and cluster-scoped objects unless allowed") {
    auto plan = plan_prune({ns, web, legacy, role}, {web}, {});
    REQUIRE(plan);
    CHECK(plan->prune == std::vector<ObjectRef>{legacy});
    CHECK(plan->forbidden == std::vector<ObjectRef>{ns, role});
}

TEST_CASE("plan_prune refuses more deletions than the limit unless the push allows them") {
    PrunePolicy policy{.limit = 1};
    auto refused = plan_prune({web, svc, legacy}, {}, policy);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message ==
          "pruning 3 objects (Deployment shop/web, Service shop/web, Deployment shop/legacy) is "
          "more than this environment's limit of 1; push with -o slipway.prune=3 to allow it");
    policy.pusher_limit = 3;
    auto allowed = plan_prune({web, svc, legacy}, {}, policy);
    REQUIRE(allowed);
    CHECK(allowed->prune.size() == 3);
}

TEST_CASE("the slipway.prune push option is a number or all") {
    CHECK(parse_prune_option("12") == std::size_t{12});
    CHECK(parse_prune_option("all") == std::numeric_limits<std::size_t>::max());
    auto bad = parse_prune_option("lots");
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message ==
          "push option slipway.prune=lots must be a number of objects or \"all\"");
    CHECK_FALSE(parse_prune_option("-1"));
    CHECK_FALSE(parse_prune_option(""));
}
