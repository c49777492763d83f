// Tests for util/state_paths: the policy file, the layout of <repo>.git/slipway, reserved refs.
#include "util/state_paths.hpp"

#include "support/temp_repo.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

using namespace slipway;
using namespace slipway::util;

TEST_CASE("StateDir lays out locks, workspaces, logs, inventories and terraform state") {
    auto s = util::StateDir::for_repository("/srv/git/deploy.git");
    CHECK(s.root() == "/srv/git/deploy.git/slipway");
    CHECK(s.ledger_file() == "/srv/git/deploy.git/slipway/ledger.db");
    CHECK(s.cache() == "/srv/git/deploy.git/slipway/cache");
    CHECK(s.scratch() == "/srv/git/deploy.git/slipway/tmp");
    CHECK(s.lock_file("prod") == "/srv/git/deploy.git/slipway/locks/prod.lock");
    CHECK(s.workspace("prod") == "/srv/git/deploy.git/slipway/workspaces/prod");
    CHECK(s.inventory_file("prod") == "/srv/git/deploy.git/slipway/inventory/prod.tsv");
    CHECK(s.log_file("prod", "3f2a9c1d00000000000000000000000000000000",
                     std::chrono::system_clock::from_time_t(1700000000)) ==
          "/srv/git/deploy.git/slipway/logs/prod/20231114T221320Z-3f2a9c1.log");
    CHECK(s.terraform_state("infra/net") ==
          "/srv/git/deploy.git/slipway/terraform/infra%2Fnet/state");
    CHECK(s.terraform_data("ops", "infra/net") ==
          "/srv/git/deploy.git/slipway/terraform/infra%2Fnet/data/ops");
    CHECK(s.terraform_deployed("infra/net", "apps") ==
          "/srv/git/deploy.git/slipway/terraform/infra%2Fnet/deployed/apps");
}

TEST_CASE("module_key never produces a path separator or a climbing name") {
    CHECK(util::module_key(".") == "_root");
    CHECK(util::module_key("") == "_root");
    CHECK(util::module_key("a/b/") == "a%2Fb");
    CHECK(util::module_key("./infra//net/") == util::module_key("infra/net"));
    CHECK(util::module_key("..") == "%2E.");
    CHECK(util::module_key("with space") == "with%20space");
    CHECK(util::module_key("100%") == "100%25");
}

TEST_CASE("environment names are safe as file and ref names") {
    CHECK(util::is_valid_environment_name("prod"));
    CHECK(util::is_valid_environment_name("infra-ops_2.eu"));
    CHECK_FALSE(util::is_valid_environment_name(""));
    CHECK_FALSE(util::is_valid_environment_name(".hidden"));
    CHECK_FALSE(util::is_valid_environment_name("-x"));
    CHECK_FALSE(util::is_valid_environment_name("a/b"));
    CHECK_FALSE(util::is_valid_environment_name("a b"));
    CHECK_FALSE(util::is_valid_environment_name(std::string(65, 'a')));
}

TEST_CASE("the policy lives beside the state directory, and refs/slipway/ is reserved") {
    CHECK(util::policy_file("/srv/git/deploy.git") == "/srv/git/deploy.git/slipway.yaml");
    CHECK(util::deployed_ref("prod") == "refs/slipway/deployed/prod");
    CHECK(util::rendered_ref("prod") == "refs/slipway/rendered/prod");
    CHECK(util::is_reserved_ref("refs/slipway/deployed/prod"));
    CHECK(util::is_reserved_ref("refs/slipway/anything"));
    CHECK_FALSE(util::is_reserved_ref("refs/slipwayx/a"));
    CHECK_FALSE(util::is_reserved_ref("refs/heads/slipway/x"));
}

TEST_CASE("find_symlink: a state without symlinks has none, missing paths included") {
    slipway::test::TempDir dir;
    const auto state = StateDir::for_repository(dir.path() / "repo.git");
    CHECK_FALSE(state.find_symlink());
    std::filesystem::create_directories(state.root() / "locks");
    std::ofstream(state.ledger_file()) << "x";
    std::ofstream(state.lock_file("prod")) << "";
    CHECK_FALSE(state.find_symlink());
}

TEST_CASE(
    "find_symlink: the root, the ledger, a state directory or what it holds, never followed") {
    slipway::test::TempDir dir;
    const auto elsewhere = dir.path() / "elsewhere";
    std::filesystem::create_directories(elsewhere);
    const auto state = StateDir::for_repository(dir.path() / "repo.git");
    std::filesystem::create_directories(state.root().parent_path());

    std::filesystem::create_directory_symlink(elsewhere, state.root());
    CHECK(state.find_symlink() == state.root());
    CHECK(state.symlink_problem(state.root()) ==
          state.root().string() + " is a symlink to " + elsewhere.string() +
              "; Slipway keeps its state in " + state.root().string() +
              " itself and never follows a symlink there");
    std::filesystem::remove(state.root());

    std::filesystem::create_directories(state.root() / "locks");
    std::filesystem::create_symlink(elsewhere / "ledger.db", state.root() / "ledger.db-wal");
    CHECK(state.find_symlink() == state.root() / "ledger.db-wal");
    std::filesystem::remove(state.root() / "ledger.db-wal");

    std::filesystem::create_symlink(elsewhere / "x", state.lock_file("prod"));
    CHECK(state.find_symlink() == state.lock_file("prod"));
    std::filesystem::remove(state.lock_file("prod"));

    std::filesystem::create_directory_symlink(elsewhere, state.cache());
    CHECK(state.find_symlink() == state.cache());
}
