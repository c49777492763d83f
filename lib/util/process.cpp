// The one place that includes Boost.Process: child start, poll loop, group kill on timeout.
#include "util/process.hpp"
#include "util/process_groups.hpp"
#include "util/stop_signal.hpp"

#include <boost/process.hpp>
#include <boost/process/extend.hpp>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <optional>
#include <poll.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace bp = boost::process;
using namespace std::chrono;

namespace slipway::util {

namespace {

bool scrubbed(const std::string& name, const Command& command) {
    if (name.starts_with("GIT_") || name == "LD_PRELOAD" || name == "LD_LIBRARY_PATH")
        return true;
    // A CGI server (git-http-backend under fcgiwrap) hands the hooks the request's headers as
    // HTTP_*: HTTP_AUTHORIZATION is the pusher's password, HTTP_PROXY a proxy of the client's
    // choosing (httpoxy). None of it is for what a deploy runs.
    if (name.starts_with("HTTP_"))
        return true;
    for (const auto& u : command.unset)
        if (u == name)
            return true;
    return false;
}

// The child's environment as `NAME=value` strings. Built by hand rather than with
// boost::process::environment, whose lookup in Boost 1.74 reads past short entries.
std::vector<std::string> child_environment(const Command& command) {
    std::vector<std::string> out;
    auto overridden = [&](std::string_view name) {
        for (const auto& [k, v] : command.env)
            if (k == name)
                return true;
        return false;
    };
    for (char** e = ::environ; e && *e; ++e) {
        std::string_view entry(*e);
        auto eq = entry.find('=');
        if (eq == std::string_view::npos)
            continue;
        std::string name(entry.substr(0, eq));
        if (scrubbed(name, command) || overridden(name))
            continue;
        out.emplace_back(entry);
    }
    for (const auto& [name, value] : command.env)
        out.push_back(name + "=" + value);
    return out;
}

// A read end the parent polls: bytes arrive, complete lines go to `on_line`.
struct Channel {
    int fd = -1;
    std::string pending;
    std::function<void(std::string_view)> on_line;

    void feed(const char* data, std::size_t size) {
        pending.append(data, size);
        std::size_t start = 0;
        for (;;) {
            auto nl = pending.find('\n', start);
            if (nl == std::string::npos)
                break;
            std::string_view line(pending.data() + start, nl - start);
            if (!line.empty() && line.back() == '\r')
                line.remove_suffix(1);
            on_line(line);
            start = nl + 1;
        }
        pending.erase(0, start);
    }
    void finish() {
        if (!pending.empty())
            on_line(pending);
        pending.clear();
    }
};

void set_cloexec(int fd) {
    ::fcntl(fd, F_SETFD, ::fcntl(fd, F_GETFD) | FD_CLOEXEC);
}
void set_nonblock(int fd) {
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
}
void close_sink(bp::pipe& p) {
    ::close(p.native_sink());
    p.assign_sink(-1);
}

// The executable `command` names: looked up on PATH unless it holds a '/'.
Result<std::filesystem::path> resolve_program(const Command& command) {
    if (command.argv.empty())
        return fail("no program to run");
    std::filesystem::path program = command.argv[0];
    if (program.string().find('/') == std::string::npos)
        return find_program(command.argv[0]);
    if (::access(program.c_str(), X_OK) != 0)
        return fail(program.string() + " is not an executable file");
    return program;
}

// One started child in its own process group, with the parent's ends of its pipes: stdout
// (and stderr, unless merged into stdout) to read, stdin to write.
struct Child {
    bp::child process;
    bp::pipe out, err, in;
    pid_t pid = 0;
};

// Starts `program` as `command` says, stdout on the out pipe and stderr on the err pipe (the
// same pipe when `merged`); the parent keeps only its ends, so EOF arrives when the child's
// side closes.
Status start_child(const Command& command, const std::filesystem::path& program, bool merged,
                   Child& c) {
    std::vector<std::string> args(command.argv.begin() + 1, command.argv.end());
    for (int fd : {c.out.native_source(), c.err.native_source(), c.in.native_sink()})
        set_cloexec(fd);
    std::error_code ec;
    const ResourceLimits limits = command.limits;
    auto new_group = bp::extend::on_exec_setup([limits](auto&) {
        ::setpgid(0, 0);
        // In the child, before exec: only async-signal-safe calls.
        auto cap = [](int resource, std::uint64_t value) {
            if (value == 0)
                return;
            rlimit r{static_cast<rlim_t>(value), static_cast<rlim_t>(value)};
            ::setrlimit(resource, &r);
        };
        cap(RLIMIT_AS, limits.address_space);
        cap(RLIMIT_FSIZE, limits.file_size);
        cap(RLIMIT_NPROC, limits.processes);
    });
    // The executor passes `env` to execve; point it at our own block, alive until launch ends.
    auto env_strings = child_environment(command);
    std::vector<char*> envp;
    for (auto& e : env_strings)
        envp.push_back(e.data());
    envp.push_back(nullptr);
    auto set_env = bp::extend::on_setup([&envp](auto& exec) { exec.env = envp.data(); });
    std::error_code cwd_ec;
    auto dir = command.cwd.empty() ? std::filesystem::current_path(cwd_ec) : command.cwd;
    try {
        if (merged)
            c.process = bp::child(bp::exe = program.string(), bp::args = args,
                                  bp::start_dir = dir.string(), (bp::std_out & bp::std_err) > c.out,
                                  bp::std_in < c.in, new_group, set_env, ec);
        else
            c.process = bp::child(bp::exe = program.string(), bp::args = args,
                                  bp::start_dir = dir.string(), bp::std_out > c.out,
                                  bp::std_err > c.err, bp::std_in < c.in, new_group, set_env, ec);
    } catch (const std::exception& e) {
        return fail("cannot start " + command.argv[0] + ": " + e.what());
    }
    if (ec || !c.process.valid())
        return fail("cannot start " + command.argv[0] + ": " + ec.message());
    c.pid = c.process.id();
    // Its own group (setpgid above), written down for the next deploy to end should this
    // process die; a death in the microseconds before this line leaves it unwritten.
    record_child_group(c.pid);
    close_sink(c.out);
    close_sink(c.err);
    ::close(c.in.native_source());
    c.in.assign_source(-1);
    return {};
}

// Serves the child's pipes until they close, the deadline passes (then its group is killed and
// `timed_out` set) or it writes more than `command.max_output` (killed, `output_exceeded`
// set): feeds `channels`, writes `command.input`, reports silence to `on_idle`.
void serve(Child& c, const Command& command, std::vector<Channel>& channels,
           steady_clock::time_point started, const IdleSink& on_idle, milliseconds idle_interval,
           Exit& exit) {
    std::string_view input = command.input;
    int in_fd = c.in.native_sink();
    set_nonblock(in_fd);
    if (input.empty()) {
        c.in.close();
        in_fd = -1;
    }
    auto deadline = started + command.timeout;
    std::optional<steady_clock::time_point> stop_deadline; // set once a stop is requested
    auto last_output = started;
    auto last_idle_report = started;
    std::size_t open_channels = channels.size();
    std::size_t output = 0;
    char buffer[65536];
    while (open_channels > 0 || in_fd >= 0) {
        std::vector<pollfd> fds;
        for (auto& ch : channels)
            if (ch.fd >= 0)
                fds.push_back({ch.fd, POLLIN, 0});
        if (in_fd >= 0)
            fds.push_back({in_fd, POLLOUT, 0});
        if (!stop_deadline && stop_fd() >= 0)
            fds.push_back({stop_fd(), POLLIN, 0});
        auto now = steady_clock::now();
        if (now >= deadline) {
            exit.timed_out = true;
            ::kill(-c.pid, SIGKILL);
            return;
        }
        if (!stop_deadline && stop_requested() != 0) {
            // Told to stop: so is the child's group, which gets the grace period to end
            // cleanly; its output is still read meanwhile.
            exit.stopped = stop_requested();
            ::kill(-c.pid, SIGTERM);
            stop_deadline = now + command.stop_grace;
            continue;
        }
        if (stop_deadline && now >= *stop_deadline) {
            ::kill(-c.pid, SIGKILL);
            return;
        }
        auto wait = duration_cast<milliseconds>(deadline - now);
        if (stop_deadline)
            wait = std::min(wait, duration_cast<milliseconds>(*stop_deadline - now));
        if (idle_interval.count() > 0)
            wait =
                std::min(wait, duration_cast<milliseconds>(std::max(last_output, last_idle_report) +
                                                           idle_interval - now));
        wait = std::max(wait, milliseconds(1));
        int ready = ::poll(fds.data(), fds.size(), static_cast<int>(wait.count()));
        if (ready < 0 && errno != EINTR)
            return;
        now = steady_clock::now();
        if (ready <= 0) {
            if (idle_interval.count() > 0 && on_idle &&
                now - std::max(last_output, last_idle_report) >= idle_interval) {
                last_idle_report = now;
                on_idle(duration_cast<milliseconds>(now - last_output));
            }
            continue;
        }
        for (const auto& p : fds) {
            if (p.revents == 0 || p.fd == stop_fd())
                continue; // a stop request: seen at the top of the loop
            if (p.fd == in_fd) {
                ssize_t n = ::write(in_fd, input.data(), input.size());
                if (n > 0)
                    input.remove_prefix(static_cast<std::size_t>(n));
                if ((n < 0 && errno != EAGAIN && errno != EINTR) || input.empty() ||
                    (p.revents & (POLLERR | POLLHUP))) {
                    c.in.close();
                    in_fd = -1;
                }
                continue;
            }
            for (auto& ch : channels) {
                if (ch.fd != p.fd)
                    continue;
                ssize_t n = ::read(ch.fd, buffer, sizeof buffer);
                if (n > 0) {
                    last_output = now;
                    auto size = static_cast<std::size_t>(n);
                    if (command.max_output > 0 && output + size > command.max_output) {
                        ch.feed(buffer, command.max_output - output);
                        exit.output_exceeded = command.max_output;
                        ::kill(-c.pid, SIGKILL);
                        return;
                    }
                    output += size;
                    ch.feed(buffer, size);
                } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
                    ch.finish();
                    ch.fd = -1;
                    --open_channels;
                }
            }
        }
    }
}

// Starts the child (stdout and stderr merged into channel 0 when `merged`), then serves all
// pipes until they close and the child is reaped.
Result<Exit> supervise(const Command& command, std::vector<Channel>& channels, bool merged,
                       const IdleSink& on_idle, milliseconds idle_interval) {
    SLIPWAY_TRY_LET(program, resolve_program(command));
    Child c;
    const auto started = steady_clock::now();
    SLIPWAY_TRY(start_child(command, *program, merged, c));
    channels[0].fd = c.out.native_source();
    if (merged)
        channels.resize(1);
    else
        channels[1].fd = c.err.native_source();
    for (auto& ch : channels)
        set_nonblock(ch.fd);

    Exit exit;
    serve(c, command, channels, started, on_idle, idle_interval, exit);
    const bool killed = exit.timed_out || exit.output_exceeded > 0 || exit.stopped != 0;
    if (killed) {
        // Drain nothing more: the group is dead, but a grandchild outside it could hold the
        // pipe, so do not wait for EOF.
        for (auto& ch : channels)
            ch.finish();
    }
    // Whatever the child left running in its group (a `cmd &`, a provider terraform did not
    // stop) ends with it: wait for the child to exit without reaping it, so its pid, and the
    // group id, cannot be reused, then kill the group, then reap.
    siginfo_t info{};
    while (::waitid(P_PID, static_cast<id_t>(c.pid), &info, WEXITED | WNOWAIT) != 0 &&
           errno == EINTR) {
    }
    if (command.leftovers == Leftovers::kill || killed)
        ::kill(-c.pid, SIGKILL);
    std::error_code ec;
    c.process.wait(ec);
    // What left the group (setsid) and outlived its parent was adopted by this process, when
    // it is a subreaper (post-receive): it ends with the child too.
    if (command.leftovers == Leftovers::kill)
        end_adopted_orphans();
    exit.duration = duration_cast<milliseconds>(steady_clock::now() - started);
    int status = c.process.native_exit_code();
    if (!killed) {
        if (WIFEXITED(status))
            exit.code = WEXITSTATUS(status);
        else if (WIFSIGNALED(status))
            exit.signal = WTERMSIG(status);
    }
    return exit;
}

} // namespace

std::string Exit::describe() const {
    if (timed_out)
        return "timed out after " + std::to_string(duration_cast<seconds>(duration).count()) + "s";
    if (stopped != 0) {
        const char* name = ::sigabbrev_np(stopped);
        return "was stopped: Slipway received " +
               (name ? "SIG" + std::string(name) : "signal " + std::to_string(stopped)) +
               " (the server is stopping?)";
    }
    if (output_exceeded > 0) {
        constexpr std::size_t mib = 1024 * 1024;
        const std::string limit = output_exceeded % mib == 0
                                      ? std::to_string(output_exceeded / mib) + " MiB"
                                      : std::to_string(output_exceeded) + " bytes";
        return "was stopped after writing more than " + limit + " of output (the limit)";
    }
    if (signal != 0)
        return std::string("killed by signal ") + std::to_string(signal) + " (" +
               ::strsignal(signal) + ")";
    return "exited with status " + std::to_string(code);
}

Result<Captured> run_capture(const Command& command) {
    Captured captured;
    std::vector<Channel> channels(2);
    channels[0].on_line = [&](std::string_view line) {
        captured.out.append(line);
        captured.out.push_back('\n');
    };
    channels[1].on_line = [&](std::string_view line) {
        captured.err.append(line);
        captured.err.push_back('\n');
    };
    SLIPWAY_TRY_LET(exit, supervise(command, channels, false, {}, milliseconds(0)));
    captured.exit = *exit;
    return captured;
}

Result<Exit> run_streaming(const Command& command, const LineSink& on_line, const IdleSink& on_idle,
                           milliseconds idle_interval) {
    std::vector<Channel> channels(2);
    channels[0].on_line = on_line;
    return supervise(command, channels, true, on_idle, idle_interval);
}

Result<std::filesystem::path> find_program(const std::string& program) {
    const char* path = std::getenv("PATH");
    std::string_view dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
    while (true) {
        auto colon = dirs.find(':');
        std::string dir(dirs.substr(0, colon));
        if (dir.empty())
            dir = ".";
        std::filesystem::path candidate = std::filesystem::path(dir) / program;
        std::error_code fec;
        if (::access(candidate.c_str(), X_OK) == 0 &&
            std::filesystem::is_regular_file(candidate, fec))
            return candidate;
        if (colon == std::string_view::npos)
            break;
        dirs.remove_prefix(colon + 1);
    }
    return fail("`" + program + "` was not found on PATH; install it or fix PATH for the server");
}

} // namespace slipway::util
