// Running external programs (terraform, kubectl, git): argv only, timeout, scrubbed environment.
#pragma once

#include "util/result.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace slipway::util {

/// Resource limits (setrlimit(2)) the child starts with, inherited by everything it starts;
/// 0 leaves a limit as it is.
struct ResourceLimits {
    std::uint64_t address_space = 0; ///< RLIMIT_AS, bytes, per process
    std::uint64_t file_size = 0;     ///< RLIMIT_FSIZE, bytes: the largest file it may write
    std::uint64_t processes = 0;     ///< RLIMIT_NPROC (counted per user; root is exempt)
};

/// What to run. The child starts in its own process group, with the environment of this
/// process minus every `GIT_*` and `HTTP_*` variable (the CGI request's headers: a pusher's
/// password), `LD_PRELOAD` and `LD_LIBRARY_PATH`, plus `env`.
/// Whether what a child leaves running in its process group (`cmd &`) is killed when the child
/// exits: always for what Slipway runs (a deploy's processes end with it); a test harness
/// that starts servers in the background keeps them.
enum class Leftovers { kill, keep };

struct Command {
    std::vector<std::string> argv; ///< argv[0] is looked up on PATH unless it holds a '/'
    std::filesystem::path cwd;     ///< empty: the current directory
    std::vector<std::pair<std::string, std::string>> env; ///< set (or overridden) in the child
    std::vector<std::string> unset;                       ///< also removed from the child's env
    std::chrono::milliseconds timeout = std::chrono::minutes(10);
    std::string input; ///< written to the child's stdin, which is then closed
    ResourceLimits limits;
    /// The most bytes read from the child's stdout and stderr together; past it, its process
    /// group is killed and `Exit::output_exceeded` set. 0: no limit.
    std::size_t max_output = 0;
    /// What happens to the rest of the child's process group when the child exits.
    Leftovers leftovers = Leftovers::kill;
    /// After a stop request (util::stop_signal), how long the child's group has between
    /// SIGTERM and SIGKILL: terraform, told to stop, finishes the call in flight and releases
    /// its state lock.
    std::chrono::milliseconds stop_grace = std::chrono::seconds(10);
};

/// How a child ended.
struct Exit {
    int code = -1;          ///< exit status when it exited; -1 otherwise
    int signal = 0;         ///< the signal that killed it; 0 when it exited
    bool timed_out = false; ///< killed (with its whole process group) because it ran too long
    /// The output limit (Command::max_output) the child passed, which got it killed with its
    /// whole process group; 0 when it did not. What it wrote up to the limit was kept.
    std::size_t output_exceeded = 0;
    /// The signal that asked this process to stop while the child ran (util::stop_signal):
    /// its group was sent SIGTERM, then SIGKILL after Command::stop_grace. 0 when none did.
    int stopped = 0;
    std::chrono::milliseconds duration{0};

    /// True when the child exited with status 0.
    bool ok() const {
        return !timed_out && output_exceeded == 0 && stopped == 0 && signal == 0 && code == 0;
    }
    /// "exited with status 2", "killed by signal 9", "timed out after 30s", "was stopped after
    /// writing more than 64 MiB of output (the limit)", "was stopped: Slipway received
    /// SIGTERM (the server is stopping?)".
    std::string describe() const;
};

/// A child's result with its output collected.
struct Captured {
    Exit exit;
    std::string out; ///< everything written to stdout
    std::string err; ///< everything written to stderr
};

/// Runs `command` to the end and returns its separate stdout and stderr. Fails (as a value)
/// only when the program cannot be started, e.g. it is not installed.
Result<Captured> run_capture(const Command& command);

/// Called with each line (without its newline) as the child writes it; stdout and stderr are
/// merged in the order they arrive.
using LineSink = std::function<void(std::string_view line)>;
/// Called when the child has written nothing for `idle_interval`; gets the silence so far.
using IdleSink = std::function<void(std::chrono::milliseconds silent_for)>;

/// Runs `command` and hands every output line to `on_line` as soon as it is complete; calls
/// `on_idle` after each `idle_interval` of silence (0: never). Fails only when the program
/// cannot be started.
Result<Exit> run_streaming(const Command& command, const LineSink& on_line,
                           const IdleSink& on_idle = {},
                           std::chrono::milliseconds idle_interval = std::chrono::milliseconds(0));

/// Full path of `program` found on PATH, or an error naming what is missing.
Result<std::filesystem::path> find_program(const std::string& program);

} // namespace slipway::util
