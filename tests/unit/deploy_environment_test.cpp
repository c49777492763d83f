// Tests for deploy/environment: whole deploys of real commits with terraform, rendering and a
// command, the deployed ref, failures and waiting for another deploy.
#include "deploy/environment.hpp"

#include "deploy_fixture.hpp"
#include "git/oid.hpp"
#include "git/tree.hpp"
#include "ledger/compression.hpp"
#include "manifest/yaml_loader.hpp"

#include <csignal>
#include <fcntl.h>
#include <sys/wait.h>

using namespace slipway;
using namespace slipway::deploy;
using slipway::testing::BareRepo;
using slipway::testing::read_file;
using slipway::testing::ScopedEnv;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

// The output a target's report kept, inflated.
std::string text_of(const TargetReport& report) {
    REQUIRE(report.output);
    auto text = ledger::decompress(report.output->zlib());
    REQUIRE(text);
    return *text;
}

std::string manifest(const std::string& kind, const std::string& name) {
    return "apiVersion: v1\nkind: " + kind + "\nmetadata:\n  name: " + name + "\n";
}

// A stand-in for the manifest loader: every services/**/*.yaml file is one object.
Result<std::vector<KubeObject>> load_services(const fs::path& workspace) {
    std::vector<KubeObject> out;
    if (!fs::exists(workspace / "services"))
        return out;
    std::vector<fs::path> files;
    for (const auto& e : fs::recursive_directory_iterator(workspace / "services"))
        if (e.path().extension() == ".yaml")
            files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
        std::string text = read_file(f);
        auto doc = manifest::load_yaml(f.string(), text, {});
        const auto& t = doc.tree;
        const auto root = doc.documents.at(0).root;
        out.push_back({std::string(t.text(t.find(root, "apiVersion"))),
                       std::string(t.text(t.find(root, "kind"))), "",
                       std::string(t.text(t.find(t.find(root, "metadata"), "name"))), text});
    }
    return out;
}

struct Server {
    BareRepo repo;
    ScopedEnv cli_config{"TF_CLI_CONFIG_FILE", (repo.dir() / "empty.tfrc").string()};
    util::StateDir state = util::StateDir::for_repository(repo.git_dir());
    fs::path log = repo.dir() / "deploy.log";
    report::Output out = slipway::testing::open_output("preprod", log);

    Server() { slipway::testing::write_file(repo.dir() / "empty.tfrc", ""); }

    EnvironmentConfig environment(std::vector<Target> targets) const {
        return {.name = "preprod",
                .targets = std::move(targets),
                .lock = {.poll_interval = 20ms, .timeout = 300ms},
                .committer = {.time = 1700000000}};
    }
    // The commit refs/slipway/deployed/preprod names, as hex; "none" when it does not exist.
    std::string deployed() const {
        auto t = repo.repo().ref_target("refs/slipway/deployed/preprod");
        REQUIRE(t);
        return *t ? git::to_hex(**t) : "none";
    }
    bool logged(const std::string& line) const {
        return read_file(log).find(line + "\n") != std::string::npos;
    }
};

const git::TreeFiles first_commit{
    {"infra/net/main.tf", {"resource \"terraform_data\" \"a\" {\n  input = \"a\"\n}\n"}},
    {"services/cart/configmap.yaml", {manifest("ConfigMap", "cart")}},
    {"services/legacy/configmap.yaml", {manifest("ConfigMap", "legacy-billing")}},
    {"services/legacy/service.yaml", {manifest("Service", "legacy-billing")}}};

} // namespace

TEST_CASE("a deploy runs terraform, renders manifests, runs a command and moves the deployed ref") {
    Server s;
    auto config =
        s.environment({TerraformTarget{.roots = {{"infra/net", "ops"}}},
                       KubernetesTarget{.load = load_services, .default_namespace = "shop"},
                       CommandTarget{.argv = {"sh", "-c",
                                              "echo \"$SLIPWAY_ENVIRONMENT $SLIPWAY_PUSHER "
                                              "${SLIPWAY_PREVIOUS_COMMIT:-none}\""}}});
    auto a = s.repo.commit(first_commit);
    auto first = deploy_environment(s.repo.repo(), s.state, config, {a, "alice"}, s.out);
    INFO(read_file(s.log));
    REQUIRE(first.ok);
    CHECK(first.counts.applied == 3);
    CHECK(first.counts.changed == 4); // 1 terraform resource, 3 rendered files
    CHECK(s.logged("[preprod] Apply complete! Resources: 1 added, 0 changed, 0 destroyed."));
    CHECK(s.logged("[preprod] kubernetes: rendered 3 objects into refs/slipway/rendered/preprod "
                   "(3 added, 0 modified, 0 deleted)"));
    CHECK(s.logged("[preprod] preprod alice none"));
    CHECK(s.logged("[preprod] " + summary_line(first)));
    CHECK(s.deployed() == git::to_hex(a));
    CHECK_FALSE(fs::exists(s.state.workspace("preprod")));

    // Removing a service and touching nothing under infra/: terraform is skipped.
    git::TreeFiles next = first_commit;
    next.erase("services/legacy/configmap.yaml");
    next.erase("services/legacy/service.yaml");
    auto b = s.repo.commit(next, a);
    auto second = deploy_environment(s.repo.repo(), s.state, config, {b, "bob"}, s.out);
    REQUIRE(second.ok);
    CHECK(second.counts.pruned == 2);
    CHECK(s.logged("[preprod] terraform infra/net (ops): unchanged since " +
                   git::short_id(git::to_hex(a)) + ", skipped"));
    CHECK(s.logged("[preprod] kubernetes: removed shop/configmap-legacy-billing.yaml"));
    CHECK(s.logged("[preprod] kubernetes: removed shop/service-legacy-billing.yaml"));
    CHECK(s.logged("[preprod] preprod bob " + git::to_hex(a)));
    CHECK(summary_line(second) ==
          "deployed " + git::short_id(git::to_hex(b)) + " in " +
              summary_line(second).substr(summary_line(second).find(" in ") + 4,
                                          summary_line(second).find(" (") -
                                              summary_line(second).find(" in ") - 4) +
              " (1 applied, 2 pruned, 2 changed)");
    CHECK(s.deployed() == git::to_hex(b));
}

TEST_CASE("a failing target fails the deploy, says what failed and leaves the deployed ref") {
    Server s;
    auto a = s.repo.commit(first_commit);
    auto ok =
        deploy_environment(s.repo.repo(), s.state, s.environment({CommandTarget{.argv = {"true"}}}),
                           {a, "alice"}, s.out);
    REQUIRE(ok.ok);
    auto b = s.repo.commit({{"x", {"y"}}}, a);
    auto failed = deploy_environment(s.repo.repo(), s.state,
                                     s.environment({CommandTarget{.argv = {"sh", "-c", "exit 3"}},
                                                    CommandTarget{.argv = {"true"}}}),
                                     {b, "bob"}, s.out);
    CHECK_FALSE(failed.ok);
    CHECK(failed.failure == "command sh exited with status 3");
    CHECK(summary_line(failed).ends_with(" (0 applied, 0 pruned, 0 changed): command sh exited "
                                         "with status 3"));
    CHECK(summary_line(failed).starts_with("deploy of " + git::short_id(git::to_hex(b)) +
                                           " FAILED after "));
    CHECK(s.deployed() == git::to_hex(a));
}

TEST_CASE("a symlink out of the workspace is reported, not followed") {
    Server s;
    auto a = s.repo.commit({{"passwd", {"/etc/passwd", git::FileMode::symlink}}});
    auto r =
        deploy_environment(s.repo.repo(), s.state,
                           s.environment({CommandTarget{.argv = {"sh", "-c", "test ! -e passwd"}}}),
                           {a, "eve"}, s.out);
    CHECK(r.ok);
    CHECK(s.logged("[preprod] warning: symlink passwd -> /etc/passwd is not checked out: it "
                   "leads outside the workspace"));
}

TEST_CASE("a deploy waiting for another one says whose, and gives up after its timeout") {
    Server s;
    int ready[2];
    REQUIRE(::pipe(ready) == 0);
    pid_t holder = ::fork();
    REQUIRE(holder >= 0);
    if (holder == 0) {
        auto lock = EnvironmentLock::try_acquire(
            s.state.lock_file("preprod"),
            {"9be01d2000000000000000000000000000000000", "bob", 0, static_cast<long>(::getpid())});
        if (!lock || !*lock || ::write(ready[1], "x", 1) != 1)
            ::_exit(2);
        ::pause();
        ::_exit(0);
    }
    char byte;
    REQUIRE(::read(ready[0], &byte, 1) == 1);
    auto a = s.repo.commit({{"x", {"y"}}});
    auto r =
        deploy_environment(s.repo.repo(), s.state, s.environment({CommandTarget{.argv = {"true"}}}),
                           {a, "alice"}, s.out);
    ::kill(holder, SIGKILL);
    ::waitpid(holder, nullptr, 0);
    ::close(ready[0]);
    ::close(ready[1]);
    CHECK_FALSE(r.ok);
    CHECK(r.failure == "gave up after 0s waiting for deploy of 9be01d2 by bob");
    CHECK(s.logged("[preprod] waiting for deploy of 9be01d2 by bob (0s)"));
    CHECK(s.deployed() == "none");
}

TEST_CASE("a pusher who hangs up does not stop the deploy, and the log has all of it") {
    report::ignore_pusher_signals();
    Server s;
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    ::close(fds[0]);
    report::Output gone =
        slipway::testing::open_output("preprod", s.repo.dir() / "gone.log", fds[1]);
    auto a = s.repo.commit({{"x", {"y"}}});
    auto r = deploy_environment(
        s.repo.repo(), s.state,
        s.environment({CommandTarget{.argv = {"sh", "-c", "echo one; sleep 0.1; echo two"}}}),
        {a, "alice"}, gone);
    ::close(fds[1]);
    CHECK(r.ok);
    CHECK(gone.pusher_gone());
    CHECK(read_file(s.repo.dir() / "gone.log")
              .ends_with("[preprod] one\n[preprod] two\n[preprod] " + summary_line(r) + "\n"));
    CHECK(s.deployed() == git::to_hex(a));
}

TEST_CASE("an invalid environment name is refused before anything happens") {
    Server s;
    auto a = s.repo.commit({{"x", {"y"}}});
    auto config = s.environment({});
    config.name = "../prod";
    auto r = deploy_environment(s.repo.repo(), s.state, config, {a, "alice"}, s.out);
    CHECK_FALSE(r.ok);
    CHECK(r.failure == "\"../prod\" is not a valid environment name");
    CHECK_FALSE(fs::exists(s.state.root()));
}

TEST_CASE("a root module new in the policy runs even when its files did not change") {
    Server s;
    git::TreeFiles files{
        {"infra/net/main.tf", {"resource \"terraform_data\" \"a\" {\n  input = \"a\"\n}\n"}},
        {"infra/dns/main.tf", {"resource \"terraform_data\" \"d\" {\n  input = \"d\"\n}\n"}}};
    auto a = s.repo.commit(files);
    auto net_only = s.environment({TerraformTarget{.roots = {{"infra/net", "ops"}}}});
    REQUIRE(deploy_environment(s.repo.repo(), s.state, net_only, {a, "alice"}, s.out).ok);

    files["README.md"] = {"docs\n"};
    auto b = s.repo.commit(files, a);
    auto both =
        s.environment({TerraformTarget{.roots = {{"./infra/net", "ops"}, {"infra/dns", "ops"}}}});
    auto r = deploy_environment(s.repo.repo(), s.state, both, {b, "bob"}, s.out);
    INFO(read_file(s.log));
    REQUIRE(r.ok);
    CHECK(s.logged("[preprod] terraform ./infra/net (ops): unchanged since " +
                   git::short_id(git::to_hex(a)) + ", skipped"));
    CHECK(s.logged("[preprod] terraform infra/dns (ops): plan"));
    CHECK(r.counts.changed == 1);
    CHECK(read_file(s.state.terraform_deployed("infra/dns", "ops")) == git::to_hex(b) + "\n");
    CHECK(read_file(s.state.terraform_deployed("infra/net", "ops")) == git::to_hex(a) + "\n");
}

TEST_CASE("the summary reports every target, its output and exit, what was pruned and the refs "
          "moved") {
    Server s;
    auto config = s.environment({KubernetesTarget{.name = "kubernetes services",
                                                  .load = load_services,
                                                  .default_namespace = "shop"},
                                 CommandTarget{.argv = {"sh", "-c", "echo hello"}}});
    auto a = s.repo.commit(first_commit);
    auto first = deploy_environment(s.repo.repo(), s.state, config, {a, "alice"}, s.out);
    REQUIRE(first.ok);
    REQUIRE(first.targets.size() == 2);
    CHECK(first.targets[0].name == "kubernetes services");
    CHECK(first.targets[0].kind == "kubernetes");
    CHECK(first.targets[0].state == TargetState::succeeded);
    CHECK(first.targets[0].exit_code == 0);
    CHECK(text_of(first.targets[0]) == "kubernetes: rendered 3 objects into "
                                       "refs/slipway/rendered/preprod (3 added, 0 modified, 0 "
                                       "deleted)\n");
    CHECK(first.targets[1].name == "command sh -c echo hello");
    CHECK(text_of(first.targets[1]) == "command sh -c echo hello\nhello\n");
    REQUIRE(first.ref_moves.size() == 2);
    CHECK(first.ref_moves[0].ref == "refs/slipway/rendered/preprod");
    CHECK(first.ref_moves[0].old_id.empty());
    CHECK(first.ref_moves[1].ref == "refs/slipway/deployed/preprod");
    CHECK(first.ref_moves[1].old_id.empty());
    CHECK(first.ref_moves[1].new_id == git::to_hex(a));

    git::TreeFiles next = first_commit;
    next.erase("services/legacy/service.yaml");
    auto b = s.repo.commit(next, a);
    config.targets[1] = CommandTarget{.argv = {"sh", "-c", "echo broken; exit 4"}};
    config.targets.push_back(CommandTarget{.argv = {"true"}});
    auto second = deploy_environment(s.repo.repo(), s.state, config, {b, "bob"}, s.out);
    CHECK_FALSE(second.ok);
    CHECK(second.pruned == std::vector<std::string>{"shop/service-legacy-billing.yaml"});
    REQUIRE(second.targets.size() == 3);
    CHECK(second.targets[1].state == TargetState::failed);
    CHECK(second.targets[1].exit_code == 4);
    CHECK(text_of(second.targets[1]) == "command sh -c echo broken; exit 4\nbroken\n");
    CHECK(second.targets[2].state == TargetState::not_run);
    CHECK(second.targets[2].exit_code == -1);
    CHECK_FALSE(second.targets[2].output); // not run: nothing captured
    REQUIRE(second.ref_moves.size() == 1); // the rendering moved, the deployed ref did not
    CHECK(second.ref_moves[0].ref == "refs/slipway/rendered/preprod");
    CHECK(s.deployed() == git::to_hex(a));
}

TEST_CASE("hooks hear about the wait, may skip once the lock is held, and get the result") {
    Server s;
    auto a = s.repo.commit({{"x", {"y"}}});
    auto config = s.environment({CommandTarget{.argv = {"sh", "-c", "echo ran"}}});
    int locked = 0;
    std::vector<std::string> finished;
    DeployHooks hooks{.on_locked = [&]() -> std::optional<std::string> {
                          ++locked;
                          CHECK(read_lock_holder(s.state.lock_file("preprod"))->pusher == "alice");
                          return "a newer push overtook it";
                      },
                      .on_finished =
                          [&](const DeploySummary& r) {
                              finished.push_back(summary_line(r));
                          }};
    auto r = deploy_environment(s.repo.repo(), s.state, config, {a, "alice"}, s.out, hooks);
    CHECK(locked == 1);
    CHECK(r.skipped);
    CHECK_FALSE(r.ok);
    CHECK(summary_line(r) ==
          "skipped " + git::short_id(git::to_hex(a)) + ": a newer push overtook it");
    CHECK(finished == std::vector<std::string>{summary_line(r)});
    REQUIRE(r.targets.size() == 1);
    CHECK(r.targets[0].state == TargetState::not_run);
    CHECK_FALSE(s.logged("[preprod] ran"));
    CHECK(s.deployed() == "none");

    hooks.on_locked = [] {
        return std::optional<std::string>();
    };
    auto go = deploy_environment(s.repo.repo(), s.state, config, {a, "alice"}, s.out, hooks);
    CHECK(go.ok);
    CHECK(s.logged("[preprod] ran"));
}
