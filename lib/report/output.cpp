// What the pusher sees of a deploy: prefixed lines written as they come, heartbeats, a log.
#include "report/output.hpp"

#include "util/escape.hpp"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <limits>
#include <utility>

namespace slipway::report {

namespace {

// Writes all of `data` to `fd`; false on any error but EINTR.
bool write_all(int fd, std::string_view data) {
    while (!data.empty()) {
        ssize_t n = ::write(fd, data.data(), data.size());
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

} // namespace

void ignore_pusher_signals() {
    for (int signal : {SIGPIPE, SIGHUP, SIGINT, SIGQUIT})
        ::signal(signal, SIG_IGN);
}

Result<Output> Output::open(const OutputOptions& options) {
    Fd log;
    if (!options.log_file.empty()) {
        std::error_code ec;
        std::filesystem::create_directories(options.log_file.parent_path(), ec);
        if (ec)
            return fail("cannot create " + options.log_file.parent_path().string() + ": " +
                        ec.message());
        log.reset(::open(options.log_file.c_str(),
                         O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0660));
        if (!log)
            return fail("cannot open log file " + options.log_file.string() + ": " +
                        std::strerror(errno));
    }
    return Output(options, std::move(log));
}

void Output::write_line(std::string_view raw) {
    const std::string text = util::escape_controls(raw);
    std::string line;
    line.reserve(m_options.environment.size() + text.size() + 4);
    line += '[';
    line += m_options.environment;
    line += "] ";
    line += text;
    line += '\n';
    if (m_capture)
        capture(text);
    write_raw(line);
}

void Output::write_raw(const std::string& line) {
    if (!m_pusher_gone && m_options.pusher_fd >= 0 && !write_all(m_options.pusher_fd, line))
        m_pusher_gone = true;
    if (m_log && !m_log_failed && !write_all(m_log.get(), line))
        m_log_failed = true;
}

void Output::notice(std::string_view text) {
    std::string line = util::escape_controls(text);
    line += '\n';
    write_raw(line);
}

// The marker's longest form: the room every capture keeps for it.
std::size_t Output::marker_room() const {
    constexpr auto most = std::numeric_limits<std::uint64_t>::max();
    return std::max(cut_marker(most, most, false).size(), cut_marker(most, most, true).size());
}

std::string Output::cut_marker(std::uint64_t lines, std::uint64_t bytes, bool inflated) const {
    return "[slipway: output cut here: " + std::to_string(lines) +
           (lines == 1 ? " more line (" : " more lines (") + std::to_string(bytes) + " bytes) " +
           (m_options.log_file.empty() ? std::string("were shown but not kept")
                                       : "are in " + m_options.log_file.string()) +
           "; this deploy's output reached the " +
           (inflated ? std::to_string(m_options.capture_inflated_limit) +
                           " bytes the ledger keeps before compression]\n"
                     : std::to_string(m_options.capture_limit) +
                           " bytes the ledger keeps (limits.deploy_output_bytes)]\n");
}

bool Output::fits(std::size_t line_bytes) {
    if (m_inflated_before + m_capture->size() + line_bytes > m_options.capture_inflated_limit) {
        m_inflated_cut = true;
        return false;
    }
    const std::uint64_t budget =
        m_options.capture_limit > m_stored_before ? m_options.capture_limit - m_stored_before : 0;
    const std::uint64_t more = line_bytes + m_marker_room;
    if (m_capture->bound(more) <= budget)
        return true;
    // The bound is zlib's worst case for what it has not pushed out yet; a flush makes that
    // part exact. Near the cap this happens more often, each time for fewer bytes.
    if (auto flushed = m_capture->flush(); !flushed) {
        m_capture_error = flushed.error();
        return false;
    }
    return m_capture->bound(more) <= budget;
}

void Output::capture(std::string_view text) {
    const std::size_t bytes = text.size() + 1;
    // Once one line is cut, later ones are too: the capture stays a prefix.
    if (m_cut_lines > 0 || !fits(bytes)) {
        if (m_capture_error) {
            m_capture.reset();
            return;
        }
        m_cut_bytes += bytes;
        ++m_cut_lines;
        return;
    }
    Status written = m_capture->write(text);
    if (written)
        written = m_capture->write("\n");
    if (!written) {
        m_capture_error = written.error();
        m_capture.reset();
    }
}

void Output::start_capture() {
    m_capture.reset();
    m_capture_error.reset();
    m_inflated_cut = false;
    m_cut_bytes = 0;
    m_cut_lines = 0;
    if (m_marker_room == 0)
        m_marker_room = marker_room();
    auto opened = util::Deflater::open();
    if (opened)
        m_capture.emplace(std::move(*opened));
    else
        m_capture_error = opened.error();
}

Result<util::Deflated> Output::take_capture() {
    std::optional<util::Deflater> capture = std::exchange(m_capture, std::nullopt);
    if (auto error = std::exchange(m_capture_error, std::nullopt))
        return fail("the output kept for the ledger", *error);
    if (!capture) {
        SLIPWAY_TRY_LET(opened, util::Deflater::open());
        capture.emplace(std::move(*opened));
    }
    if (m_cut_lines > 0)
        SLIPWAY_TRY(capture->write(cut_marker(m_cut_lines, m_cut_bytes, m_inflated_cut)));
    m_cut_bytes = 0;
    m_cut_lines = 0;
    SLIPWAY_TRY_LET(done, capture->finish());
    m_stored_before += done->zlib().size();
    m_inflated_before += done->size;
    return std::move(*done);
}

void Output::line(std::string_view text) {
    while (true) {
        auto nl = text.find('\n');
        if (nl == std::string_view::npos) {
            write_line(text);
            return;
        }
        write_line(text.substr(0, nl));
        text.remove_prefix(nl + 1);
    }
}

void Output::heartbeat(std::string_view what, std::chrono::milliseconds silent_for) {
    auto seconds = std::chrono::duration_cast<std::chrono::seconds>(silent_for).count();
    line("still running: " + std::string(what) + " (" + std::to_string(seconds) +
         "s without output)");
}

util::LineSink Output::line_sink() {
    return [this](std::string_view text) {
        line(text);
    };
}

util::IdleSink Output::heartbeat_sink(std::string what) {
    return [this, what = std::move(what)](std::chrono::milliseconds silent_for) {
        heartbeat(what, silent_for);
    };
}

} // namespace slipway::report
