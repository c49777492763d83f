// Tests for deploy/post_receive: the hook's job on a real repository, without git around it.
#include "hook/post_receive.hpp"

#include "deploy_fixture.hpp"
#include "git/oid.hpp"
#include "ledger/queries.hpp"
#include "util/state_paths.hpp"

#include <fcntl.h>

using namespace slipway;
using namespace slipway;
using namespace slipway::hook;
using namespace slipway::deploy;
using slipway::testing::BareRepo;
using slipway::testing::ScopedEnv;
using slipway::testing::write_file;

namespace {

const std::string zero(40, '0');

// What the pusher would have read: the hook's output, collected from a pipe.
struct Pusher {
    int fds[2] = {-1, -1};
    Pusher() {
        REQUIRE(::pipe2(fds, O_CLOEXEC) == 0);
        ::fcntl(fds[0], F_SETFL, O_NONBLOCK);
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

policy::EnvLookup env_of(std::map<std::string, std::string> vars) {
    return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
        if (auto it = vars.find(name); it != vars.end())
            return it->second;
        return std::nullopt;
    };
}

} // namespace

TEST_CASE("post-receive deploys each mapped update in order and says a deletion destroys nothing") {
    BareRepo repo;
    ScopedEnv git_dir("GIT_DIR", repo.git_dir().string());
    write_file(repo.git_dir() / "slipway.yaml", R"(version: 1
environments:
  - name: staging
    refs: refs/heads/feature/*
    targets:
      - command: {run: [sh, -c, "echo $SLIPWAY_PUSHER deploys $SLIPWAY_COMMIT"]}
)");
    auto c1 = repo.commit({{"a", {"1"}}});
    const auto hex = git::to_hex(c1);
    Pusher pusher;
    auto summaries = hook::run_post_receive(zero + " " + hex + " refs/heads/feature/a\n" + hex +
                                                " " + zero + " refs/heads/feature/old\n" + zero +
                                                " " + hex + " refs/heads/unmapped\n",
                                            env_of({{"GL_USERNAME", "alice"},
                                                    {"GIT_PUSH_OPTION_COUNT", "1"},
                                                    {"GIT_PUSH_OPTION_0", "slipway.prune=x"}}),
                                            pusher.fds[1]);
    REQUIRE(summaries.size() == 1);
    CHECK(summaries[0].ok);
    CHECK(summaries[0].pusher == "alice");
    const auto seen = pusher.what();
    CHECK(seen.starts_with("slipway: warning: push option slipway.prune=x must be a number of "
                           "objects or \"all\"; this environment's own prune limit applies\n"
                           "[staging] command sh -c echo $SLIPWAY_PUSHER deploys $SLIPWAY_COMMIT\n"
                           "[staging] alice deploys " +
                           hex + "\n[staging] deployed " + hex.substr(0, 7) + " in "));
    CHECK(seen.ends_with("\nslipway: refs/heads/feature/old was deleted; nothing in staging is "
                         "destroyed (what it deployed there stays until the next deploy)\n"));
    CHECK(git::to_hex(*repo.repo().ref_target("refs/slipway/deployed/staging").value()) == hex);

    // No push record matched (the gate did not run): the deploy is recorded all the same.
    auto ledger = ledger::Ledger::open(util::StateDir::for_repository(repo.git_dir()).ledger_file(),
                                       util::Create::no);
    REQUIRE(ledger);
    auto deploy = ledger::find_deploy(*ledger, "staging", ledger::Which::latest);
    REQUIRE(deploy);
    REQUIRE(*deploy);
    CHECK((*deploy)->start.push_id == 0);
    CHECK((*deploy)->start.commit == hex);
    CHECK((*deploy)->state() == "success");
}

TEST_CASE("post-receive without a policy deploys nothing and says why") {
    BareRepo repo;
    ScopedEnv git_dir("GIT_DIR", repo.git_dir().string());
    // Installed once (its state is there), its policy gone since.
    std::filesystem::create_directories(repo.git_dir() / "slipway");
    auto c1 = repo.commit({{"a", {"1"}}});
    Pusher pusher;
    auto summaries = hook::run_post_receive(zero + " " + git::to_hex(c1) + " refs/heads/master\n",
                                            env_of({}), pusher.fds[1]);
    CHECK(summaries.empty());
    const auto file = (repo.git_dir() / "slipway.yaml").string();
    CHECK(pusher.what().starts_with("slipway: nothing was deployed: the policy cannot be read\n"
                                    "  cannot read " +
                                    file));
}

TEST_CASE("post-receive in a repository Slipway was never installed into deploys nothing and "
          "makes no state, and as gitolite's common hook says nothing (pre-receive did)") {
    BareRepo repo;
    ScopedEnv git_dir("GIT_DIR", repo.git_dir().string());
    auto c1 = repo.commit({{"a", {"1"}}});
    const std::string input = zero + " " + git::to_hex(c1) + " refs/heads/master\n";
    const auto dir = repo.git_dir().string();
    {
        Pusher pusher;
        CHECK(hook::run_post_receive(input, env_of({}), pusher.fds[1]).empty());
        CHECK(pusher.what() == "slipway: nothing was deployed: Slipway's hooks run in " + dir +
                                   ", but Slipway was never installed into " + dir +
                                   " (no slipway.yaml, no slipway/)\n");
    }
    std::filesystem::create_directories(repo.git_dir() / "common" / "hooks" / "common");
    std::filesystem::create_symlink(repo.git_dir() / "common" / "hooks" / "common" / "post-receive",
                                    repo.git_dir() / "hooks" / "post-receive");
    Pusher pusher;
    CHECK(hook::run_post_receive(input, env_of({{"GL_REPO", "plain"}}), pusher.fds[1]).empty());
    CHECK(pusher.what().empty());
    CHECK_FALSE(std::filesystem::exists(repo.git_dir() / "slipway"));
}
