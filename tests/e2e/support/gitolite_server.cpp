// E2E harness: gitolite3 in a temp HOME, reached over its own sshd, Slipway as a repo-specific
// hook.
#include "support/gitolite_server.hpp"

#include <algorithm>

namespace slipway::e2e {

namespace fs = std::filesystem;

std::vector<Program> GitoliteServer::programs() {
    auto out = SshServer::programs();
    out.push_back({"gitolite", "gitolite3"});
    return out;
}

std::string GitoliteServer::missing() {
    return missing_programs("gitolite3", programs());
}

GitoliteServer::GitoliteServer(const Sandbox& sb, std::vector<std::string> users,
                               std::map<std::string, std::string> env)
    : m_sb(sb)
    , m_home(sb.root() / "gitolite" / "home")
    , m_users(std::move(users)) {
    fs::create_directories(m_home);
    const std::map<std::string, std::string> as_gitolite = {{"HOME", m_home.string()},
                                                            {"USER", server_account()}};
    // The admin's key file name is the admin's gitolite name.
    write_text(sb.root() / "gitolite" / "admin.pub", ssh_key(sb, "admin").public_key + "\n");
    sb.ok("gitolite setup -pk " + quote((sb.root() / "gitolite" / "admin.pub").string()) + " 2>&1",
          as_gitolite);

    // Repo-specific hooks, as gitolite's rc documents them: LOCAL_CODE, and the feature enabled.
    auto rc = read_text(m_home / ".gitolite.rc");
    for (auto [from, to] : {std::pair<std::string, std::string>{
                                "# LOCAL_CODE                =>  \"$ENV{HOME}/local\",",
                                "LOCAL_CODE                =>  \"$ENV{HOME}/local\","},
                            {"# 'repo-specific-hooks',", "'repo-specific-hooks',"}}) {
        auto at = rc.find(from);
        INFO("gitolite's rc has no line " << from);
        REQUIRE(at != std::string::npos);
        rc.replace(at, from.size(), to);
    }
    write_text(m_home / ".gitolite.rc", rc);
    const auto exec = fs::perms::owner_all;
    for (const std::string hook : {"pre-receive", "post-receive"})
        write_text(m_home / "local" / "hooks" / "repo-specific" / ("slipway-" + hook),
                   "#!/bin/sh\n# Slipway's " + hook + " as a gitolite repo-specific hook.\nexec " +
                       quote(Sandbox::bin("slipway-" + hook)) + " \"$@\"\n",
                   exec);

    std::vector<std::string> keys = {"admin"};
    keys.insert(keys.end(), m_users.begin(), m_users.end());
    m_ssh = std::make_unique<SshServer>(
        sb, SshServer::Options{.name = "gitolite",
                               .logins = {},
                               .authorized_keys = m_home / ".ssh" / "authorized_keys",
                               .client_keys = keys,
                               .home = m_home,
                               .env = std::move(env)});

    sb.ok("git clone -q " + quote(m_ssh->url("admin", "gitolite-admin")) + " gitolite/admin");
    for (const auto& user : m_users)
        write_text(sb.root() / "gitolite" / "admin" / "keydir" / (user + ".pub"),
                   ssh_key(sb, user).public_key + "\n");
    m_repos = {{"gitolite-admin", "    RW+ = admin\n"}};
    push_conf("keys of " + std::to_string(m_users.size()) + " users");
}

void GitoliteServer::push_conf(const std::string& message) {
    std::string conf;
    for (const auto& [name, lines] : m_repos)
        conf += "repo " + name + "\n" + lines;
    write_text(m_sb.root() / "gitolite" / "admin" / "conf" / "gitolite.conf", conf);
    m_sb.ok("git add -A && git commit -qm " + quote(message) + " && git push -q origin master 2>&1",
            {}, "gitolite/admin");
}

void GitoliteServer::add_repo(const std::string& name, const std::vector<std::string>& rules) {
    std::string lines;
    for (const auto& rule : rules)
        lines += "    " + rule + "\n";
    m_repos.emplace_back(name, lines);
    push_conf("repo " + name);
}

void GitoliteServer::install_slipway(const std::string& name, const std::string& install_args) {
    // `slipway install` sees the repository is gitolite's: it writes the policy, state and
    // baseline, leaves hooks/ to gitolite and prints the steps done here by hand (the scripts
    // in LOCAL_CODE/hooks/repo-specific, written at setup, and the option lines, pushed).
    m_sb.ok("slipway install " + quote(repo_path(name).string()) + " " + install_args +
            " >/dev/null");
    enable_slipway_hooks(name);
}

void GitoliteServer::enable_slipway_hooks(const std::string& name) {
    auto at = std::find_if(m_repos.begin(), m_repos.end(),
                           [&](const auto& repo) { return repo.first == name; });
    REQUIRE(at != m_repos.end());
    at->second += "    option hook.pre-receive = slipway-pre-receive\n"
                  "    option hook.post-receive = slipway-post-receive\n";
    push_conf("slipway hooks for " + name);
    for (const std::string hook : {"pre-receive", "post-receive"}) {
        INFO("gitolite did not take over hooks/" << hook << " of " << name);
        REQUIRE(fs::is_symlink(repo_path(name) / "hooks" / hook));
        REQUIRE(fs::is_symlink(repo_path(name) / "hooks" / (hook + ".h00-slipway-" + hook)));
    }
}

void GitoliteServer::install_common_hooks() {
    for (const std::string hook : {"pre-receive", "post-receive"})
        write_text(m_home / "local" / "hooks" / "common" / hook,
                   "#!/bin/sh\n# Slipway's " + hook + " as a gitolite common hook.\nexec " +
                       quote(Sandbox::bin("slipway-" + hook)) + " \"$@\"\n",
                   fs::perms::owner_all);
    m_sb.ok("gitolite setup --hooks-only 2>&1",
            {{"HOME", m_home.string()}, {"USER", server_account()}});
    for (const std::string repo : {"gitolite-admin"}) {
        INFO("gitolite did not link its common pre-receive into " << repo);
        REQUIRE(fs::is_symlink(repo_path(repo) / "hooks" / "pre-receive"));
    }
}

Run GitoliteServer::push_admin(const std::string& message) {
    return m_sb.sh("git commit -q --allow-empty -m " + quote(message) +
                       " && git push origin master 2>&1",
                   {}, "gitolite/admin");
}

fs::path GitoliteServer::repo_path(const std::string& name) const {
    return m_home / "repositories" / (name + ".git");
}

std::string GitoliteServer::url(const std::string& user, const std::string& name) const {
    return m_ssh->url(user, name);
}

} // namespace slipway::e2e
