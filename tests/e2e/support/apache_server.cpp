// E2E harness: Apache httpd with git-http-backend as a CGI and basic auth, started by the test.
#include "support/apache_server.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

namespace slipway::e2e {

namespace fs = std::filesystem;

namespace {

// Debian's apache2 keeps its modules here; loaded by path, no /etc/apache2 involved.
const std::string modules = "/usr/lib/apache2/modules/";

std::string load(const std::string& module, const std::string& file) {
    return "LoadModule " + module + " " + modules + file + "\n";
}

} // namespace

std::vector<Program> ApacheServer::programs() {
    return {{"apache2", "apache2"}, {"openssl", "openssl"}, {"git-http-backend", "git"}};
}

std::string ApacheServer::missing() {
    auto out = missing_programs("apache2 + git-http-backend", programs());
    if (out.empty() && !fs::exists(modules + "mod_cgid.so"))
        out = "apache2 + git-http-backend: " + modules +
              "mod_cgid.so is missing (install/deps.sh installs apache2)";
    return out;
}

ApacheServer::ApacheServer(const Sandbox& sb, Options options)
    : m_sb(sb)
    , m_options(std::move(options)) {
    const fs::path dir = sb.root() / "apache";
    const std::string p = dir.string();
    m_home = dir / "backend-home";
    fs::create_directories(dir / "run");
    fs::create_directories(m_home);
    // Apache refuses to serve as root (it has no BIG_SECURITY_HOLE build): its children switch
    // to `User`, the account Debian's apache2 runs as, who must reach the repositories under
    // the sandbox root and read the htpasswd file.
    const bool root = ::geteuid() == 0;
    m_account = root ? "www-data" : server_account();
    sb.ok("chmod 711 .");
    std::string htpasswd;
    for (const auto& [user, password] : m_options.users)
        htpasswd += user + ":" + trimmed(sb.ok("openssl passwd -apr1 " + quote(password))) + "\n";
    write_text(dir / "htpasswd", htpasswd,
               fs::perms::owner_read | fs::perms::owner_write | fs::perms::others_read);
    serve(m_home);

    std::string env;
    for (const auto& [k, v] : m_options.env)
        env += "SetEnv " + k + " " + v + "\n";
    const bool cgid = m_options.cgi == ApacheCgi::cgid;
    const std::string mpm =
        cgid ? load("mpm_event_module", "mod_mpm_event.so") +
                   "StartServers 1\nThreadsPerChild 8\nMinSpareThreads 1\nMaxSpareThreads 16\n"
                   "MaxRequestWorkers 16\n" +
                   load("cgid_module", "mod_cgid.so") + "ScriptSock " + p + "/run/cgid.sock\n"
             : load("mpm_prefork_module", "mod_mpm_prefork.so") +
                   "StartServers 1\nMinSpareServers 1\nMaxSpareServers 4\nMaxRequestWorkers 8\n" +
                   load("cgi_module", "mod_cgi.so");
    const std::string access = m_options.authentication
                                   ? "  AuthType Basic\n  AuthName \"git\"\n  AuthUserFile " + p +
                                         "/htpasswd\n  Require valid-user\n"
                                   : "  Require all granted\n";
    const std::string backend = program("git-http-backend");
    const std::string apache = program("apache2");
    m_port = start_on_free_port(m_process, [&](int port) {
        write_text(dir / "apache2.conf",
                   "ServerRoot " + p + "\nServerName 127.0.0.1\nListen 127.0.0.1:" +
                       std::to_string(port) + "\nPidFile " + p + "/run/apache2.pid\n" +
                       "DefaultRuntimeDir " + p + "/run\nErrorLog " + p +
                       "/error.log\nLogLevel info\n"
                       "LogFormat \"%h %u \\\"%r\\\" %>s\" plain\nCustomLog " +
                       p + "/access.log plain\n" +
                       (root ? "User www-data\nGroup www-data\n" : std::string()) + mpm +
                       load("authn_core_module", "mod_authn_core.so") +
                       load("authn_file_module", "mod_authn_file.so") +
                       load("authz_core_module", "mod_authz_core.so") +
                       load("authz_user_module", "mod_authz_user.so") +
                       load("auth_basic_module", "mod_auth_basic.so") +
                       load("alias_module", "mod_alias.so") + load("env_module", "mod_env.so") +
                       "SetEnv GIT_PROJECT_ROOT " + sb.root().string() +
                       "\nSetEnv GIT_HTTP_EXPORT_ALL\n"
                       "SetEnv GIT_CONFIG_NOSYSTEM 1\n"
                       "SetEnv GIT_CONFIG_COUNT 1\n"
                       "SetEnv GIT_CONFIG_KEY_0 http.receivepack\n"
                       "SetEnv GIT_CONFIG_VALUE_0 true\n"
                       "SetEnv HOME " +
                       m_home.string() + "\n" + env + "ScriptAlias /git/ " + backend +
                       "/\n<Location /git/>\n" + access + "</Location>\n");
        return ServerProcess({apache, "-f", p + "/apache2.conf", "-DFOREGROUND"},
                             server_env(dir / "apache-home"), dir / "apache2.log");
    });
}

void ApacheServer::serve(const fs::path& path) const {
    if (m_account != server_account())
        m_sb.ok("chown -R " + m_account + ":" + m_account + " " + quote(path.string()));
}

std::string ApacheServer::url(const std::string& user, const std::string& repo) const {
    return "http://" + user + ":" + m_options.users.at(user) +
           "@127.0.0.1:" + std::to_string(m_port) + "/git/" + repo;
}

std::string ApacheServer::anonymous_url(const std::string& repo) const {
    return "http://127.0.0.1:" + std::to_string(m_port) + "/git/" + repo;
}

} // namespace slipway::e2e
