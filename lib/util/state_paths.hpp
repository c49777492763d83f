// Where the deploy engine keeps its state: the layout of `<repo>.git/slipway/`.
#pragma once

#include "util/result.hpp"

#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>

namespace slipway::util {

/// True when `name` can name an environment: 1 to 64 characters of [A-Za-z0-9._-], not
/// starting with '.' or '-'. Environment names become file names and ref names.
bool is_valid_environment_name(std::string_view name);

/// The state directory and every path under it. Computes paths only; nothing is created.
class StateDir {
public:
    /// State under `root` (normally `<repo>.git/slipway`).
    explicit StateDir(std::filesystem::path root)
        : m_root(std::move(root)) {}
    /// The state directory of the repository whose git dir is `git_dir`.
    static StateDir for_repository(const std::filesystem::path& git_dir) {
        return StateDir(git_dir / "slipway");
    }

    const std::filesystem::path& root() const { return m_root; }
    /// `<root>/locks/<env>.lock`: the environment's deploy lock.
    std::filesystem::path lock_file(const std::string& env) const;
    /// `<root>/workspaces/<env>`: the checkout being deployed to `env`.
    std::filesystem::path workspace(const std::string& env) const;
    /// `<root>/logs/<env>/<UTC time>-<short id>.log`: the full output of one deploy.
    std::filesystem::path log_file(const std::string& env, std::string_view commit_hex,
                                   std::chrono::system_clock::time_point when) const;
    /// `<root>/inventory/<env>.tsv`: the Kubernetes objects last applied to `env`.
    std::filesystem::path inventory_file(const std::string& env) const;
    /// `<root>/terraform/<module key>/state`: local-backend state of a root module, shared by
    /// its workspaces (ops and apps live side by side in it, as Terraform workspaces do).
    std::filesystem::path terraform_state(const std::string& module_dir) const;
    /// `<root>/terraform/<module key>/data/<env>`: TF_DATA_DIR and plan files of one root
    /// module for one environment, so two environments never share a working directory.
    std::filesystem::path terraform_data(const std::string& env,
                                         const std::string& module_dir) const;
    /// `<root>/terraform/<module key>/deployed/<workspace>`: the commit last deployed to that
    /// workspace, so only root modules changed since then run.
    std::filesystem::path terraform_deployed(const std::string& module_dir,
                                             const std::string& workspace) const;
    /// `<root>/tmp`: scratch space (rendered object files for kubectl, validate data dirs).
    std::filesystem::path scratch() const { return m_root / "tmp"; }

private:
    std::filesystem::path m_root;
};

/// A file-name-safe key for a module directory, after normalize_relative() ("./a/" is "a"):
/// "." gives "_root", characters other than [A-Za-z0-9._-] are %-escaped ("infra/net" gives
/// "infra%2Fnet").
std::string module_key(std::string_view module_dir);

} // namespace slipway::util
