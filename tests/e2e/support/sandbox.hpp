// E2E harness: a temp dir with an isolated git setup, where tests run real git and slipway.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace slipway::e2e {

/// What a shell script printed (stdout and stderr merged, in order) and how it exited.
struct Run {
    int exit_code = -1;
    std::string output;
    /// The `remote: ` lines of `output`, prefix and trailing blanks removed.
    std::vector<std::string> remote() const;
    /// The gate's verdict among the `remote: ` lines: its headline ("slipway: push ..."), the
    /// finding lines under it and its hint, without what post-receive printed after it.
    std::vector<std::string> gate() const;
    /// True when `output` contains `text`.
    bool has(const std::string& text) const { return output.find(text) != std::string::npos; }
};

/// A temp dir with its own HOME, no system git config, a fixed author and committer, and
/// the built slipway binaries first on PATH. Removed when destroyed, unless
/// SLIPWAY_KEEP_SANDBOX is set.
class Sandbox {
public:
    Sandbox();
    ~Sandbox();
    Sandbox(const Sandbox&) = delete;
    Sandbox& operator=(const Sandbox&) = delete;

    const std::filesystem::path& root() const { return m_root; }

    /// Runs `script` with /bin/sh in `cwd` (relative to root; default root), in a clean
    /// environment plus `env`.
    Run sh(const std::string& script, const std::map<std::string, std::string>& env = {},
           const std::string& cwd = "") const;
    /// Like sh(), but fails the test (with the output) unless the script exits 0.
    std::string ok(const std::string& script, const std::map<std::string, std::string>& env = {},
                   const std::string& cwd = "") const;

    /// Creates bare repo `name` (default branch master) and runs `slipway install` on it with
    /// `install_args`; returns its path.
    std::filesystem::path server(const std::string& name = "server.git",
                                 const std::string& install_args = "");
    /// Sets up the usual scene: bare repo `server.git` whose master has one commit ("init"),
    /// a clone of it in `work`, then `slipway install --policy` with `policy_yaml` (or the
    /// default policy when empty). Hooks are installed after the seed push, so the policy
    /// never judges it.
    void seeded(const std::string& policy_yaml = "");
    /// Writes `text` to `relative` under root, creating directories.
    void write(const std::string& relative, const std::string& text) const;
    /// Path of a built slipway executable.
    static std::string bin(const std::string& name);

private:
    std::filesystem::path m_root;
};

/// Single-quotes `s` for /bin/sh.
std::string quote(const std::string& s);

} // namespace slipway::e2e
