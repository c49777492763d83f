// E2E harness: nginx + fcgiwrap + git-http-backend with basic auth, started by the test.
#pragma once

#include "support/server_process.hpp"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace slipway::e2e {

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
        /// Basic auth on the location; without it every client is anonymous (REMOTE_USER
        /// empty), as on a server whose admin forgot it.
        bool authentication = true;
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

} // namespace slipway::e2e
