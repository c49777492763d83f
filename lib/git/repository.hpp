// An open repository (quarantine-aware in hooks), its refs and its config.
#pragma once

#include "git/handles.hpp"
#include "util/result.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace slipway::git {

/// One ref as stored: its name and the object it points at (symbolic refs resolved).
struct RefEntry {
    std::string name;
    git_oid target;
};

/// Owns one git_repository.
class Repository {
public:
    /// Opens the repository the way git's own commands do, from GIT_DIR and friends; inside a
    /// hook this is the only way to see the objects of a push still in quarantine.
    static Result<Repository> open_from_env();
    /// Opens the repository at `path` (a bare repo or a work tree's .git).
    static Result<Repository> open(const std::filesystem::path& path);

    /// The repository's git directory, without a trailing slash.
    std::filesystem::path git_dir() const;
    bool is_bare() const;
    /// The raw handle, for the git/ layer's free functions. Still owned by this object.
    git_repository* raw() const { return m_repo.get(); }

    /// The object `name` points at (symbolic refs followed); nullopt when it does not exist.
    Result<std::optional<git_oid>> ref_target(const std::string& name) const;
    /// Every ref under refs/ (HEAD excluded), symbolic ones resolved; dangling ones skipped.
    Result<std::vector<RefEntry>> refs() const;
    /// The branch HEAD names ("refs/heads/main"), even when it has no commit yet.
    Result<std::string> head_branch() const;
    /// The value of config `key`, or nullopt when unset.
    std::optional<std::string> config_string(const std::string& key) const;
    /// Sets `key` to `value` in the repository's own config file.
    Status set_config_bool(const std::string& key, bool value) const;
    /// Sets `key` to `value` in the repository's own config file.
    Status set_config_string(const std::string& key, const std::string& value) const;

private:
    explicit Repository(RepositoryPtr repo)
        : m_repo(std::move(repo)) {}
    RepositoryPtr m_repo;
};

} // namespace slipway::git
