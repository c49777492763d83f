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

// The usual scene, with a kubectl that records in checkout.txt what the checkout it renders
// from holds (symlinks not followed), then renders. Unconfined (`sandbox: off`), so that it
// can write its record outside the checkout.
void seeded_recording(Sandbox& sb) {
    sb.write("kubectl-recording",
             "#!/bin/sh\nroot=$(printf '%s' \"$2\" | sed 's#\\(/render-[^/]*\\)/.*#\\1#')\n"
             "(cd \"$root\" && find . | sort) > " +
                 quote((sb.root() / "checkout.txt").string()) + "\nexec kubectl \"$@\"\n");
    sb.ok("chmod +x kubectl-recording");
    sb.seeded(manifest_policy(
                  "  kustomize: {kubectl: " + (sb.root() / "kubectl-recording").string() + "}\n") +
              "sandbox: off\n");
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

TEST_CASE("kustomize: an overlay renders from a checkout of only what it reads, links followed") {
    Sandbox sb;
    seeded_recording(sb);
    // The overlay reaches its base through a symlink, outside the deploy target's paths.
    sb.write("work/bases/shop/kustomization.yaml", "resources: [deployment.yaml]\n");
    sb.write("work/bases/shop/deployment.yaml", deployment("shop"));
    sb.write("work/services/shop/overlays/prod/kustomization.yaml",
             "resources: [base]\nnamePrefix: prod-\n");
    sb.write("work/services/cart/deployment.yaml", deployment("cart"));
    sb.write("work/docs/README.md", "not read\n");
    sb.ok("ln -s ../../../../bases/shop services/shop/overlays/prod/base", {}, "work");
    auto first = sb.sh("git add -A && git commit -q -m shop && git push origin master", {}, "work");
    REQUIRE(first.exit_code == 0);
    REQUIRE(first.gate() == Lines{"slipway: push accepted — 1 ref update checked"});
    CHECK(sb.ok("cat checkout.txt") == ".\n"
                                       "./bases\n"
                                       "./bases/shop\n"
                                       "./bases/shop/deployment.yaml\n"
                                       "./bases/shop/kustomization.yaml\n"
                                       "./services\n"
                                       "./services/shop\n"
                                       "./services/shop/overlays\n"
                                       "./services/shop/overlays/prod\n"
                                       "./services/shop/overlays/prod/base\n"
                                       "./services/shop/overlays/prod/kustomization.yaml\n");

    // A change of the base, behind the symlink, renders the overlay again.
    sb.ok("rm checkout.txt");
    auto bad = commit_and_push(sb, "bases/shop/deployment.yaml",
                               deployment("shop", "registry.example.com/shop:latest"));
    CHECK(bad.exit_code != 0);
    CHECK(bad.gate() ==
          Lines{"slipway: push rejected — 1 problem",
                "  refs/heads/master: services/shop/overlays/prod (kustomize):18:16: error: image "
                "\"registry.example.com/shop:latest\" is not pinned; use the commit SHA tag or an "
                "@sha256 digest [image-pinned]",
                file_hint});
    CHECK(sb.ok("test -f checkout.txt && echo rendered") == "rendered\n");
    CHECK(sb.ok("ls server.git/slipway/tmp | wc -l") == "0\n");
}

TEST_CASE("kustomize: a base whose kustomization file is a symlink renders from the whole tree") {
    Sandbox sb;
    seeded_recording(sb);
    // What the base names is not read through the link, so its inputs cannot be told.
    sb.write("work/bases/shop/k.yaml", "resources: [../../lib]\n");
    sb.write("work/lib/kustomization.yaml", "resources: [deployment.yaml]\n");
    sb.write("work/lib/deployment.yaml", deployment("shop"));
    sb.write("work/services/shop/kustomization.yaml", "resources: [../../bases/shop]\n");
    sb.write("work/docs/README.md", "not read\n");
    sb.ok("ln -s k.yaml bases/shop/kustomization.yaml", {}, "work");
    auto first = sb.sh("git add -A && git commit -q -m shop && git push origin master", {}, "work");
    REQUIRE(first.exit_code == 0);
    REQUIRE(first.gate() == Lines{"slipway: push accepted — 1 ref update checked"});
    const auto listing = "\n" + sb.ok("cat checkout.txt");
    CHECK(listing.find("\n./docs/README.md\n") != std::string::npos);
    CHECK(listing.find("\n./lib/deployment.yaml\n") != std::string::npos);

    // Its rendering is judged as from any checkout.
    sb.write("work/lib/deployment.yaml", deployment("shop", "registry.example.com/shop:latest"));
    auto bad = commit_and_push(sb, "services/shop/kustomization.yaml",
                               "resources: [../../bases/shop]\nnamePrefix: prod-\n");
    CHECK(bad.exit_code != 0);
    CHECK(bad.gate() ==
          Lines{"slipway: push rejected — 1 problem",
                "  refs/heads/master: services/shop (kustomize):18:16: error: image "
                "\"registry.example.com/shop:latest\" is not pinned; use the commit SHA tag or an "
                "@sha256 digest [image-pinned]",
                file_hint});
}
