// What the pusher sees of a deploy: prefixed lines written as they come, heartbeats, a log.
#include "report/output.hpp"

#include "util/escape.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
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
                         O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0640));
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
    if (m_capturing) {
        if (m_cut_lines == 0 && m_captured.size() + text.size() + 1 <= m_options.capture_limit) {
            m_captured += text;
            m_captured += '\n';
        } else {
            // Once one line is cut, later ones are too: the capture stays a prefix.
            m_cut_bytes += text.size() + 1;
            ++m_cut_lines;
        }
    }
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

void Output::start_capture() {
    m_capturing = true;
    m_captured.clear();
    m_cut_bytes = 0;
    m_cut_lines = 0;
}

std::string Output::take_capture() {
    m_capturing = false;
    if (m_cut_lines > 0) {
        m_captured += "[slipway: output cut here: " + std::to_string(m_cut_lines) +
                      (m_cut_lines == 1 ? " more line (" : " more lines (") +
                      std::to_string(m_cut_bytes) + " bytes) " +
                      (m_options.log_file.empty() ? std::string("were shown but not kept")
                                                  : "are in " + m_options.log_file.string()) +
                      "]\n";
        m_cut_bytes = 0;
        m_cut_lines = 0;
    }
    return std::exchange(m_captured, {});
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
