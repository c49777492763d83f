// Tests for util/process: exit codes, signals, timeouts, streaming, scrubbed environment, stop
// requests, adopted orphans.
#include "util/process.hpp"
#include "util/process_groups.hpp"
#include "util/stop_signal.hpp"

#include <catch2/catch.hpp>

#include <csignal>
#include <cstdlib>
#include <thread>

using namespace slipway::util;
using namespace std::chrono_literals;

TEST_CASE("run_capture separates stdout and stderr and reports the exit code") {
    auto r = run_capture({.argv = {"sh", "-c", "echo out; echo err >&2; exit 3"}});
    REQUIRE(r);
    CHECK(r->out == "out\n");
    CHECK(r->err == "err\n");
    CHECK(r->exit.code == 3);
    CHECK_FALSE(r->exit.ok());
    CHECK(r->exit.describe() == "exited with status 3");
}

TEST_CASE("run_capture tells a signal from an exit code") {
    auto r = run_capture({.argv = {"sh", "-c", "kill -TERM $$"}});
    REQUIRE(r);
    CHECK(r->exit.signal == 15);
    CHECK(r->exit.code == -1);
    CHECK(r->exit.describe().starts_with("killed by signal 15"));
}

TEST_CASE("a timeout kills the whole process group, grandchildren included") {
    auto started = std::chrono::steady_clock::now();
    // The grandchild keeps the pipe open; only a group kill lets the call return.
    auto r =
        run_capture({.argv = {"sh", "-c", "sleep 30 & sleep 30; echo never"}, .timeout = 300ms});
    REQUIRE(r);
    CHECK(r->exit.timed_out);
    CHECK_FALSE(r->exit.ok());
    CHECK(r->exit.describe() == "timed out after 0s");
    CHECK(std::chrono::steady_clock::now() - started < 5s);
}

TEST_CASE("run_streaming hands over lines as they come, stdout and stderr merged") {
    std::vector<std::string> lines;
    auto r = run_streaming({.argv = {"sh", "-c", "echo one; echo two >&2; printf three"}},
                           [&](std::string_view l) { lines.emplace_back(l); });
    REQUIRE(r);
    CHECK(r->ok());
    CHECK(lines == std::vector<std::string>{"one", "two", "three"});
}

TEST_CASE("run_streaming reports silence through the idle callback") {
    int idle_calls = 0;
    auto r = run_streaming(
        {.argv = {"sh", "-c", "sleep 0.35; echo done"}}, [](std::string_view) {},
        [&](std::chrono::milliseconds) { ++idle_calls; }, 100ms);
    REQUIRE(r);
    CHECK(idle_calls >= 2);
}

TEST_CASE("a CGI request's headers (HTTP_*: a pusher's password) never reach a child") {
    ::setenv("HTTP_AUTHORIZATION", "Basic YWxpY2U6c2VjcmV0", 1);
    ::setenv("HTTP_PROXY", "http://attacker.example:8080", 1);
    auto r = run_capture({.argv = {"sh", "-c",
                                   "echo \"[${HTTP_AUTHORIZATION:-unset}] "
                                   "[${HTTP_PROXY:-unset}]\""}});
    ::unsetenv("HTTP_AUTHORIZATION");
    ::unsetenv("HTTP_PROXY");
    REQUIRE(r);
    CHECK(r->out == "[unset] [unset]\n");
}

TEST_CASE("the child gets stdin, and an environment without GIT_ variables") {
    ::setenv("GIT_DIR", "/nonexistent", 1);
    ::setenv("SLIPWAY_TEST_KEEP", "kept", 1);
    auto r = run_capture(
        {.argv = {"sh", "-c", "cat; echo \"[${GIT_DIR:-unset}] $SLIPWAY_TEST_KEEP $EXTRA\""},
         .env = {{"EXTRA", "added"}},
         .input = "from stdin\n"});
    ::unsetenv("GIT_DIR");
    REQUIRE(r);
    CHECK(r->out == "from stdin\n[unset] kept added\n");
}

TEST_CASE("a missing program is an error value naming it") {
    auto r = run_capture({.argv = {"slipway-no-such-program"}});
    REQUIRE_FALSE(r);
    CHECK(r.error().message ==
          "`slipway-no-such-program` was not found on PATH; install it or fix PATH for the server");
}

namespace {

// The /proc state letter of process `pid` ("" once it is gone; Z while a zombie).
std::string process_state(const std::string& pid) {
    auto r = run_capture({.argv = {"sh", "-c", "cut -d' ' -f3 /proc/" + pid + "/stat 2>/dev/null"},
                          .leftovers = Leftovers::keep});
    return r ? r->out : "?";
}

// True for the state of a running process (R, S or D: it may have only just started).
bool is_alive(const std::string& state) {
    return !state.empty() && !state.starts_with("Z");
}

// True once process `pid` is gone or a zombie, looking for up to 10 s: SIGKILL is delivered
// when the process next runs, which on a loaded machine is not at once.
bool ends(const std::string& pid) {
    for (int i = 0; i < 200; ++i) {
        if (!is_alive(process_state(pid)))
            return true;
        std::this_thread::sleep_for(50ms);
    }
    return false;
}

} // namespace

TEST_CASE("what a child leaves running in its group is killed when it exits, unless kept") {
    auto killed = run_capture({.argv = {"sh", "-c", "sleep 30 >/dev/null 2>&1 & echo $!"}});
    REQUIRE(killed);
    const std::string gone = killed->out.substr(0, killed->out.find('\n'));
    CHECK(ends(gone));

    auto kept = run_capture(
        {.argv = {"sh", "-c", "sleep 30 >/dev/null 2>&1 & echo $!"}, .leftovers = Leftovers::keep});
    REQUIRE(kept);
    const std::string alive = kept->out.substr(0, kept->out.find('\n'));
    CHECK(is_alive(process_state(alive)));
    run_capture({.argv = {"kill", alive}, .leftovers = Leftovers::keep}).value();
}

TEST_CASE("a stop request sends the child's group SIGTERM, then SIGKILL after the grace period") {
    catch_stop_signal();
    // The child asks its parent (this process) to stop, then waits: SIGTERM ends it.
    auto told = run_capture({.argv = {"sh", "-c", "kill -TERM $PPID; sleep 30; echo never"}});
    REQUIRE(told);
    CHECK(stop_requested() == SIGTERM);
    CHECK(told->exit.stopped == SIGTERM);
    CHECK_FALSE(told->exit.ok());
    CHECK(told->out.empty());
    CHECK(told->exit.describe() ==
          "was stopped: Slipway received SIGTERM (the server is stopping?)");

    // One that ignores SIGTERM gets SIGKILL once the grace is over.
    clear_stop_request();
    auto stubborn = run_capture(
        {.argv = {"sh", "-c", "trap '' TERM; kill -TERM $PPID; sleep 30"}, .stop_grace = 300ms});
    REQUIRE(stubborn);
    CHECK(stubborn->exit.stopped == SIGTERM);
    CHECK(stubborn->exit.duration < 20s);
    clear_stop_request();
    CHECK(stop_requested() == 0);
}

TEST_CASE("in a subreaper, what left the child's group (setsid) ends with the child") {
    REQUIRE(become_subreaper());
    auto r =
        run_capture({.argv = {"sh", "-c", "setsid sleep 30 >/dev/null 2>&1 & echo $!; sleep 0.2"}});
    REQUIRE(r);
    // Reaped by the subreaper before run_capture returned: gone at once, no waiting.
    const std::string escaped = r->out.substr(0, r->out.find('\n'));
    CHECK_FALSE(is_alive(process_state(escaped)));
}
