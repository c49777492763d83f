// E2E harness: nginx + fcgiwrap + git-http-backend with basic auth, started by the test.
#include "support/http_server.hpp"

#include <chrono>
#include <thread>
#include <unistd.h>

namespace slipway::e2e {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

std::vector<Program> HttpServer::programs() {
    return {{"nginx", "nginx"},
            {"fcgiwrap", "fcgiwrap"},
            {"openssl", "openssl"},
            {"git-http-backend", "git"}};
}

std::string HttpServer::missing() {
    return missing_programs("nginx + fcgiwrap + git-http-backend", programs());
}

HttpServer::HttpServer(const Sandbox& sb, Options options)
    : m_options(std::move(options)) {
    const fs::path dir = sb.root() / "http";
    m_home = dir / "backend-home";
    fs::create_directories(dir / "tmp");
    fs::create_directories(m_home);
    std::string htpasswd;
    for (const auto& [user, password] : m_options.users)
        htpasswd += user + ":" + trimmed(sb.ok("openssl passwd -apr1 " + quote(password))) + "\n";
    write_text(dir / "htpasswd", htpasswd);

    const fs::path socket = dir / "fcgiwrap.sock";
    m_fcgiwrap = ServerProcess({program("fcgiwrap"), "-s", "unix:" + socket.string(), "-c", "2"},
                               server_env(dir / "fcgiwrap-home"), dir / "fcgiwrap.log");
    for (auto deadline = std::chrono::steady_clock::now() + 20s;
         !fs::exists(socket) && m_fcgiwrap.running() &&
         std::chrono::steady_clock::now() < deadline;)
        std::this_thread::sleep_for(20ms);
    INFO("fcgiwrap said:\n" << m_fcgiwrap.log());
    REQUIRE(fs::exists(socket));

    const std::string backend = program("git-http-backend");
    std::string extra_params;
    for (const auto& [k, v] : m_options.env)
        extra_params += "      fastcgi_param " + k + " " + v + ";\n";
    const std::string nginx = program("nginx");
    const bool root = ::geteuid() == 0;
    const std::string p = dir.string();
    const std::string streaming = m_options.streaming == Streaming::on
                                      ? "      fastcgi_buffering off;\n"
                                        "      fastcgi_param NO_BUFFERING 1;\n"
                                      : "";
    m_port = start_on_free_port(m_nginx, [&](int port) {
        // Workers run as the test's user (root here), who owns the sandbox and the socket.
        write_text(dir / "nginx.conf",
                   "daemon off;\n"
                   "worker_processes 1;\n" +
                       (root ? "user root root;\n" : std::string()) + "pid " + p +
                       "/nginx.pid;\n"
                       "error_log " +
                       p +
                       "/error.log info;\n"
                       "events { worker_connections 64; }\n"
                       "http {\n"
                       "  access_log " +
                       p +
                       "/access.log;\n"
                       "  client_body_temp_path " +
                       p +
                       "/tmp/body;\n"
                       "  fastcgi_temp_path " +
                       p +
                       "/tmp/fastcgi;\n"
                       "  proxy_temp_path " +
                       p +
                       "/tmp/proxy;\n"
                       "  uwsgi_temp_path " +
                       p +
                       "/tmp/uwsgi;\n"
                       "  scgi_temp_path " +
                       p +
                       "/tmp/scgi;\n"
                       "  server {\n"
                       "    listen 127.0.0.1:" +
                       std::to_string(port) + ";\n" +
                       "    client_max_body_size 0;\n"
                       "    location / {\n" +
                       (m_options.authentication
                            ? "      auth_basic \"slipway\";\n      auth_basic_user_file " + p +
                                  "/htpasswd;\n"
                            : std::string()) +
                       "      fastcgi_pass unix:" + socket.string() + ";\n" + streaming +
                       "      fastcgi_param SCRIPT_FILENAME " + backend + ";\n" +
                       "      fastcgi_param GIT_PROJECT_ROOT " + sb.root().string() + ";\n" +
                       "      fastcgi_param GIT_HTTP_EXPORT_ALL \"\";\n"
                       "      fastcgi_param GIT_CONFIG_NOSYSTEM 1;\n"
                       "      fastcgi_param GIT_CONFIG_COUNT 1;\n"
                       "      fastcgi_param GIT_CONFIG_KEY_0 http.receivepack;\n"
                       "      fastcgi_param GIT_CONFIG_VALUE_0 true;\n" +
                       extra_params + "      fastcgi_param HOME " + p + "/backend-home;\n" +
                       "      fastcgi_param PATH /usr/local/bin:/usr/bin:/bin;\n"
                       "      fastcgi_param LANG C;\n"
                       "      fastcgi_param PATH_INFO $uri;\n"
                       "      fastcgi_param QUERY_STRING $query_string;\n"
                       "      fastcgi_param REQUEST_METHOD $request_method;\n"
                       "      fastcgi_param CONTENT_TYPE $content_type;\n"
                       "      fastcgi_param CONTENT_LENGTH $content_length;\n"
                       "      fastcgi_param HTTP_CONTENT_ENCODING $http_content_encoding;\n"
                       "      fastcgi_param GIT_PROTOCOL $http_git_protocol;\n"
                       "      fastcgi_param REMOTE_USER $remote_user;\n"
                       "      fastcgi_param REMOTE_ADDR $remote_addr;\n"
                       "      fastcgi_param REMOTE_PORT $remote_port;\n"
                       "      fastcgi_param SERVER_PROTOCOL $server_protocol;\n"
                       "      fastcgi_param GATEWAY_INTERFACE CGI/1.1;\n"
                       "    }\n"
                       "  }\n"
                       "}\n");
        return ServerProcess({nginx, "-p", p, "-c", p + "/nginx.conf", "-e", p + "/error.log"},
                             server_env(dir / "nginx-home"), dir / "nginx.log");
    });
}

std::string HttpServer::url(const std::string& user, const std::string& repo) const {
    return "http://" + user + ":" + m_options.users.at(user) +
           "@127.0.0.1:" + std::to_string(m_port) + "/" + repo;
}

std::string HttpServer::anonymous_url(const std::string& repo) const {
    return "http://127.0.0.1:" + std::to_string(m_port) + "/" + repo;
}

} // namespace slipway::e2e
