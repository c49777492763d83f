// Tests for deploy/summary: the summary line, and finding it at the end of a deploy's log.
#include "deploy/summary.hpp"
#include "support/temp_repo.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

using namespace slipway::deploy;
namespace fs = std::filesystem;

namespace {

const std::string commit = "3f2a9c1" + std::string(33, 'a');

fs::path write_log(const slipway::test::TempDir& dir, const std::string& text) {
    const auto path = dir.path() / "deploy.log";
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

} // namespace

TEST_CASE("a success's summary line is what the log says last") {
    DeploySummary s{.environment = "preprod", .commit = commit, .ok = true};
    s.duration = std::chrono::milliseconds(4200);
    const std::string line = summary_line(s);
    CHECK(line == "deployed 3f2a9c1 in 4.2s (0 applied, 0 pruned, 0 changed)");

    slipway::test::TempDir dir;
    // Notices (no prefix) may follow it: the end record that could not be written says so.
    auto log = write_log(dir, "[preprod] command sh -c true\n[preprod] " + line +
                                  "\nslipway: warning: the end of this deploy is not recorded in "
                                  "the ledger: database or disk is full\n");
    CHECK(log_shows_success(log, "preprod", commit).value());
}

TEST_CASE("a log that stops before the summary, or ends in a failure, does not show success") {
    slipway::test::TempDir dir;
    const std::string other = "9be01d2" + std::string(33, 'b');
    const std::vector<std::string> logs = {
        "",
        "[preprod] command sh -c true\n[preprod] applying\n",
        "[preprod] deploy of 3f2a9c1 FAILED after 1.0s (0 applied, 0 pruned, 0 changed): x\n",
        // another commit's success, another environment's, a line cut off mid-write
        "[preprod] deployed 9be01d2 in 1.0s (0 applied, 0 pruned, 0 changed)\n",
        "[staging] deployed 3f2a9c1 in 1.0s (0 applied, 0 pruned, 0 changed)\n",
        "[preprod] applying\n[preprod] deployed 3f2a9c1 in 1.0s (0 app",
        // a target printing the line is followed by the deploy's own lines
        "[preprod] deployed 3f2a9c1 in 1.0s (0 applied, 0 pruned, 0 changed)\n[preprod] more\n",
    };
    for (const auto& text : logs) {
        INFO(text);
        CHECK_FALSE(log_shows_success(write_log(dir, text), "preprod", commit).value());
    }
    CHECK_FALSE(log_shows_success(dir.path() / "missing.log", "preprod", commit).value());
    CHECK(log_shows_success(write_log(dir,
                                      "[preprod] deployed 9be01d2 in 1.0s (0 applied, 0 pruned, 0 "
                                      "changed)\n"),
                            "preprod", other)
              .value());
}

TEST_CASE("only the tail of a long log is read, and a symlink is not followed") {
    slipway::test::TempDir dir;
    std::string big;
    for (int i = 0; i < 20000; ++i)
        big += "[preprod] line " + std::to_string(i) + " of a target that writes a lot\n";
    auto log = write_log(dir, big + "[preprod] deployed 3f2a9c1 in 9.0s (0 applied, 0 pruned, 0 "
                                    "changed)\n");
    REQUIRE(fs::file_size(log) > 1'000'000);
    CHECK(log_shows_success(log, "preprod", commit).value());

    fs::create_symlink(log, dir.path() / "link.log");
    auto linked = log_shows_success(dir.path() / "link.log", "preprod", commit);
    REQUIRE_FALSE(linked);
    CHECK(linked.error().message == "cannot read " + (dir.path() / "link.log").string() +
                                        ": Too many levels of symbolic links");
}
