// Tests for view/site: the pages written and swapped in whole, the old ones gone, and a
// regeneration that cannot be done told as one warning line.
#include "support/temp_repo.hpp"
#include "view/site.hpp"

#include "git/library.hpp"
#include "util/files.hpp"

#include <catch2/catch.hpp>

using namespace slipway;
namespace fs = std::filesystem;

namespace {

const std::string policy_text = R"(version: 1
environments:
  - name: preprod
    refs: refs/heads/master
    targets:
      - command: {run: ["true"]}
)";

struct Fixture {
    git::Library library;
    test::TempDir dir;
    fs::path git_dir = dir.path() / "shop.git";
    Fixture() {
        test::sh(dir.path(), "git init -q --bare -b master shop.git");
        REQUIRE(util::write_file_atomic(git_dir / "slipway.yaml", policy_text));
    }
};

} // namespace

TEST_CASE("generate_site writes the overview and replaces what was there") {
    Fixture f;
    auto ledger = ledger::Ledger::open(f.git_dir / "slipway" / "ledger.db").value();
    REQUIRE(ledger.append(
        ledger::PushRecord{.pusher = "bob", .verdict = ledger::Verdict::rejected, .reason = "no"}));
    test::sh(f.git_dir, "mkdir -p slipway/www && echo old > slipway/www/stale.html");
    auto repo = git::Repository::open(f.git_dir.string()).value();
    auto policy = policy::load_policy(f.git_dir / "slipway.yaml").value();
    auto written = view::generate_site(repo, ledger, policy);
    REQUIRE(written);
    CHECK(*written == 2); // index.html and push-1.html
    const auto www = view::www_dir(f.git_dir);
    CHECK(fs::exists(www / "index.html"));
    CHECK(fs::exists(www / "push-1.html"));
    CHECK_FALSE(fs::exists(www / "stale.html"));
    const auto index = util::read_file(www / "index.html").value();
    CHECK(index.find("data-environment=\"preprod\"") != std::string::npos);
    std::size_t entries = 0;
    for (const auto& e : fs::directory_iterator(f.git_dir / "slipway")) {
        CHECK_FALSE(e.path().filename().string().starts_with("www.new-"));
        ++entries;
    }
    CHECK(entries >= 2);
}

TEST_CASE("refresh_site without a readable policy still writes pages that say why") {
    Fixture f;
    fs::remove(f.git_dir / "slipway.yaml");
    auto ledger = ledger::Ledger::open(f.git_dir / "slipway" / "ledger.db").value();
    auto repo = git::Repository::open(f.git_dir.string()).value();
    std::vector<std::string> warnings;
    view::refresh_site(repo, &ledger, [&](const std::string& w) { warnings.push_back(w); });
    CHECK(warnings.empty());
    const auto index = util::read_file(view::www_dir(f.git_dir) / "index.html").value();
    CHECK(index.find("The policy cannot be read, so every push is refused") != std::string::npos);
}

TEST_CASE("refresh_site that cannot write is one warning line") {
    Fixture f;
    test::TempDir elsewhere;
    auto ledger = ledger::Ledger::open(elsewhere.path() / "ledger.db").value();
    // The state directory is a file: no directory can be made in it, not even by root.
    REQUIRE(util::write_file_atomic(f.git_dir / "slipway", "not a directory"));
    auto repo = git::Repository::open(f.git_dir.string()).value();
    std::vector<std::string> warnings;
    view::refresh_site(repo, &ledger, [&](const std::string& w) { warnings.push_back(w); });
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0].starts_with("slipway: warning: the status page was not updated: "));
    CHECK(warnings[0].find('\n') == std::string::npos);
}

TEST_CASE("refresh_site does nothing without a ledger") {
    Fixture f;
    auto repo = git::Repository::open(f.git_dir.string()).value();
    std::vector<std::string> warnings;
    view::refresh_site(repo, nullptr, [&](const std::string& w) { warnings.push_back(w); });
    CHECK(warnings.empty());
    CHECK_FALSE(fs::exists(view::www_dir(f.git_dir)));
}
