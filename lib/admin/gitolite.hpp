// Repositories gitolite manages: gitolite owns their hooks, so Slipway's go in as
// repo-specific hooks, which only the gitolite admin can switch on.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace slipway::admin {

/// True when gitolite manages the bare repository at `git_dir`: gitolite writes `gl-conf` into
/// every repository it creates, and points its hooks/update at its own
/// (`~/.gitolite/hooks/common/update`).
bool managed_by_gitolite(const std::filesystem::path& git_dir);

/// What an admin does, as the gitolite user, to run the hooks of `bin_dir`
/// (slipway-pre-receive, slipway-post-receive) in gitolite repository `git_dir`, one line each:
/// gitolite's documented repo-specific hooks (docs/install.md, "Behind gitolite").
std::vector<std::string> gitolite_steps(const std::filesystem::path& git_dir,
                                        const std::filesystem::path& bin_dir);

} // namespace slipway::admin
