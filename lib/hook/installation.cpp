// Whether Slipway was ever installed into the repository its hooks run in.
#include "hook/installation.hpp"
#include "util/state_paths.hpp"

#include <system_error>

namespace slipway::hook {

namespace fs = std::filesystem;

namespace {

// True when `hooks/<hook>` of `git_dir` is gitolite's common hook: `gitolite setup` links
// every repository's hook to the one in `~/.gitolite/hooks/common/` or
// `$LOCAL_CODE/hooks/common/`, where repo-specific hooks link it to the multi-hook driver.
bool common_hook(const fs::path& git_dir, const std::string& hook) {
    std::error_code ec;
    const auto link = git_dir / "hooks" / hook;
    if (!fs::is_symlink(fs::symlink_status(link, ec)))
        return false;
    return fs::read_symlink(link, ec).string().find("/hooks/common/") != std::string::npos;
}

} // namespace

std::optional<NotInstalled> not_installed(const fs::path& git_dir, const std::string& hook,
                                          const policy::EnvLookup& env) {
    std::error_code ec;
    const auto state = util::StateDir::for_repository(git_dir).root();
    if (fs::exists(fs::symlink_status(util::policy_file(git_dir), ec)) ||
        fs::exists(fs::symlink_status(state, ec)))
        return std::nullopt;
    const std::string never =
        "Slipway was never installed into " + git_dir.string() + " (no slipway.yaml, no slipway/)";
    const auto gl_repo = env("GL_REPO");
    if (gl_repo && !gl_repo->empty() && common_hook(git_dir, hook))
        return NotInstalled{.left_alone = true,
                            .line = "slipway: " + *gl_repo + " is left alone: " + never +
                                    ", and gitolite runs its hooks for every repository; "
                                    "nothing is judged or recorded"};
    return NotInstalled{
        .left_alone = false,
        .line = "Slipway's hooks run in " + git_dir.string() + ", but " + never,
        .hint = "every push is refused until the repository's owner (under gitolite, the "
                "gitolite user) runs `slipway install " +
                git_dir.string() + " --policy FILE`"};
}

} // namespace slipway::hook
