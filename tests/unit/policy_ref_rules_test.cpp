// Tests for policy/ref_rules: which rules apply to a ref.
#include "policy/policy.hpp"

#include <catch2/catch.hpp>

using namespace slipway::policy;

TEST_CASE("every rule whose glob matches applies, in file order") {
    auto p =
        parse_policy("version: 1\nrefs:\n"
                     "  - match: refs/heads/*\n    branch_name: '^feature/.*$'\n"
                     "  - match: [refs/heads/master, refs/heads/release/*]\n    protected: true\n"
                     "  - match: refs/tags/*\n    tag: {immutable: true}\n",
                     "p");
    REQUIRE(p);
    auto master = rules_for(p->refs, "refs/heads/master");
    REQUIRE(master.size() == 2);
    CHECK(master[0]->branch_name);
    CHECK(master[1]->is_protected);
    CHECK(rules_for(p->refs, "refs/heads/release/1.0").size() == 2);
    CHECK(rules_for(p->refs, "refs/tags/v1").size() == 1);
    CHECK(rules_for(p->refs, "refs/notes/commits").empty());
}

TEST_CASE("an empty push list means nobody may push") {
    auto p = parse_policy("version: 1\nrefs:\n  - match: refs/heads/frozen\n    push: []\n", "p");
    REQUIRE(p);
    REQUIRE(p->refs[0].push);
    CHECK(p->refs[0].push->empty());
}
