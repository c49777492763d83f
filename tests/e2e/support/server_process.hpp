// E2E harness for real git servers: the programs they need, skipping without them, a server
// process and its group, free loopback ports.
#pragma once

#include "support/sandbox.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace slipway::e2e {

/// Ends the test case here, reported as skipped, when `reason` (what a server suite needs and
/// this machine lacks) is not empty. The WARN line starts with "SLIPWAY-SKIPPED:", which CTest's
/// SKIP_REGULAR_EXPRESSION (tests/CMakeLists.txt) turns into a "Skipped" test, listed as such
/// in the summary: a missing server is never counted as a pass.
#define SLIPWAY_SKIP_IF(reason)                                                                    \
    do {                                                                                           \
        if (std::string slipway_skip_reason = (reason); !slipway_skip_reason.empty()) {            \
            WARN("SLIPWAY-SKIPPED: " << slipway_skip_reason);                                      \
            return;                                                                                \
        }                                                                                          \
    } while (false)

/// A program a server suite needs, and the Debian package install/deps.sh installs it from.
struct Program {
    std::string name;    ///< looked up on PATH, then in /usr/sbin, /sbin and git's exec path
    std::string package; ///< the Debian package that brings it
};

/// The absolute path of `program`, or nullopt when it is not installed. A name listed in
/// SLIPWAY_E2E_PRETEND_MISSING (comma-separated) counts as not installed, so the skip path can
/// be seen on a machine that has everything.
std::optional<std::string> find_program(const std::string& program);

/// Why `suite` cannot run here: "<suite>: <program> is not installed (install/deps.sh installs
/// <package>)" for each missing one, joined by "; "; empty when all are installed.
std::string missing_programs(const std::string& suite, const std::vector<Program>& programs);

/// The live processes (zombies excluded) of process group `pgid`, read from /proc.
std::vector<pid_t> processes_in_group(pid_t pgid);

/// One server process started by the test: its own process group, stdin from /dev/null,
/// stdout and stderr into `log`, and exactly `env` as its environment. Stopped (and its whole
/// group with it) when destroyed: SIGTERM, then SIGKILL after 10 s. (The test process is no
/// child subreaper: util::Command's Leftovers::kill would then kill these servers, which are
/// its children. What a server forked and left behind becomes init's.)
/// Should the test process die without stopping it (a crash, a ctest timeout), the process
/// gets SIGTERM (PR_SET_PDEATHSIG); what it forked ends only when it ends them.
class ServerProcess {
public:
    ServerProcess() = default;
    /// Starts `argv` (argv[0] an absolute path); fails the test when it cannot be spawned.
    ServerProcess(const std::vector<std::string>& argv,
                  const std::map<std::string, std::string>& env, const std::filesystem::path& log);
    ~ServerProcess() { stop(); }
    ServerProcess(ServerProcess&& other) noexcept;
    ServerProcess& operator=(ServerProcess&& other) noexcept;
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    /// The process id, which is also its process group's id; 0 when none was started.
    pid_t pid() const { return m_pid; }
    /// True while the process has not exited (reaps it when it has).
    bool running();
    /// True when a process of the group holds the socket listening on 127.0.0.1:`port`.
    bool listening_on(int port) const;
    /// Stops the group (SIGTERM to the group, SIGKILL after 10 s) and reaps it; idempotent.
    void stop();
    /// What the process wrote so far, for failure messages.
    std::string log() const;

private:
    pid_t m_pid = 0;
    bool m_exited = false;
    std::filesystem::path m_log;
};

/// The account every server runs as, and the one sshd logs sessions in as: the tests' own.
std::string server_account();

/// The environment servers run in: nothing of the test's own, a HOME in the sandbox, no system
/// git config.
std::map<std::string, std::string> server_env(const std::filesystem::path& home);

/// Starts a server on a free loopback port in 23000-23999: `start(port)` starts it, and it is
/// ready once its group listens on the port. A port another process took in between (the
/// server exits, or never listens) is retried with another one. Fails the test, with the
/// server's log, when no attempt comes up. Returns the port.
int start_on_free_port(ServerProcess& process, const std::function<ServerProcess(int port)>& start);

/// The text of file `path`; empty when it cannot be read.
std::string read_text(const std::filesystem::path& path);
/// `text` written to `path` (directories made) with permissions `perms`.
void write_text(const std::filesystem::path& path, const std::string& text,
                std::filesystem::perms perms = std::filesystem::perms::owner_read |
                                               std::filesystem::perms::owner_write);
/// `s` without trailing newlines, carriage returns and spaces.
std::string trimmed(std::string s);
/// The path of `name`, which a suite listed in its programs(); fails the test when it is
/// missing (only called once missing() said it is not).
std::string program(const std::string& name);

} // namespace slipway::e2e
