// Tests for util/sandbox: the bwrap arguments, and what a confined program can and cannot do.
#include "util/sandbox.hpp"

#include "deploy_fixture.hpp"

#include <algorithm>
#include <map>

using namespace slipway;
using namespace slipway::util;
using slipway::testing::read_file;
using slipway::testing::ScopedEnv;
using slipway::testing::TempDir;
using slipway::testing::write_file;
namespace fs = std::filesystem;

namespace {

// True when `needle` appears in `args` as consecutive elements.
bool has_run(const std::vector<std::string>& args, const std::vector<std::string>& needle) {
    return std::search(args.begin(), args.end(), needle.begin(), needle.end()) != args.end();
}

std::ptrdiff_t index_of(const std::vector<std::string>& args,
                        const std::vector<std::string>& needle) {
    auto it = std::search(args.begin(), args.end(), needle.begin(), needle.end());
    return it == args.end() ? -1 : it - args.begin();
}

EnvironmentLookup lookup(std::map<std::string, std::string> vars) {
    return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
        if (auto it = vars.find(name); it != vars.end())
            return it->second;
        return std::nullopt;
    };
}

// `script` run by sh, confined as `c` says, in `cwd`.
Captured confined(const std::string& script, const Confinement& c, const fs::path& cwd = {}) {
    auto sandbox = Sandbox::find();
    REQUIRE(sandbox);
    auto wrapped = sandbox->wrap({.argv = {"sh", "-c", script}, .cwd = cwd}, c);
    REQUIRE(wrapped);
    auto run = run_capture(*wrapped);
    REQUIRE(run);
    return *run;
}

} // namespace

TEST_CASE("sandbox arguments: namespaces, an allowlisted environment, the system read-only") {
    const Command command{.argv = {"kubectl", "kustomize", "/co/app"},
                          .cwd = "/co/app",
                          .env = {{"KUBECONFIG", "/dev/null"}, {"HOME", "/ignored"}}};
    const Confinement c{
        .mounts = {{.source = "/co"},
                   {.source = "/scratch/copy", .target = "/co/app", .access = Access::writable}},
        .pass_env = {"AWS_PROFILE", "NOT_SET"}};
    auto args = sandbox_arguments(command, "/opt/kube/kubectl", c,
                                  lookup({{"PATH", "/opt/kube:/usr/bin"},
                                          {"LANG", "C.UTF-8"},
                                          {"AWS_PROFILE", "ops"},
                                          {"SLIPWAY_TEST_SECRET", "deploy-token"}}));
    CHECK(std::vector<std::string>(args.begin(), args.begin() + 3) ==
          std::vector<std::string>{"--die-with-parent", "--new-session", "--unshare-all"});
    CHECK_FALSE(has_run(args, {"--share-net"}));
    CHECK(has_run(args, {"--clearenv"}));
    CHECK(has_run(args, {"--setenv", "PATH", "/opt/kube:/usr/bin"}));
    CHECK(has_run(args, {"--setenv", "TMPDIR", "/tmp"}));
    CHECK(has_run(args, {"--setenv", "LANG", "C.UTF-8"}));
    CHECK(has_run(args, {"--setenv", "AWS_PROFILE", "ops"}));
    CHECK(has_run(args, {"--setenv", "KUBECONFIG", "/dev/null"}));
    // The command's own variables win, even over HOME.
    CHECK(has_run(args, {"--setenv", "HOME", "/ignored"}));
    CHECK(std::count(args.begin(), args.end(), "HOME") == 1);
    CHECK_FALSE(has_run(args, {"NOT_SET"}));
    CHECK(std::find(args.begin(), args.end(), "SLIPWAY_TEST_SECRET") == args.end());
    CHECK(std::find(args.begin(), args.end(), "deploy-token") == args.end());

    CHECK(has_run(args, {"--ro-bind", "/usr", "/usr"}));
    CHECK(has_run(args, {"--ro-bind-try", "/etc/ssl", "/etc/ssl"}));
    CHECK_FALSE(has_run(args, {"/etc/gitconfig"}));
    CHECK(has_run(args, {"--dev", "/dev", "--proc", "/proc"}));
    CHECK(has_run(args, {"--size", "536870912", "--tmpfs", "/tmp", "--dir", "/tmp/home"}));
    // The program, outside the system directories, is shown read-only; the mounts come after
    // the fresh /tmp, in order, the writable copy over the read-only checkout.
    const auto tmp = index_of(args, {"--tmpfs", "/tmp"});
    const auto program = index_of(args, {"--ro-bind", "/opt/kube/kubectl", "/opt/kube/kubectl"});
    const auto checkout = index_of(args, {"--ro-bind", "/co", "/co"});
    const auto copy = index_of(args, {"--bind", "/scratch/copy", "/co/app"});
    CHECK(tmp >= 0);
    CHECK(program > tmp);
    CHECK(checkout > program);
    CHECK(copy > checkout);
    CHECK(std::vector<std::string>(args.end() - 6, args.end()) ==
          std::vector<std::string>{"--chdir", "/co/app", "--", "/opt/kube/kubectl", "kustomize",
                                   "/co/app"});

    auto shared =
        sandbox_arguments(command, "/usr/bin/kubectl",
                          {.network = Network::shared, .limits = {.tmp_bytes = 1024}}, lookup({}));
    CHECK(has_run(shared, {"--unshare-all", "--share-net"}));
    CHECK(has_run(shared, {"--setenv", "PATH", "/usr/local/bin:/usr/bin:/bin"}));
    CHECK(has_run(shared, {"--size", "1024", "--tmpfs", "/tmp"}));
    CHECK_FALSE(has_run(shared, {"--ro-bind", "/usr/bin/kubectl"}));
}

TEST_CASE("a confined program sees only what it is given, read-only unless told otherwise") {
    TempDir d;
    write_file(d / "checkout/app/main.tf", "locals {}\n");
    write_file(d / "secret.txt", "deploy-token\n");
    fs::create_directories(d / "scratch");
    ScopedEnv secret("SLIPWAY_TEST_SECRET", "deploy-token");
    ScopedEnv passed("SLIPWAY_TEST_PASSED", "credential");
    const Confinement c{.mounts = {{.source = d / "checkout"},
                                   {.source = d / "scratch", .access = Access::writable}},
                        .pass_env = {"SLIPWAY_TEST_PASSED"}};
    auto run = confined("cat main.tf; ls -A \"$HOME\" | wc -l; echo \"HOME=$HOME\";"
                        "cat ../../secret.txt 2>/dev/null || echo 'no secret file';"
                        "echo x > main.tf 2>/dev/null || echo 'checkout read-only';"
                        "echo x > ../../scratch/out && echo 'scratch writable';"
                        "env | grep -c SLIPWAY_TEST_SECRET;"
                        "echo \"passed=$SLIPWAY_TEST_PASSED\";"
                        "test -e /root || test -e /srv || echo 'no /root, no /srv';"
                        "test -e /etc/gitconfig || echo 'no /etc/gitconfig';"
                        "grep -c : /proc/net/dev",
                        c, d / "checkout/app");
    INFO(run.err);
    CHECK(run.exit.ok());
    CHECK(run.out == "locals {}\n"
                     "0\n"
                     "HOME=/tmp/home\n"
                     "no secret file\n"
                     "checkout read-only\n"
                     "scratch writable\n"
                     "0\n"
                     "passed=credential\n"
                     "no /root, no /srv\n"
                     "no /etc/gitconfig\n"
                     "1\n"); // the loopback device only: no network
    CHECK(read_file(d / "scratch/out") == "x\n");
    CHECK(read_file(d / "checkout/app/main.tf") == "locals {}\n");
}

TEST_CASE("a confined program is held to its limits: memory, file size, /tmp, output") {
    auto limits = confined("ulimit -v; ulimit -f",
                           {.limits = {.memory_bytes = 1ULL << 30, .file_bytes = 1ULL << 20}});
    CHECK(limits.out == "1048576\n2048\n"); // KiB of address space; 512-byte blocks

    auto tmp = confined("head -c 3000000 /dev/zero > /tmp/big || echo 'tmp is full'",
                        {.limits = {.tmp_bytes = 1ULL << 20}});
    CHECK(tmp.out == "tmp is full\n");

    auto flood = confined("while :; do echo aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa; done",
                          {.limits = {.output_bytes = 1ULL << 20}});
    CHECK(flood.exit.output_exceeded == 1ULL << 20);
    CHECK_FALSE(flood.exit.ok());
    CHECK(flood.exit.describe() == "was stopped after writing more than 1 MiB of output (the "
                                   "limit)");
    // What was read up to the limit, its last line ended with the newline capture adds.
    CHECK(flood.out.size() <= (1ULL << 20) + 1);
    CHECK(flood.out.size() > (1ULL << 20) - 64);
}

TEST_CASE("a bwrap that is missing or cannot start is an error saying what an admin can do") {
    {
        ScopedEnv missing("SLIPWAY_BWRAP", "/nonexistent/bwrap");
        auto s = Sandbox::find();
        REQUIRE_FALSE(s);
        CHECK(s.error().message ==
              "the sandbox cannot start: $SLIPWAY_BWRAP (/nonexistent/bwrap) is not an "
              "executable file; an admin can install bubblewrap, or set `sandbox: off` in the "
              "policy");
        CHECK(is_sandbox_error(s.error()));
    }
    {
        TempDir d;
        write_file(d / "bwrap",
                   "#!/bin/sh\necho 'bwrap: No permissions to create new namespace' >&2\nexit 1\n");
        fs::permissions(d / "bwrap", fs::perms::owner_all);
        ScopedEnv broken("SLIPWAY_BWRAP", (d / "bwrap").string());
        auto s = Sandbox::find();
        REQUIRE_FALSE(s);
        CHECK(s.error().message == "the sandbox cannot start: " + (d / "bwrap").string() +
                                       " exited with status 1 on a trial run: bwrap: No "
                                       "permissions to create new namespace; an admin can "
                                       "install bubblewrap, or set `sandbox: off` in the policy");
    }
    auto missing_program = Sandbox("/usr/bin/bwrap").wrap({.argv = {"no-such-program-x"}}, {});
    REQUIRE_FALSE(missing_program);
    CHECK(missing_program.error().message.starts_with("`no-such-program-x` was not found on PATH"));
}

TEST_CASE("sandbox_failure tells bwrap's own failure from the program's") {
    auto failed = sandbox_failure({.code = 1}, "bwrap: execvp /x: No such file or directory\n");
    REQUIRE(failed);
    CHECK(failed->message == "the sandbox cannot start: bwrap: execvp /x: No such file or "
                             "directory; an admin can install bubblewrap, or set `sandbox: off` "
                             "in the policy");
    CHECK_FALSE(sandbox_failure({.code = 1}, "Error: Invalid expression\n"));
    CHECK_FALSE(sandbox_failure({.code = 2}, "bwrap: whatever\n"));
    CHECK_FALSE(sandbox_failure({.code = 0}, ""));
    CHECK_FALSE(is_sandbox_error(Error{"terraform plan exited with status 1"}));
}
