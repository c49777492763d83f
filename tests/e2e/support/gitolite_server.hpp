// E2E harness: gitolite3 in a temp HOME, reached over its own sshd, Slipway as a repo-specific
// hook.
#pragma once

#include "support/server_process.hpp"
#include "support/ssh_server.hpp"

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace slipway::e2e {

/// gitolite3 in its own HOME (`<root>/gitolite/home`), set up as gitolite documents
/// (`gitolite setup -pk admin.pub`), with LOCAL_CODE and the `repo-specific-hooks` feature
/// enabled in its rc, reached over its own SshServer (named "gitolite"; its authorized_keys
/// is the one gitolite writes). Configured the documented way: through pushes of a clone of
/// gitolite-admin (in `<root>/gitolite/admin`).
class GitoliteServer {
public:
    static std::vector<Program> programs();
    static std::string missing();

    /// Sets up gitolite with the admin key "admin" and one key per name in `users` (their
    /// gitolite user name, GL_USER, is the key name); `env` goes to the sessions, so to the
    /// hooks (see SshServer::Options::env).
    GitoliteServer(const Sandbox& sb, std::vector<std::string> users,
                   std::map<std::string, std::string> env = {});

    /// Adds repository `name` to gitolite.conf with the access rules `rules` (lines such as
    /// "RW+ = alice"), and pushes the change, which makes gitolite create it.
    void add_repo(const std::string& name, const std::vector<std::string>& rules);
    /// Installs Slipway into repository `name` with `slipway install <repo> <install_args>`,
    /// then hands its hooks to gitolite as repo-specific hooks (scripts in
    /// LOCAL_CODE/hooks/repo-specific, `option hook.pre-receive = slipway-pre-receive` and
    /// `option hook.post-receive = slipway-post-receive` in gitolite.conf, pushed), the steps
    /// `slipway install` prints for a gitolite repository; gitolite's multi-hook driver then
    /// runs them.
    void install_slipway(const std::string& name, const std::string& install_args = "");
    /// The second half of install_slipway(): the option lines for `name` in gitolite.conf,
    /// pushed, without `slipway install` (an admin who skipped it).
    void enable_slipway_hooks(const std::string& name);
    /// Slipway as gitolite's common pre-receive and post-receive hooks, for every repository,
    /// the way gitolite documents common hooks: scripts in LOCAL_CODE/hooks/common, then
    /// `gitolite setup --hooks-only`.
    void install_common_hooks();
    /// Pushes a commit changing nothing but its message to gitolite-admin, as the admin;
    /// returns the push's output.
    Run push_admin(const std::string& message);

    /// The HOME the hooks run with: gitolite's own.
    const std::filesystem::path& hook_home() const { return m_home; }
    /// The bare repository gitolite keeps for `name`.
    std::filesystem::path repo_path(const std::string& name) const;
    /// The URL `user` pushes `name` with.
    std::string url(const std::string& user, const std::string& name) const;
    SshServer& ssh() { return *m_ssh; }

private:
    void push_conf(const std::string& message);

    const Sandbox& m_sb;
    std::filesystem::path m_home;
    std::vector<std::string> m_users;
    /// repository -> its lines in gitolite.conf, in the order added
    std::vector<std::pair<std::string, std::string>> m_repos;
    std::unique_ptr<SshServer> m_ssh;
};

} // namespace slipway::e2e
