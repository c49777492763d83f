// E2E: `slipway check` in a clone gives the verdict the hook gave, line for line.
#include "manifest_fixture.hpp"

#include <catch2/catch.hpp>

using namespace slipway::e2e;

namespace {

// The hook's finding lines without the ref, as `slipway check` prints them.
Lines as_check_lines(const Lines& remote, const std::string& ref) {
    Lines out;
    for (const auto& line : remote)
        if (line.starts_with("  " + ref + ": "))
            out.push_back(line.substr(ref.size() + 4));
    return out;
}

Lines lines_of(const std::string& text) {
    Lines out;
    std::size_t start = 0;
    while (start < text.size()) {
        auto nl = text.find('\n', start);
        out.push_back(text.substr(start, nl - start));
        start = nl + 1;
    }
    return out;
}

} // namespace

TEST_CASE("slipway check gives the same verdict as the hook, on a range and on paths") {
    Sandbox sb;
    sb.seeded(manifest_policy());
    std::string bad = deployment("cart", "registry.example.com/cart:latest");
    bad.replace(bad.find("replicas"), 8, "replica");
    auto push = commit_and_push(sb, "services/cart/deployment.yaml", bad);
    REQUIRE(push.exit_code != 0);
    Lines expected = as_check_lines(push.gate(), "refs/heads/master");
    REQUIRE(expected.size() == 2);
    expected.push_back("slipway check: 2 errors, 0 warnings");

    auto range = sb.sh("slipway check --policy ../policy.yaml origin/master..HEAD", {}, "work");
    CHECK(range.exit_code == 1);
    CHECK(lines_of(range.output) == expected);

    auto paths = sb.sh("slipway check --policy ../policy.yaml services", {}, "work");
    CHECK(paths.exit_code == 1);
    CHECK(lines_of(paths.output) == expected);

    // Found without --policy at .slipway/policy.yaml; run from a subdirectory.
    sb.ok("mkdir -p work/.slipway && cp policy.yaml work/.slipway/policy.yaml");
    auto found = sb.sh("slipway check cart/deployment.yaml", {}, "work/services");
    CHECK(found.exit_code == 1);
    CHECK(lines_of(found.output) == expected);

    auto json = sb.sh("slipway check --format json origin/master..HEAD", {}, "work");
    CHECK(json.exit_code == 1);
    CHECK(json.has("\"rule\": \"image-pinned\""));
    CHECK(json.has("\"errors\": 2"));

    sb.ok("git reset -q --hard origin/master", {}, "work");
    sb.write("work/services/cart/deployment.yaml", deployment());
    sb.ok("git add services && git commit -q -m good", {}, "work");
    auto good = sb.sh("slipway check origin/master..HEAD && slipway check", {}, "work");
    CHECK(good.exit_code == 0);
    CHECK(good.output == "slipway check: no problems\nslipway check: no problems\n");
    CHECK(sb.sh("git push origin master", {}, "work").exit_code == 0);
}

TEST_CASE("slipway check on a directory without a policy uses the default rules") {
    Sandbox sb;
    sb.write("dir/pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n"
                             "  containers:\n    - name: c\n      image: nginx\n");
    auto run = sb.sh("slipway check .", {}, "dir");
    CHECK(run.exit_code == 1);
    CHECK(run.has("pod.yaml:8:14: error: image \"nginx\" is not pinned"));
    CHECK(run.has("[resources]"));
    CHECK(sb.sh("slipway check --format yaml .", {}, "dir").exit_code == 2);
}
