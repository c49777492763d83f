// What the pusher sees of a deploy: prefixed lines written as they come, heartbeats, a log.
#pragma once

#include "util/deflate.hpp"
#include "util/fd.hpp"
#include "util/process.hpp"
#include "util/result.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
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
    /// The most bytes the ledger stores of this deploy's output: the compressed captures of
    /// all its targets together (policy `limits.deploy_output_bytes`). Lines past it are only
    /// in the log.
    std::uint64_t capture_limit = default_capture_limit;
    static constexpr std::uint64_t default_capture_limit = 8ULL << 20;
    /// The most bytes of lines all captures keep before compression, whatever the cap: output
    /// that compresses a thousandfold (`yes`) must still inflate within what reading a record
    /// back (`slipway show`, `slipway audit verify`) holds in memory.
    std::uint64_t capture_inflated_limit = default_capture_inflated_limit;
    static constexpr std::uint64_t default_capture_inflated_limit = 256ULL << 20;
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
    /// without the prefix, each ending in '\n'), compressed as it comes, until take_capture():
    /// one target's output for the ledger. Whole lines are kept while the compressed captures
    /// of this Output (one deploy) stay within `capture_limit` bytes with room for the closing
    /// marker, and within `capture_inflated_limit` before compression; from the first line
    /// that does not fit, the rest is cut. A target that writes 100 MB costs the deploy's
    /// memory and the ledger no more than the cap.
    void start_capture();
    /// The zlib stream of the lines kept since start_capture(), then, when lines were cut, one
    /// line that says how much was cut and where the whole output is; stops keeping them. A
    /// capture that starts with the cap spent holds only that line. Fails only when zlib does
    /// (out of memory); the lines are in the log all the same.
    Result<util::Deflated> take_capture();
    /// Bytes the captures taken so far store, together.
    std::uint64_t captured_bytes() const { return m_stored_before; }

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
    void capture(std::string_view text);
    bool fits(std::size_t line_bytes);
    std::string cut_marker(std::uint64_t lines, std::uint64_t bytes, bool inflated) const;
    std::size_t marker_room() const;

    OutputOptions m_options;
    Fd m_log;
    bool m_pusher_gone = false;
    bool m_log_failed = false;
    std::optional<util::Deflater> m_capture; ///< set between start_capture() and take_capture()
    std::optional<Error> m_capture_error;    ///< why the capture stopped keeping lines
    std::uint64_t m_stored_before = 0;       ///< stored bytes of the captures already taken
    std::uint64_t m_inflated_before = 0;     ///< their bytes before compression
    bool m_inflated_cut = false;             ///< the inflated limit, not the cap, cut it
    std::size_t m_marker_room = 0;           ///< bytes kept free for the marker; 0: not yet known
    std::uint64_t m_cut_bytes = 0;           ///< bytes of lines the capture dropped
    std::uint64_t m_cut_lines = 0;
};

} // namespace slipway::report
