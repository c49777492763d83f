// E2E with the real terraform (offline, terraform_data): the infrastructure template's ops and
// apps workspaces, changed root modules only, destroys refused, failing applies, gate checks.
#include "support/deploys.hpp"
#include "support/sandbox.hpp"

#include <catch2/catch.hpp>

using namespace slipway::e2e;
using Lines = std::vector<std::string>;

namespace {

const std::map<std::string, std::string> alice{{"GL_USERNAME", "alice"}};

void seed_infrastructure(Sandbox& sb) {
    sb.server("server.git", "--template infrastructure");
    sb.ok("git clone -q server.git work 2>/dev/null && cp -R " +
          quote(std::string(SLIPWAY_SOURCE_DIR) + "/templates/infrastructure") +
          "/. work/ && cd work && rm slipway.yaml && git add -A && "
          "git commit -qm 'three environments'");
}

std::string resource(const std::string& name, const std::string& extra = "") {
    return "resource \"terraform_data\" \"" + name + "\" {\n  input = \"" + name + "\"\n" + extra +
           "}\n";
}

} // namespace

TEST_CASE("infrastructure template: master applies changed root modules to ops, a tag to apps") {
    Sandbox sb;
    seed_infrastructure(sb);
    auto first = sb.sh("git push origin master", alice, "work");
    REQUIRE(first.exit_code == 0);
    const auto c1 = short_rev(sb, "HEAD");
    auto lines = timeless(first.remote());
    // The gate's plan streams first, then its verdict, then the deploy.
    CHECK(in_order(lines,
                   {"[plan] terraform staging (ops): plan",
                    "[plan] terraform staging (ops): plan: 2 to add, 0 to change, 0 to destroy",
                    "[plan] terraform prod (ops): plan: 2 to add, 0 to change, 0 to destroy",
                    "slipway: push accepted — 1 ref update checked",
                    "[ops] terraform staging (ops): init", "[ops] terraform staging (ops): plan",
                    "[ops] Plan: 2 to add, 0 to change, 0 to destroy.",
                    "[ops] terraform staging (ops): apply",
                    "[ops] Apply complete! Resources: 2 added, 0 changed, 0 destroyed.",
                    "[ops] endpoint = \"https://staging-ops.example.internal\"",
                    "[ops] terraform preprod (ops): apply",
                    "[ops] endpoint = \"https://preprod-ops.example.internal\"",
                    "[ops] terraform prod (ops): apply",
                    "[ops] endpoint = \"https://prod-ops.example.internal\""}));
    CHECK(lines.back() == "[ops] deployed " + c1 + " in Ns (0 applied, 0 pruned, 6 changed)");
    CHECK(rev(sb, "refs/slipway/deployed/ops", "server.git") == rev(sb, "HEAD"));
    // State lives in the state directory, per root module and workspace, never in a checkout.
    sb.ok("test -s server.git/slipway/terraform/staging/state/terraform.tfstate.d/ops/"
          "terraform.tfstate");
    CHECK(sb.ok("find server.git/slipway/workspaces server.git/slipway/tmp -name '*.tfstate*' "
                "2>/dev/null | wc -l") == "0\n");

    // Only staging changes: the other root modules are skipped, at push time and at deploy.
    auto second = sb.sh("sed -i 's/node_count  = 2/node_count  = 4/' staging/main.tf && "
                        "git commit -qam 'staging: 4 nodes' && git push origin master",
                        alice, "work");
    REQUIRE(second.exit_code == 0);
    const auto c2 = short_rev(sb, "HEAD");
    lines = timeless(second.remote());
    CHECK(in_order(lines,
                   {"[plan] terraform staging (ops): plan: 0 to add, 1 to change, 0 to destroy",
                    "[ops] Apply complete! Resources: 0 added, 1 changed, 0 destroyed.",
                    "[ops] terraform preprod (ops): unchanged since " + c1 + ", skipped",
                    "[ops] terraform prod (ops): unchanged since " + c1 + ", skipped",
                    "[ops] deployed " + c2 + " in Ns (0 applied, 0 pruned, 1 changed)"}));
    CHECK(std::count(lines.begin(), lines.end(), "[plan] terraform preprod (ops): plan") == 0);

    // A tag of the commit applied to ops goes to the apps workspaces, every root module.
    auto tag =
        sb.sh("git tag -a v1.0.0 -m 'release 1.0.0' && git push origin v1.0.0", alice, "work");
    REQUIRE(tag.exit_code == 0);
    lines = timeless(tag.remote());
    CHECK(in_order(lines, {"slipway: push accepted — 1 ref update checked",
                           "[apps] terraform staging (apps): apply",
                           "[apps] endpoint = \"https://staging-apps.example.internal\"",
                           "[apps] terraform prod (apps): apply",
                           "[apps] deployed " + c2 + " in Ns (0 applied, 0 pruned, 6 changed)"}));
    CHECK(rev(sb, "refs/slipway/deployed/apps", "server.git") == rev(sb, "HEAD"));

    auto deploys = recorded_deploys(sb.root() / "server.git");
    REQUIRE(deploys.size() == 3);
    CHECK(deploys[2].start.environment == "apps");
    CHECK(deploys[2].state() == "success");
    REQUIRE(deploys[2].end->targets.size() == 1);
    CHECK(deploys[2].end->targets[0].name == "terraform staging, preprod, prod (apps)");
    CHECK(deploys[2].end->targets[0].kind == "terraform");
    CHECK(deploys[2].end->targets[0].exit_code == 0);
    CHECK(deploys[2].end->targets[0].output.find(
              "Apply complete! Resources: 2 added, 0 changed, 0 destroyed.\n") !=
          std::string::npos);
    CHECK(deploys[2].end->ref_updates ==
          std::vector<slipway::ledger::RefChange>{
              {"refs/slipway/deployed/apps", "", rev(sb, "HEAD"), "apps"}});
}

TEST_CASE("terraform: a destroying plan is applied only where allowed, a failed apply changes "
          "nothing") {
    Sandbox sb;
    sb.seeded(R"(version: 1
environments:
  - name: ops
    refs: refs/heads/master
    targets:
      - terraform: {dirs: [infra], workspace: ops}
  - name: lab
    refs: refs/heads/lab
    targets:
      - terraform: {dirs: [infra], workspace: lab, allow_destroy: true}
)");
    sb.write("work/infra/main.tf", resource("a") + "\n" + resource("b"));
    sb.ok("git add -A && git commit -qm 'a and b' && git push -q origin master master:lab "
          "2>/dev/null",
          alice, "work");
    const auto c1 = rev(sb, "HEAD");

    sb.write("work/infra/main.tf", resource("a"));
    auto refused = sb.sh("git commit -qam 'drop b' && git push origin master", alice, "work");
    REQUIRE(refused.exit_code == 0); // the push landed; its deploy failed
    CHECK(timeless(refused.remote()).back() ==
          "[ops] deploy of " + short_rev(sb, "HEAD") +
              " FAILED after Ns (0 applied, 0 pruned, 0 changed): terraform infra (ops): the "
              "plan destroys 1 resource (terraform_data.b) and this environment does not allow "
              "destroys; nothing was applied");
    CHECK(rev(sb, "refs/slipway/deployed/ops", "server.git") == c1);

    auto allowed = sb.sh("git push origin master:lab", alice, "work");
    CHECK(in_order(
        timeless(allowed.remote()),
        {"[lab] Apply complete! Resources: 0 added, 0 changed, 1 destroyed.",
         "[lab] deployed " + short_rev(sb, "HEAD") + " in Ns (0 applied, 0 pruned, 1 changed)"}));

    // A provisioner that fails: the plan is fine, the apply is not (in lab, where nothing
    // else is pending).
    sb.write(
        "work/infra/main.tf",
        resource("a") + "\n" +
            resource("c", "\n  provisioner \"local-exec\" {\n    command = \"exit 3\"\n  }\n"));
    const auto lab = rev(sb, "refs/slipway/deployed/lab", "server.git");
    auto failed = sb.sh("git commit -qam 'c fails' && git push origin master:lab", alice, "work");
    REQUIRE(failed.exit_code == 0);
    const auto c3 = short_rev(sb, "HEAD");
    auto lines = timeless(failed.remote());
    CHECK(in_order(lines, {"[lab] terraform infra (lab): apply",
                           "[lab] Error: local-exec provisioner error",
                           "[lab] deploy of " + c3 +
                               " FAILED after Ns (0 applied, 0 pruned, 0 changed): terraform "
                               "infra (lab): apply exited with status 1"}));
    CHECK(rev(sb, "refs/slipway/deployed/lab", "server.git") == lab);
    auto deploys = recorded_deploys(sb.root() / "server.git");
    const auto& last = deploys.back();
    CHECK(last.start.commit == rev(sb, "HEAD"));
    CHECK(last.state() == "failure");
    CHECK(timeless({last.end->message}) == Lines{lines.back().substr(6)});
    REQUIRE(last.end->targets.size() == 1);
    CHECK(last.end->targets[0].exit_code == 1);
    CHECK(last.end->targets[0].output.find("Error: local-exec provisioner error") !=
          std::string::npos);
    CHECK(last.end->ref_updates.empty());
}

TEST_CASE("terraform checks at push time: fmt and validate findings, and a plan that fails") {
    Sandbox sb;
    seed_infrastructure(sb);
    sb.ok("git push -q origin master 2>/dev/null", alice, "work");

    auto bad =
        sb.sh("git checkout -q -b feature/bad && printf 'output \"x\" {\\nvalue=var.nope\\n}\\n'"
              " > staging/extra.tf && git add -A && git commit -qm bad && "
              "git push origin feature/bad",
              alice, "work");
    CHECK(bad.exit_code != 0);
    CHECK(bad.remote() ==
          Lines{"slipway: push rejected — 2 problems",
                "  refs/heads/feature/bad: staging/extra.tf: error: not formatted the way "
                "`terraform fmt` writes it; run `terraform fmt staging` and push again "
                "[terraform-fmt]",
                "  refs/heads/feature/bad: staging/extra.tf:2:7: error: Reference to undeclared "
                "input variable: An input variable with the name \"nope\" has not been declared. "
                "This variable can be declared with a variable \"nope\" {} block. "
                "[terraform-validate]",
                "hint: run `slipway check` in your clone to see the same verdict before pushing"});

    // Valid and formatted, but the plan needs a value nobody gives it.
    auto unplannable =
        sb.sh("git checkout -q master && git checkout -q -b feature/region && "
              "printf 'variable \"region\" {\\n  type = string\\n}\\n' > preprod/region.tf && "
              "git add -A && git commit -qm region && git push origin feature/region",
              alice, "work");
    CHECK(unplannable.exit_code != 0);
    auto lines = unplannable.remote();
    CHECK(in_order(lines, {"[plan] terraform preprod (ops): plan",
                           "[plan] Error: No value for required variable",
                           "slipway: push rejected — 1 problem",
                           "  refs/heads/feature/region: preprod: error: terraform preprod (ops): "
                           "plan exited with status 1; the plan's output is above, fix what it "
                           "says and push again [terraform-plan]"}));
    CHECK(
        sb.sh("git rev-parse -q --verify refs/heads/feature/region", {}, "server.git").exit_code !=
        0);
}
