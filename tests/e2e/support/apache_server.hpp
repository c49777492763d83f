// E2E harness: Apache httpd with git-http-backend as a CGI and basic auth, started by the test.
#pragma once

#include "support/server_process.hpp"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace slipway::e2e {

/// How Apache runs git-http-backend: the two ways Debian's apache2 offers.
enum class ApacheCgi {
    cgid, ///< mpm_event with mod_cgid (Debian's default: `a2enmod cgi` enables cgid there)
    cgi   ///< mpm_prefork with mod_cgi
};

/// Apache httpd (`apache2 -f <conf> -DFOREGROUND`, with its own config in `<root>/apache/`;
/// never /etc/apache2: its modules are loaded by absolute path) in front of git-http-backend,
/// `ScriptAlias /git/`, with basic auth from an htpasswd file (`openssl passwd -apr1`), which
/// sets REMOTE_USER, receive-pack enabled (http.receivepack, as GIT_CONFIG_* variables, not in
/// the repository), GIT_PROJECT_ROOT the sandbox root and GIT_HTTP_EXPORT_ALL.
///
/// Apache will not run CGI as root: started by root, its children and so the hooks run as
/// `www-data` (`User`/`Group`), and what they must write (the repositories pushed to, the
/// hooks' HOME) is handed to that account with serve(); started by anyone else, they run as
/// that user.
class ApacheServer {
public:
    struct Options {
        std::map<std::string, std::string> users = {
            {"alice", "alice-secret"}}; ///< name -> password
        /// Basic auth on the location; without it every client is anonymous (no REMOTE_USER),
        /// as on a server whose admin forgot it.
        bool authentication = true;
        ApacheCgi cgi = ApacheCgi::cgid;
        /// More variables for git-http-backend, so for the hooks (`SetEnv`).
        std::map<std::string, std::string> env;
    };

    static std::vector<Program> programs();
    static std::string missing();

    explicit ApacheServer(const Sandbox& sb)
        : ApacheServer(sb, Options{}) {}
    ApacheServer(const Sandbox& sb, Options options);

    int port() const { return m_port; }
    /// The OS account git-http-backend and the hooks run as.
    const std::string& account() const { return m_account; }
    /// The HOME the hooks run with (a signer's key goes into its `.gnupg`, then serve() it).
    const std::filesystem::path& hook_home() const { return m_home; }
    /// Hands `path` and everything under it to account(), as an admin makes the repositories
    /// Apache serves its own; a no-op when that account is the test's.
    void serve(const std::filesystem::path& path) const;
    /// `http://<user>:<password>@127.0.0.1:<port>/git/<repo>` (`repo` relative to the root).
    std::string url(const std::string& user, const std::string& repo) const;
    /// The same URL without credentials.
    std::string anonymous_url(const std::string& repo) const;
    ServerProcess& process() { return m_process; }

private:
    const Sandbox& m_sb;
    Options m_options;
    std::string m_account;
    int m_port = 0;
    std::filesystem::path m_home;
    ServerProcess m_process;
};

} // namespace slipway::e2e
