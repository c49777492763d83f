// E2E harness: a second sshd started by the test, and the client keys and ssh config for it.
#pragma once

#include "support/server_process.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace slipway::e2e {

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

} // namespace slipway::e2e
