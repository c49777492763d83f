// E2E harness: git daemon with receive-pack enabled, started by the test: anonymous pushes.
#include "support/git_daemon.hpp"

namespace slipway::e2e {

namespace fs = std::filesystem;

std::vector<Program> GitDaemon::programs() {
    return {{"git-daemon", "git"}};
}

std::string GitDaemon::missing() {
    return missing_programs("git daemon", programs());
}

GitDaemon::GitDaemon(const Sandbox& sb, const std::map<std::string, std::string>& env) {
    const fs::path dir = sb.root() / "git-daemon";
    m_home = dir / "home";
    const std::string git = program("git");
    auto vars = server_env(m_home);
    for (const auto& [k, v] : env)
        vars[k] = v;
    m_port = start_on_free_port(m_process, [&](int port) {
        return ServerProcess({git, "daemon", "--reuseaddr", "--enable=receive-pack", "--export-all",
                              "--informative-errors", "--base-path=" + sb.root().string(),
                              "--listen=127.0.0.1", "--port=" + std::to_string(port)},
                             vars, dir / "daemon.log");
    });
}

std::string GitDaemon::url(const std::string& repo) const {
    return "git://127.0.0.1:" + std::to_string(m_port) + "/" + repo;
}

} // namespace slipway::e2e
