// Tests for check/terraform_checks: fmt, validate and plan of the root modules a push changes,
// with the real terraform.
#include "check/terraform_checks.hpp"

#include "deploy_fixture.hpp"
#include "git/oid.hpp"
#include "git/ref_update.hpp"
#include "util/state_paths.hpp"

#include <fcntl.h>

using namespace slipway;
using namespace slipway::check;
using slipway::testing::BareRepo;
using slipway::testing::ScopedEnv;
namespace fs = std::filesystem;

namespace {

const std::string zero(40, '0');

const std::string good_tf = "resource \"terraform_data\" \"a\" {\n  input = \"a\"\n}\n";
const std::string unformatted_tf = "resource \"terraform_data\" \"a\" {\ninput = \"a\"\n}\n";
const std::string invalid_tf = "output \"x\" {\n  value = var.nope\n}\n";
// Valid, but a plan needs a value nobody gives it.
const std::string failing_plan_tf = "variable \"region\" {\n  type = string\n}\n";

const std::string policy_text = R"(version: 1
groups:
  ops: [alice]
terraform:
  plan: {pushers: ["@ops"], workspace: ops}
environments:
  - name: ops
    refs: refs/heads/master
    targets:
      - terraform: {dirs: [infra/net, infra/dns], workspace: ops}
)";

// A pipe standing in for the pusher's connection; what() drains it.
struct Pusher {
    int fds[2] = {-1, -1};
    Pusher() {
        REQUIRE(::pipe2(fds, O_CLOEXEC) == 0);
        ::fcntl(fds[0], F_SETFL, O_NONBLOCK);
        ::fcntl(fds[0], F_SETPIPE_SZ, 1 << 20);
    }
    ~Pusher() {
        ::close(fds[0]);
        ::close(fds[1]);
    }
    std::string what() {
        std::string out;
        char buf[4096];
        ssize_t n;
        while ((n = ::read(fds[0], buf, sizeof buf)) > 0)
            out.append(buf, static_cast<std::size_t>(n));
        return out;
    }
};

struct Gate {
    BareRepo repo;
    ScopedEnv cli_config{"TF_CLI_CONFIG_FILE", std::nullopt};
    policy::Policy policy;
    Pusher pusher;

    explicit Gate(const std::string& text = policy_text) {
        auto p = policy::parse_policy(text, "p.yaml");
        REQUIRE(p);
        policy = std::move(*p);
    }
    void set_master(const git_oid& commit) const {
        REQUIRE(git::update_ref(repo.repo(), "refs/heads/master", commit, std::nullopt, "t"));
    }
    // The findings of pushing `old_id` → `new_id` to `ref` as `who`.
    Findings check(const std::string& ref, const std::string& old_id, const git_oid& new_id,
                   const std::string& who = "alice") {
        auto c = git::classify(repo.repo(), {old_id, git::to_hex(new_id), ref});
        REQUIRE(c);
        PushContext ctx(repo.repo(), policy, {who, "test"}, {*c});
        Findings out;
        auto s = check_terraform(ctx, out, {.pusher_fd = pusher.fds[1]});
        INFO((s ? "" : s.error().message));
        REQUIRE(s);
        return out;
    }
};

} // namespace

TEST_CASE("terraform-fmt and terraform-validate: a changed root module's problems are findings") {
    Gate g;
    auto base = g.repo.commit({{"infra/net/main.tf", {good_tf}}, {"infra/dns/main.tf", {good_tf}}});
    g.set_master(base);
    CHECK(g.check("refs/heads/master", git::to_hex(base), base).empty());

    auto bad = g.repo.commit({{"infra/net/main.tf", {unformatted_tf}},
                              {"infra/net/out.tf", {invalid_tf}},
                              {"infra/dns/main.tf", {good_tf}}},
                             base);
    auto findings = g.check("refs/heads/master", git::to_hex(base), bad);
    REQUIRE(findings.size() == 2);
    CHECK(findings[0].rule == "terraform-fmt");
    CHECK(findings[0].path == "infra/net/main.tf");
    CHECK(findings[0].message == "not formatted the way `terraform fmt` writes it; run "
                                 "`terraform fmt infra/net` and push again");
    CHECK(findings[1].rule == "terraform-validate");
    CHECK(findings[1].path == "infra/net/out.tf");
    CHECK(findings[1].line == 2);
    CHECK(findings[1].column == 11);
    CHECK(findings[1].severity == Severity::error);
    CHECK(findings[1].message ==
          "Reference to undeclared input variable: An input variable with the name \"nope\" has "
          "not been declared. This variable can be declared with a variable \"nope\" {} block.");
    // An error was found, so alice (trusted) got no plan; the scratch dirs are gone.
    CHECK(g.pusher.what().empty());
    CHECK(fs::is_empty(util::StateDir::for_repository(g.repo.git_dir()).scratch()));
}

TEST_CASE("a new ref is compared with its merge base with the HEAD branch") {
    Gate g(R"(version: 1
terraform: {validate: false}
environments:
  - name: staging
    refs: refs/heads/feature/*
    targets:
      - terraform: {dirs: [infra/net, infra/dns]}
)");
    auto base =
        g.repo.commit({{"infra/net/main.tf", {unformatted_tf}}, {"infra/dns/main.tf", {good_tf}}});
    g.set_master(base);
    // infra/net was already unformatted on master: only what the branch changes is checked.
    auto branch = g.repo.commit(
        {{"infra/net/main.tf", {unformatted_tf}}, {"infra/dns/main.tf", {unformatted_tf}}}, base);
    auto findings = g.check("refs/heads/feature/x", zero, branch);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].path == "infra/dns/main.tf");
    CHECK(findings[0].rule == "terraform-fmt");
    // A tag of a commit already on master changes nothing.
    CHECK(g.check("refs/heads/feature/y", zero, base).empty());
}

TEST_CASE(
    "terraform-plan: only a trusted pusher gets a plan, streamed, and a failing one rejects") {
    Gate g;
    auto base = g.repo.commit({{"infra/net/main.tf", {good_tf}}});
    g.set_master(base);
    auto next = g.repo.commit(
        {{"infra/net/main.tf", {good_tf}}, {"infra/net/more.tf", {failing_plan_tf}}}, base);
    auto failing = g.check("refs/heads/master", git::to_hex(base), next);
    REQUIRE(failing.size() == 1);
    CHECK(failing[0].rule == "terraform-plan");
    CHECK(failing[0].path == "infra/net");
    CHECK(failing[0].message == "terraform infra/net (ops): plan exited with status 1; the plan's "
                                "output is above, fix what it says and push again");
    auto seen = g.pusher.what();
    CHECK(seen.find("[plan] terraform infra/net (ops): plan\n") != std::string::npos);
    CHECK(seen.find("[plan] Error: No value for required variable") != std::string::npos);

    auto fine = g.repo.commit({{"infra/net/main.tf", {good_tf}},
                               {"infra/net/more.tf", {"resource \"terraform_data\" \"b\" {}\n"}}},
                              base);
    CHECK(g.check("refs/heads/master", git::to_hex(base), fine).empty());
    CHECK(g.pusher.what().ends_with(
        "[plan] terraform infra/net (ops): plan: 2 to add, 0 to change, 0 to destroy\n"));

    // mallory is not trusted: her push is checked, never planned.
    CHECK(g.check("refs/heads/master", git::to_hex(base), next, "mallory").empty());
    CHECK(g.pusher.what() ==
          "slipway: no terraform plan for mallory: a plan runs code from the pushed tree, and "
          "only the pushers listed in the policy's terraform.plan get one\n");
}
