// What the pusher sees of a deploy: prefixed lines written as they come, heartbeats, a log.
#pragma once

#include "util/fd.hpp"
#include "util/process.hpp"
#include "util/result.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace slipway::report {

using util::Fd;

/// Ignores what a pusher's terminal sends the whole process: SIGPIPE (a pusher who
/// disconnects turns writes into EPIPE errors), SIGHUP (their terminal closed: a local or
/// `ssh -t` push), SIGINT and SIGQUIT (Ctrl-C, Ctrl-\). None of them may kill a deploy
/// half-way. Programs the deploy runs inherit this. The post-receive main calls it once,
/// first.
void ignore_pusher_signals();

/// Where a deploy's output goes.
struct OutputOptions {
    std::string environment;        ///< lines are prefixed "[<environment>] "
    int pusher_fd = 2;              ///< not owned; git relays it to the pusher
    std::filesystem::path log_file; ///< appended to (directories created); empty: none
    std::chrono::milliseconds heartbeat_interval{std::chrono::seconds(10)};
    /// The most bytes one capture keeps (the ledger stores it); the rest is only in the log.
    std::size_t capture_limit = default_capture_limit;
    static constexpr std::size_t default_capture_limit = 8ULL << 20;
};

/// The stream of one environment's deploy. Each line is written with one write(2), so lines
/// of environments deploying at once never tear. Once writing to the pusher fails (EPIPE:
/// they disconnected) it stops trying, and the log keeps getting every line.
class Output {
public:
    /// Opens the log file (O_APPEND, no symlink followed). Fails when it cannot be created.
    static Result<Output> open(const OutputOptions& options);

    /// Writes "[env] `text`" to the pusher and the log; each '\n' in `text` starts a new
    /// prefixed line, and other control characters are escaped (util::escape_controls()), so
    /// child output can neither drive the pusher's terminal nor write an unprefixed line.
    void line(std::string_view text);
    /// Writes `text` escaped (newlines too: it stays one line), without the environment prefix,
    /// to the pusher and the log: the "slipway: preprod ← 3f2a9c1 (alice) — waiting for ..."
    /// lines that precede a deploy.
    void notice(std::string_view text);
    /// Writes the heartbeat for `what` after `silent_for` without output:
    /// "[env] still running: terraform apply (10s without output)".
    void heartbeat(std::string_view what, std::chrono::milliseconds silent_for);

    /// A sink for util::run_streaming that forwards each line to line().
    util::LineSink line_sink();
    /// A sink for util::run_streaming that writes heartbeat(`what`, ...).
    util::IdleSink heartbeat_sink(std::string what);
    /// How often a silent child gets a heartbeat; pass it to util::run_streaming.
    std::chrono::milliseconds heartbeat_interval() const { return m_options.heartbeat_interval; }

    /// Starts keeping a copy of every line written through line() and heartbeat() (escaped,
    /// without the prefix, each ending in '\n'), until take_capture(): one target's output for
    /// the ledger. At most `capture_limit` bytes are kept, whole lines, so a target that
    /// writes 100 MB costs the deploy's memory and the ledger no more than that.
    void start_capture();
    /// The lines kept since start_capture(), then, when lines were dropped, one line that says
    /// how much was cut and where the whole output is; stops keeping them.
    std::string take_capture();

    /// True once a write to the pusher failed; the deploy goes on regardless.
    bool pusher_gone() const { return m_pusher_gone; }
    const std::filesystem::path& log_file() const { return m_options.log_file; }
    const std::string& environment() const { return m_options.environment; }

private:
    explicit Output(OutputOptions options, Fd log)
        : m_options(std::move(options))
        , m_log(std::move(log)) {}
    void write_line(std::string_view text);
    void write_raw(const std::string& line);

    OutputOptions m_options;
    Fd m_log;
    bool m_pusher_gone = false;
    bool m_log_failed = false;
    bool m_capturing = false;
    std::string m_captured;
    std::uint64_t m_cut_bytes = 0; ///< bytes of lines the capture dropped past its limit
    std::uint64_t m_cut_lines = 0;
};

} // namespace slipway::report
