// Repositories gitolite manages.
#include "admin/gitolite.hpp"

#include <system_error>

namespace slipway::admin {

namespace fs = std::filesystem;

bool managed_by_gitolite(const fs::path& git_dir) {
    std::error_code ec;
    if (fs::exists(git_dir / "gl-conf", ec))
        return true;
    const auto update = git_dir / "hooks" / "update";
    if (!fs::is_symlink(fs::symlink_status(update, ec)))
        return false;
    return fs::read_symlink(update, ec).string().find("/.gitolite/hooks/") != std::string::npos;
}

std::vector<std::string> gitolite_steps(const fs::path& git_dir, const fs::path& bin_dir) {
    const std::string name = git_dir.filename().replace_extension().string();
    return {
        "gitolite manages " + git_dir.string() +
            " and owns its hooks: hooks/ was left to it. To run Slipway's, as the gitolite "
            "user:",
        "  1. in ~/.gitolite.rc, set LOCAL_CODE => \"$ENV{HOME}/local\" and enable "
        "'repo-specific-hooks';",
        "  2. write ~/local/hooks/repo-specific/slipway-pre-receive and slipway-post-receive, "
        "executable, each `exec " +
            (bin_dir / "slipway-pre-receive").string() + " \"$@\"` (and " +
            (bin_dir / "slipway-post-receive").string() + ");",
        "  3. in gitolite.conf, under `repo " + name +
            "`, add `option hook.pre-receive = slipway-pre-receive` and `option "
            "hook.post-receive = slipway-post-receive`, and push gitolite-admin.",
        "  (docs/install.md, \"Behind gitolite\"; `slipway uninstall` is then: remove the two "
        "option lines and push gitolite-admin)",
    };
}

} // namespace slipway::admin
