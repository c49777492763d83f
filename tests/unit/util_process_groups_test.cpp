// Tests for util/process_groups: groups written as children start, killed from the file only
// when they are still the groups written there.
#include "util/process_groups.hpp"

#include "support/temp_repo.hpp"
#include "util/files.hpp"
#include "util/process.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <fstream>
#include <thread>

using namespace slipway;

namespace {

// The /proc state letter of `pid`: "" once it is gone, "Z" for a zombie.
std::string state_of(const std::string& pid) {
    auto r = util::run_capture(
        {.argv = {"sh", "-c", "cut -d' ' -f3 /proc/" + pid + "/stat 2>/dev/null || true"}});
    return r ? r->out : "?";
}

// True for the state of a running process (R, S or D: it may have only just started).
bool alive(const std::string& state) {
    return !state.empty() && !state.starts_with("Z");
}

// True once `pid` is gone or a zombie, looking for up to 10 s: SIGKILL takes effect when the
// process next runs, which on a loaded machine is not at once.
bool ends(const std::string& pid) {
    for (int i = 0; i < 200; ++i) {
        if (!alive(state_of(pid)))
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
}

// Starts `sleep 30` in the background of a child that exits at once; returns its pid.
std::string leave_a_sleep() {
    auto r = util::run_capture({.argv = {"sh", "-c", "sleep 30 >/dev/null 2>&1 & echo $!"},
                                .leftovers = util::Leftovers::keep});
    REQUIRE(r);
    return r->out.substr(0, r->out.find('\n'));
}

} // namespace

TEST_CASE("the groups children start are written down, and killed from the file") {
    test::TempDir dir;
    const auto file = dir.path() / "env.groups";
    std::string sleeper;
    {
        util::GroupRecorder recorder(file);
        sleeper = leave_a_sleep();
        CHECK_FALSE(util::read_file(file).value().empty());
        // What a dying deploy leaves: the file as it is (the recorder is not destroyed).
        std::ofstream(file.string() + ".kept") << util::read_file(file).value();
    }
    CHECK(util::read_file(file).value().empty()); // a deploy that ended empties it
    std::filesystem::rename(file.string() + ".kept", file);
    CHECK(alive(state_of(sleeper)));
    CHECK(util::kill_recorded_groups(file).value() == 1);
    CHECK(ends(sleeper));
    CHECK(util::read_file(file).value().empty());
    CHECK(util::kill_recorded_groups(dir.path() / "missing.groups").value() == 0);
}

TEST_CASE("a group id written down that now names another process's group is left alone") {
    test::TempDir dir;
    const auto file = dir.path() / "env.groups";
    // `setsid sleep` leads a group of its own; written down with a start time that is not
    // its leader's (as when the id was reused since), it must live on.
    auto own = util::run_capture(
        {.argv = {"sh", "-c", "setsid sleep 30 >/dev/null 2>&1 < /dev/null & echo $!"},
         .leftovers = util::Leftovers::keep});
    REQUIRE(own);
    const std::string pid = own->out.substr(0, own->out.find('\n'));
    std::ofstream(file) << pid << " 1\n";
    CHECK(util::kill_recorded_groups(file).value() == 0);
    CHECK(alive(state_of(pid)));
    (void)util::run_capture({.argv = {"kill", pid}});
}
