// Where Slipway keeps its things in a repository: the policy file, the state directory
// `<repo>.git/slipway/` and everything in it, and the reserved refs `refs/slipway/*`.
#pragma once

#include "util/result.hpp"

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace slipway::util {

/// `refs/slipway/`: the refs Slipway writes itself; a push to one is refused (`reserved-ref`).
inline constexpr std::string_view reserved_ref_prefix = "refs/slipway/";

/// `refs/slipway/deployed/<env>`: the commit that runs in environment `env`.
std::string deployed_ref(std::string_view env);

/// `refs/slipway/rendered/<env>`: the manifests rendered for `env` (render mode).
std::string rendered_ref(std::string_view env);

/// True when `ref` is under reserved_ref_prefix.
bool is_reserved_ref(std::string_view ref);

/// `<git_dir>/slipway.yaml`: the repository's policy, outside the state directory so that
/// removing the state never loses it.
std::filesystem::path policy_file(const std::filesystem::path& git_dir);

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
    /// `<root>/ledger.db`: the ledger (sqlite; its -wal and -shm files beside it).
    std::filesystem::path ledger_file() const { return m_root / "ledger.db"; }
    /// `<root>/cache`: the manifest caches (verdicts, identity stores); safe to delete.
    std::filesystem::path cache() const { return m_root / "cache"; }
    /// `<root>/locks/<env>.lock`: the environment's deploy lock.
    std::filesystem::path lock_file(const std::string& env) const;
    /// `<root>/locks/<env>.groups`: the process groups the running deploy to `env` started
    /// (util::GroupRecorder), for the next deploy to end if this one dies.
    std::filesystem::path process_groups_file(const std::string& env) const;
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

    /// The first path of the state that is a symlink, as lstat(2) sees it: the root itself,
    /// `ledger.db` and its `-wal`, `-shm` and `-journal` files, the directories above
    /// (cache, locks, workspaces, logs, inventory, terraform, tmp) and what each of those holds
    /// directly (a lock file, an environment's log directory, a module's terraform directory).
    /// nullopt when none is; missing paths are fine. Slipway never follows a symlink in its
    /// state: one planted there (or left by an admin) would send the ledger, locks or logs
    /// somewhere else, so the hooks refuse to work until it is replaced.
    std::optional<std::filesystem::path> find_symlink() const;

    /// The sentence that tells an admin what to do about symlink `link` found by
    /// find_symlink(): which path, where it leads, and that Slipway does not follow it.
    std::string symlink_problem(const std::filesystem::path& link) const;

private:
    std::filesystem::path m_root;
};

/// A file-name-safe key for a module directory, after normalize_relative() ("./a/" is "a"):
/// "." gives "_root", characters other than [A-Za-z0-9._-] are %-escaped ("infra/net" gives
/// "infra%2Fnet").
std::string module_key(std::string_view module_dir);

} // namespace slipway::util
