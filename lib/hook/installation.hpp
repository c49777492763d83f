// Whether Slipway was ever installed into the repository its hooks run in: a hook gitolite runs
// for every repository (a common hook) leaves the others alone.
#pragma once

#include "policy/identity.hpp"

#include <filesystem>
#include <optional>
#include <string>

namespace slipway::hook {

/// Why the hooks do nothing in a repository.
struct NotInstalled {
    /// True when the push is left alone (accepted, nothing recorded): gitolite runs Slipway's
    /// hook as a common one, for every repository. False: Slipway's hooks were put into this
    /// repository alone, by hand or as gitolite repo-specific hooks, and it must refuse.
    bool left_alone = false;
    std::string line; ///< what the pusher is told: why, or (refused) the error
    std::string hint; ///< for a refusal: what the admin runs
};

/// nullopt when Slipway was installed into `git_dir` (its slipway.yaml or its slipway/ is
/// there, even a state whose ledger was lost: that is refused elsewhere). Otherwise why not,
/// and whether `hook` ("pre-receive", "post-receive") leaves the push alone: under gitolite
/// (GL_REPO in `env`) when `hooks/<hook>` links into a `hooks/common/` directory.
std::optional<NotInstalled> not_installed(const std::filesystem::path& git_dir,
                                          const std::string& hook, const policy::EnvLookup& env);

} // namespace slipway::hook
