// E2E harness: git daemon with receive-pack enabled, started by the test: anonymous pushes.
#pragma once

#include "support/server_process.hpp"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace slipway::e2e {

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
