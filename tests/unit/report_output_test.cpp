// Tests for deploy/output: prefixed lines, heartbeats, the log, a pusher who hung up.
#include "report/output.hpp"

#include "deploy_fixture.hpp"

#include <fcntl.h>
#include <unistd.h>

using namespace slipway;
using namespace slipway;
using namespace slipway::report;
using slipway::testing::read_file;
using slipway::testing::TempDir;
using namespace std::chrono_literals;

namespace {

// A pipe standing in for the pusher's connection.
struct Pipe {
    int fds[2] = {-1, -1};
    Pipe() {
        REQUIRE(::pipe2(fds, O_CLOEXEC) == 0);
        ::fcntl(fds[0], F_SETFL, O_NONBLOCK);
    }
    ~Pipe() {
        close_read();
        if (fds[1] >= 0)
            ::close(fds[1]);
    }
    void close_read() {
        if (fds[0] >= 0)
            ::close(fds[0]);
        fds[0] = -1;
    }
    std::string drain() {
        std::string out;
        char buf[4096];
        ssize_t n;
        while ((n = ::read(fds[0], buf, sizeof buf)) > 0)
            out.append(buf, static_cast<std::size_t>(n));
        return out;
    }
};

} // namespace

TEST_CASE("every line reaches the pusher and the log prefixed with the environment") {
    TempDir dir;
    Pipe pusher;
    auto out = report::Output::open(
        {.environment = "preprod", .pusher_fd = pusher.fds[1], .log_file = dir / "logs/x.log"});
    REQUIRE(out);
    out->line("kubernetes: applied 14 objects");
    out->line("two\nlines");
    const std::string expected = "[preprod] kubernetes: applied 14 objects\n"
                                 "[preprod] two\n"
                                 "[preprod] lines\n";
    CHECK(pusher.drain() == expected);
    CHECK(read_file(dir / "logs/x.log") == expected);
    CHECK_FALSE(out->pusher_gone());
}

TEST_CASE("a silent child gets heartbeat lines, its output comes through as produced") {
    Pipe pusher;
    auto out = report::Output::open(
        {.environment = "prod", .pusher_fd = pusher.fds[1], .heartbeat_interval = 150ms});
    REQUIRE(out);
    auto exit = util::run_streaming({.argv = {"sh", "-c", "echo start; sleep 0.5; echo done"}},
                                    out->line_sink(), out->heartbeat_sink("terraform apply"),
                                    out->heartbeat_interval());
    REQUIRE(exit);
    CHECK(exit->ok());
    std::string seen = pusher.drain();
    CHECK(seen.starts_with("[prod] start\n[prod] still running: terraform apply (0s without "
                           "output)\n"));
    CHECK(seen.ends_with("[prod] done\n"));
}

TEST_CASE("a pusher who disconnected does not stop the output or the log") {
    report::ignore_pusher_signals();
    TempDir dir;
    Pipe pusher;
    pusher.close_read();
    auto out = report::Output::open(
        {.environment = "prod", .pusher_fd = pusher.fds[1], .log_file = dir / "deploy.log"});
    REQUIRE(out);
    out->line("one");
    CHECK(out->pusher_gone());
    out->line("two");
    CHECK(read_file(dir / "deploy.log") == "[prod] one\n[prod] two\n");
}

TEST_CASE("the log file is never opened through a symlink") {
    TempDir dir;
    slipway::testing::write_file(dir / "elsewhere", "");
    std::filesystem::create_symlink(dir / "elsewhere", dir / "deploy.log");
    auto out = report::Output::open(
        {.environment = "prod", .pusher_fd = -1, .log_file = dir / "deploy.log"});
    REQUIRE_FALSE(out);
    CHECK(out.error().message == "cannot open log file " + (dir / "deploy.log").string() +
                                     ": Too many levels of symbolic links");
}

TEST_CASE("a notice is written without the prefix, and a capture keeps one target's lines") {
    TempDir dir;
    Pipe pusher;
    auto out = report::Output::open(
        {.environment = "preprod", .pusher_fd = pusher.fds[1], .log_file = dir / "x.log"});
    REQUIRE(out);
    out->notice("slipway: preprod ← 3f2a9c1 (alice) — waiting for deploy of 9be01d2 by bob (0s)");
    out->line("before");
    out->start_capture();
    out->line("one\ntwo");
    out->heartbeat("command x", 10s);
    CHECK(out->take_capture() == "one\ntwo\nstill running: command x (10s without output)\n");
    out->line("after");
    CHECK(out->take_capture().empty());
    const std::string expected =
        "slipway: preprod ← 3f2a9c1 (alice) — waiting for deploy of 9be01d2 by bob (0s)\n"
        "[preprod] before\n[preprod] one\n[preprod] two\n"
        "[preprod] still running: command x (10s without output)\n[preprod] after\n";
    CHECK(pusher.drain() == expected);
    CHECK(read_file(dir / "x.log") == expected);
}

TEST_CASE("a capture keeps whole lines up to its limit, then says how much was cut and where") {
    TempDir dir;
    Pipe pusher;
    auto out = report::Output::open({.environment = "preprod",
                                     .pusher_fd = pusher.fds[1],
                                     .log_file = dir / "x.log",
                                     .capture_limit = 10});
    REQUIRE(out);
    out->start_capture();
    out->line("12345"); // 6 bytes kept
    out->line("abc");   // 4 more: exactly the limit
    out->line("x");     // cut
    out->line("short"); // cut too, although it would fit: the capture stays a prefix
    CHECK(out->take_capture() == "12345\nabc\n[slipway: output cut here: 2 more lines (8 bytes) "
                                 "are in " +
                                     (dir / "x.log").string() + "]\n");
    // Every line still reached the pusher and the log.
    CHECK(read_file(dir / "x.log") ==
          "[preprod] 12345\n[preprod] abc\n[preprod] x\n[preprod] short\n");
    out->start_capture();
    out->line("again");
    CHECK(out->take_capture() == "again\n");
}
