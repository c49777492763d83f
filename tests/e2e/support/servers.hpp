// E2E harness: real git servers (sshd, nginx + fcgiwrap + git-http-backend, gitolite, git
// daemon), each started by the test on a free loopback port with its config in the sandbox.
#pragma once

#include "support/sandbox.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
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

/// A client key pair in `<root>/ssh/keys/<name>` (ed25519, no passphrase).
struct SshKey {
    std::string name;
    std::filesystem::path private_key;
    std::string public_key; ///< the `.pub` line, without the newline
};

/// Makes (or returns, when it exists) the key `name` in `sb`.
SshKey ssh_key(const Sandbox& sb, const std::string& name);

/// A second sshd, run by the test: its own host key, config and authorized_keys under
/// `<root>/<name>/`, logins as the user the tests run as (its password field must be `*`, not
/// `!`: `UsePAM no`). Sessions get HOME `home` and GIT_CONFIG_NOSYSTEM=1 (SetEnv), never the
/// account's own.
///
/// Client side: each key gets a host alias in `<root>/ssh/config` (host key pinned in
/// `<root>/ssh/known_hosts`), and the sandbox's global git config says
/// `core.sshCommand = ssh -F <root>/ssh/config`, so a plain `git push <url()>` in the sandbox
/// goes through it.
class SshServer {
public:
    /// One authorized key: `identity` set makes it a forced `git-shell` command with
    /// REMOTE_USER=<identity>; unset, a forced `git-shell` with no identity at all.
    struct Login {
        std::string key;
        std::optional<std::string> identity;
    };
    struct Options {
        std::string name = "sshd"; ///< folder under the root, and prefix of the host aliases
        std::vector<Login> logins; ///< the authorized_keys this server writes
        /// Use this authorized_keys file instead (gitolite writes its own); `client_keys` are then
        /// the keys that get a host alias.
        std::optional<std::filesystem::path> authorized_keys;
        std::vector<std::string> client_keys;
        std::optional<std::filesystem::path> home; ///< sessions' HOME; default <root>/<name>/home
        /// More variables for the sessions, so for the hooks (`SetEnv`; no spaces in values).
        std::map<std::string, std::string> env;
    };

    /// The programs it needs.
    static std::vector<Program> programs();
    /// Why it cannot run here; empty when it can.
    static std::string missing();

    SshServer(const Sandbox& sb, Options options);

    int port() const { return m_port; }
    /// The HOME the hooks run with (a signer's key goes into its `.gnupg`, say).
    const std::filesystem::path& hook_home() const { return m_home; }
    /// The host alias of `key` in the sandbox's ssh config: "<name>-<key>".
    std::string alias(const std::string& key) const { return m_options.name + "-" + key; }
    /// `<alias(key)>:<path>`, the scp-like URL git pushes to (`path` absolute for plain sshd,
    /// a repository name for gitolite).
    std::string url(const std::string& key, const std::string& path) const;
    /// The account sessions log in as.
    const std::string& login_user() const { return m_user; }
    ServerProcess& process() { return m_process; }

private:
    Options m_options;
    std::string m_user;
    int m_port = 0;
    std::filesystem::path m_home;
    ServerProcess m_process;
};

/// Whether nginx streams hook output to the pusher while the hook runs.
enum class Streaming {
    on, ///< `fastcgi_buffering off;` and `fastcgi_param NO_BUFFERING 1;`, both needed
    off ///< neither: nginx and git-http-backend buffer the response
};

/// nginx in front of git-http-backend through fcgiwrap (started by the test on a unix socket in
/// `<root>/http/`), with basic auth from an htpasswd file (`openssl passwd -apr1`), REMOTE_USER
/// passed, receive-pack enabled (http.receivepack, as GIT_CONFIG_* parameters, not in the
/// repository), and GIT_PROJECT_ROOT the sandbox root.
class HttpServer {
public:
    struct Options {
        std::map<std::string, std::string> users = {
            {"alice", "alice-secret"}}; ///< name -> password
        Streaming streaming = Streaming::on;
        /// More variables for git-http-backend, so for the hooks (`fastcgi_param`).
        std::map<std::string, std::string> env;
    };

    static std::vector<Program> programs();
    static std::string missing();

    explicit HttpServer(const Sandbox& sb)
        : HttpServer(sb, Options{}) {}
    HttpServer(const Sandbox& sb, Options options);

    int port() const { return m_port; }
    /// The HOME the hooks run with (a signer's key goes into its `.gnupg`, say).
    const std::filesystem::path& hook_home() const { return m_home; }
    /// `http://<user>:<password>@127.0.0.1:<port>/<repo>` (`repo` relative to the root).
    std::string url(const std::string& user, const std::string& repo) const;
    /// The same URL without credentials: nginx answers 401.
    std::string anonymous_url(const std::string& repo) const;
    ServerProcess& nginx() { return m_nginx; }
    ServerProcess& fcgiwrap() { return m_fcgiwrap; }

private:
    Options m_options;
    int m_port = 0;
    std::filesystem::path m_home;
    ServerProcess m_fcgiwrap;
    ServerProcess m_nginx;
};

/// gitolite3 in its own HOME (`<root>/gitolite/home`), set up as gitolite documents
/// (`gitolite setup -pk admin.pub`), with LOCAL_CODE and the `repo-specific-hooks` feature
/// enabled in its rc, reached over its own SshServer (named "gitolite"; its authorized_keys
/// is the one gitolite writes). Configured the documented way: through pushes of a clone of
/// gitolite-admin (in `<root>/gitolite/admin`).
class GitoliteServer {
public:
    static std::vector<Program> programs();
    static std::string missing();

    /// Sets up gitolite with the admin key "admin" and one key per name in `users` (their
    /// gitolite user name, GL_USER, is the key name); `env` goes to the sessions, so to the
    /// hooks (see SshServer::Options::env).
    GitoliteServer(const Sandbox& sb, std::vector<std::string> users,
                   std::map<std::string, std::string> env = {});

    /// Adds repository `name` to gitolite.conf with the access rules `rules` (lines such as
    /// "RW+ = alice"), and pushes the change, which makes gitolite create it.
    void add_repo(const std::string& name, const std::vector<std::string>& rules);
    /// Installs Slipway into repository `name` with `slipway install <repo> <install_args>`,
    /// then hands its hooks to gitolite as repo-specific hooks (scripts in
    /// LOCAL_CODE/hooks/repo-specific, `option hook.pre-receive = slipway-pre-receive` and
    /// `option hook.post-receive = slipway-post-receive` in gitolite.conf, pushed), which
    /// replaces the hooks `slipway install` wrote with gitolite's multi-hook driver.
    void install_slipway(const std::string& name, const std::string& install_args = "");

    /// The HOME the hooks run with: gitolite's own.
    const std::filesystem::path& hook_home() const { return m_home; }
    /// The bare repository gitolite keeps for `name`.
    std::filesystem::path repo_path(const std::string& name) const;
    /// The URL `user` pushes `name` with.
    std::string url(const std::string& user, const std::string& name) const;
    SshServer& ssh() { return *m_ssh; }

private:
    void push_conf(const std::string& message);

    const Sandbox& m_sb;
    std::filesystem::path m_home;
    std::vector<std::string> m_users;
    /// repository -> its lines in gitolite.conf, in the order added
    std::vector<std::pair<std::string, std::string>> m_repos;
    std::unique_ptr<SshServer> m_ssh;
};

/// `git daemon --enable=receive-pack --export-all` with base path the sandbox root, on
/// loopback: anonymous pushes.
class GitDaemon {
public:
    static std::vector<Program> programs();
    static std::string missing();

    /// `env`: more variables for the daemon, so for the hooks.
    explicit GitDaemon(const Sandbox& sb, const std::map<std::string, std::string>& env = {});

    int port() const { return m_port; }
    /// The HOME the hooks run with (a signer's key goes into its `.gnupg`, say).
    const std::filesystem::path& hook_home() const { return m_home; }
    /// `git://127.0.0.1:<port>/<repo>` (`repo` relative to the root).
    std::string url(const std::string& repo) const;
    ServerProcess& process() { return m_process; }

private:
    int m_port = 0;
    std::filesystem::path m_home;
    ServerProcess m_process;
};

} // namespace slipway::e2e
