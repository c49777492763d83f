// Tests for report/output: prefixed lines, heartbeats, the log, a pusher who hung up, the
// compressed capture and its cap.
#include "report/output.hpp"

#include "deploy_fixture.hpp"
#include "ledger/compression.hpp"

#include <fcntl.h>
#include <unistd.h>

using namespace slipway;
using namespace slipway;
using namespace slipway::report;
using slipway::testing::read_file;
using slipway::testing::TempDir;
using namespace std::chrono_literals;

namespace {

// What a capture inflates to.
std::string inflated(const Result<util::Deflated>& capture) {
    REQUIRE(capture);
    auto text = ledger::decompress(capture->zlib());
    REQUIRE(text);
    CHECK(text->size() == capture->size);
    CHECK(util::sha256_hex(*text) == capture->sha256);
    return *text;
}

// 64 hex digits and a newline: output that compresses about twofold, as a log of ids does.
std::string hex_line(int i) {
    return util::sha256_hex(std::to_string(i)) + "\n";
}

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
    CHECK(inflated(out->take_capture()) ==
          "one\ntwo\nstill running: command x (10s without output)\n");
    out->line("after");
    CHECK(inflated(out->take_capture()).empty());
    const std::string expected =
        "slipway: preprod ← 3f2a9c1 (alice) — waiting for deploy of 9be01d2 by bob (0s)\n"
        "[preprod] before\n[preprod] one\n[preprod] two\n"
        "[preprod] still running: command x (10s without output)\n[preprod] after\n";
    CHECK(pusher.drain() == expected);
    CHECK(read_file(dir / "x.log") == expected);
}

TEST_CASE("a capture keeps whole lines while the stored bytes fit the cap, then says how much "
          "was cut and where") {
    TempDir dir;
    auto out = report::Output::open({.environment = "preprod",
                                     .pusher_fd = -1,
                                     .log_file = dir / "x.log",
                                     .capture_limit = 4096});
    REQUIRE(out);
    out->start_capture();
    std::string written;
    for (int i = 0; i < 1000; ++i) {
        written += hex_line(i);
        out->line(hex_line(i).substr(0, 64));
    }
    auto taken = out->take_capture();
    REQUIRE(taken);
    // The cap counts compressed bytes, marker included, and the capture uses most of it.
    CHECK(taken->zlib().size() <= 4096);
    CHECK(taken->zlib().size() > 2048);
    CHECK(out->captured_bytes() == taken->zlib().size());
    const std::string kept = inflated(taken);
    const auto marker_at = kept.find("[slipway: output cut here: ");
    REQUIRE(marker_at != std::string::npos);
    const std::string lines = kept.substr(0, marker_at);
    // Whole lines, a prefix of what was written, each 65 bytes; hex compresses about twofold.
    REQUIRE(lines.size() % 65 == 0);
    CHECK(written.starts_with(lines));
    CHECK(lines.size() > 6000);
    const std::size_t cut = 1000 - lines.size() / 65;
    CHECK(kept.substr(marker_at) ==
          "[slipway: output cut here: " + std::to_string(cut) + " more lines (" +
              std::to_string(cut * 65) + " bytes) are in " + (dir / "x.log").string() +
              "; this deploy's output reached the 4096 bytes the ledger keeps "
              "(limits.deploy_output_bytes)]\n");
    // Every line still reached the log.
    CHECK(read_file(dir / "x.log").size() == 1000 * (65 + 10));
}

TEST_CASE("the cap is the whole deploy's: a target after it is spent keeps only the marker") {
    TempDir dir;
    auto out = report::Output::open({.environment = "preprod",
                                     .pusher_fd = -1,
                                     .log_file = dir / "x.log",
                                     .capture_limit = 4096});
    REQUIRE(out);
    out->start_capture();
    out->line("first target");
    auto first = out->take_capture();
    REQUIRE(first);
    CHECK(inflated(first) == "first target\n");
    out->start_capture();
    for (int i = 0; i < 1000; ++i)
        out->line(hex_line(i).substr(0, 64));
    auto second = out->take_capture();
    REQUIRE(second);
    CHECK(first->zlib().size() + second->zlib().size() <= 4096);
    out->start_capture();
    out->line("third target");
    out->line("says more");
    auto third = out->take_capture();
    REQUIRE(third);
    CHECK(inflated(third) == "[slipway: output cut here: 2 more lines (23 bytes) are in " +
                                 (dir / "x.log").string() +
                                 "; this deploy's output reached the 4096 bytes the ledger "
                                 "keeps (limits.deploy_output_bytes)]\n");
    CHECK(out->captured_bytes() ==
          first->zlib().size() + second->zlib().size() + third->zlib().size());
}

TEST_CASE("output that compresses well is kept whole under a small cap, up to the inflated limit") {
    TempDir dir;
    auto out = report::Output::open({.environment = "preprod",
                                     .pusher_fd = -1,
                                     .log_file = dir / "x.log",
                                     .capture_limit = 65536,
                                     .capture_inflated_limit = 1 << 20});
    REQUIRE(out);
    out->start_capture();
    for (int i = 0; i < 100000; ++i) // 300 kB of "yes", far more than the cap before compression
        out->line("ok");
    auto whole = out->take_capture();
    REQUIRE(whole);
    CHECK(whole->size == 300000);
    CHECK(whole->zlib().size() < 65536);
    CHECK(inflated(whole).find("[slipway") == std::string::npos);

    out->start_capture();
    for (int i = 0; i < 400000; ++i)
        out->line("ok");
    auto cut = out->take_capture();
    REQUIRE(cut);
    const std::string kept = inflated(cut);
    // 1 MiB before compression for the deploy: 300000 bytes went to the first capture.
    const std::size_t lines = ((1 << 20) - 300000) / 3;
    CHECK(kept.substr(0, lines * 3) == [&] {
        std::string ok;
        for (std::size_t i = 0; i < lines; ++i)
            ok += "ok\n";
        return ok;
    }());
    CHECK(kept.substr(lines * 3) ==
          "[slipway: output cut here: " + std::to_string(400000 - lines) + " more lines (" +
              std::to_string((400000 - lines) * 3) + " bytes) are in " + (dir / "x.log").string() +
              "; this deploy's output reached the 1048576 bytes the ledger keeps before "
              "compression]\n");
}

TEST_CASE("without a log file the marker says the cut lines were shown but not kept") {
    auto out =
        report::Output::open({.environment = "preprod", .pusher_fd = -1, .capture_limit = 1});
    REQUIRE(out);
    out->start_capture();
    out->line("x");
    CHECK(inflated(out->take_capture()) ==
          "[slipway: output cut here: 1 more line (2 bytes) were shown but not kept; this "
          "deploy's output reached the 1 bytes the ledger keeps (limits.deploy_output_bytes)]\n");
}
