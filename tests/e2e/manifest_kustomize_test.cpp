// E2E: kustomizations are rendered from a checkout of the pushed tree and judged; an overlay is
// rendered when its base changes; a render error is a `kustomize` finding.
#include "manifest_fixture.hpp"

#include <catch2/catch.hpp>

using namespace slipway::e2e;

namespace {

void shop(Sandbox& sb) {
    sb.seeded(manifest_policy());
    sb.write("work/services/shop/base/kustomization.yaml", "resources: [deployment.yaml]\n");
    sb.write("work/services/shop/base/deployment.yaml", deployment("shop"));
    sb.write("work/services/shop/overlays/prod/kustomization.yaml",
             "resources: [../../base]\nnamePrefix: prod-\n");
    auto first = sb.sh("git add -A && git commit -q -m shop && git push origin master", {}, "work");
    REQUIRE(first.exit_code == 0);
    REQUIRE(first.gate() == Lines{"slipway: push accepted — 1 ref update checked"});
    REQUIRE(sb.ok("ls server.git/slipway/tmp | wc -l") == "0\n");
}

} // namespace

TEST_CASE("kustomize: an overlay is rendered and judged when only its base changes") {
    Sandbox sb;
    shop(sb);
    auto bad = commit_and_push(sb, "services/shop/base/deployment.yaml",
                               deployment("shop", "registry.example.com/shop:latest"));
    CHECK(bad.exit_code != 0);
    CHECK(bad.gate() ==
          Lines{"slipway: push rejected — 1 problem",
                "  refs/heads/master: services/shop/overlays/prod (kustomize):18:16: error: image "
                "\"registry.example.com/shop:latest\" is not pinned; use the commit SHA tag or an "
                "@sha256 digest [image-pinned]",
                file_hint});
    CHECK(sb.ok("ls server.git/slipway/tmp | wc -l") == "0\n");
}

TEST_CASE("kustomize: a kustomization that does not render is a kustomize finding") {
    Sandbox sb;
    shop(sb);
    auto bad = commit_and_push(sb, "services/shop/overlays/prod/kustomization.yaml",
                               "resources: [../../base, missing.yaml]\n");
    CHECK(bad.exit_code != 0);
    auto lines = bad.gate();
    REQUIRE(lines.size() == 3);
    CHECK(lines[0] == "slipway: push rejected — 1 problem");
    CHECK(lines[1].starts_with("  refs/heads/master: services/shop/overlays/prod/"
                               "kustomization.yaml: error: cannot render this kustomization: "
                               "kubectl kustomize exited with status 1: "));
    CHECK(lines[1].find("missing.yaml") != std::string::npos);
    CHECK(lines[1].find("server.git") == std::string::npos); // no checkout path leaks
    CHECK(lines[1].ends_with("; run `kubectl kustomize services/shop/overlays/prod` to see why "
                             "[kustomize]"));
    CHECK(sb.ok("ls server.git/slipway/tmp | wc -l") == "0\n");
}
