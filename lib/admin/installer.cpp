// `slipway install` / `slipway uninstall`.
#include "admin/installer.hpp"

#include "admin/gitolite.hpp"
#include "git/oid.hpp"
#include "git/repository.hpp"
#include "ledger/ledger.hpp"
#include "policy/policy.hpp"
#include "util/embedded.hpp"
#include "util/files.hpp"
#include "util/random.hpp"
#include "util/sharing.hpp"
#include "util/state_paths.hpp"

#include <cstdlib>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

namespace slipway::admin {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view hook_marker = "# Installed by `slipway install`";
const std::vector<std::string> hook_names = {"pre-receive", "post-receive"};

std::string hook_script(const fs::path& executable) {
    std::string quoted = "'";
    for (char c : executable.string())
        quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    quoted += "'";
    return "#!/bin/sh\n" + std::string(hook_marker) + "; `slipway uninstall` removes it.\nexec " +
           quoted + " \"$@\"\n";
}

bool is_ours(const fs::path& hook) {
    auto text = util::read_file(hook);
    return text && text->find(hook_marker) != std::string::npos;
}

std::vector<fs::path> template_roots() {
    std::vector<fs::path> roots;
    if (const char* env = std::getenv("SLIPWAY_TEMPLATES_DIR"); env && *env)
        roots.emplace_back(env);
    roots.push_back(executable_dir().parent_path() / "share" / "slipway" / "templates");
    roots.emplace_back(SLIPWAY_TEMPLATES_INSTALL_DIR);
    roots.emplace_back(SLIPWAY_TEMPLATES_SOURCE_DIR);
    return roots;
}

Result<git::Repository> open_bare(const fs::path& repo) {
    std::error_code ec;
    if (!fs::is_directory(repo, ec))
        return fail("no repository at " + repo.string() + ": not a directory");
    auto r = git::Repository::open(repo);
    if (!r && fs::exists(repo / "HEAD", ec))
        return std::unexpected(r.error()); // a repository, but one libgit2 cannot read
    if (!r)
        return fail(repo.string() + " is not a git repository (create one with `git init --bare " +
                    repo.string() + "`)");
    if (!r->is_bare())
        return fail(repo.string() + " is not a bare repository; Slipway guards the server's "
                                    "repository (`git init --bare`), not a clone with a work tree");
    return r;
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
    for (auto pos = text.find(from); pos != std::string::npos;
         pos = text.find(from, pos + to.size()))
        text.replace(pos, from.size(), to);
    return text;
}

// The policy text to install and a phrase saying where it came from; nullopt text means
// "keep the one in place".
Result<std::pair<std::optional<std::string>, std::string>>
choose_policy(const InstallOptions& options, const git::Repository& repo, const fs::path& target) {
    if (options.policy.file) {
        SLIPWAY_TRY_LET(text, util::read_file(*options.policy.file));
        return std::pair{std::optional<std::string>(*text), options.policy.file->string()};
    }
    auto branch = repo.head_branch();
    const std::string head = branch ? *branch : "refs/heads/master";
    if (options.policy.template_name) {
        SLIPWAY_TRY_LET(text, template_policy(*options.policy.template_name));
        return std::pair{std::optional<std::string>(replace_all(*text, "{{default_branch}}", head)),
                         "template \"" + *options.policy.template_name + "\""};
    }
    std::error_code ec;
    if (fs::exists(target, ec))
        return std::pair{std::optional<std::string>(), std::string("kept")};
    return std::pair{std::optional<std::string>(replace_all(
                         std::string(util::embedded_default_policy()), "{{default_branch}}", head)),
                     "default: " + head + " protected, tags annotated and immutable"};
}

// The refs as they are at install time, confirmed in the ledger: they were not pushed
// through the hooks, and must not be reported as changed behind the ledger's back.
Result<std::string> record_baseline(const git::Repository& repo) {
    SLIPWAY_TRY_LET(
        ledger, ledger::Ledger::open(util::StateDir::for_repository(repo.git_dir()).ledger_file(),
                                     util::Create::yes));
    SLIPWAY_TRY_LET(refs, repo.refs());
    ledger::RefSync sync{.push_id = 0, .source = "baseline"};
    for (const auto& r : *refs)
        if (!util::is_reserved_ref(r.name))
            sync.ref_updates.push_back({.ref = r.name, .new_id = git::to_hex(r.target)});
    SLIPWAY_TRY_LET(id, ledger->append(sync));
    return "ledger: " + ledger->path().string() + " (record #" + std::to_string(*id) +
           ": baseline of " + std::to_string(sync.ref_updates.size()) + " refs)";
}

} // namespace

fs::path executable_dir() {
    std::error_code ec;
    auto self = fs::read_symlink("/proc/self/exe", ec);
    return ec ? fs::current_path() : self.parent_path();
}

Result<std::string> template_policy(const std::string& name) {
    bool safe = !name.empty() && name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-_") ==
                                     std::string::npos;
    std::string available;
    for (const auto& root : template_roots()) {
        std::error_code ec;
        if (!fs::is_directory(root, ec))
            continue;
        if (safe && fs::is_regular_file(root / name / "slipway.yaml", ec))
            return util::read_file(root / name / "slipway.yaml");
        if (available.empty())
            for (const auto& entry : fs::directory_iterator(root, ec))
                if (fs::is_regular_file(entry.path() / "slipway.yaml", ec))
                    available += (available.empty() ? "" : ", ") + entry.path().filename().string();
    }
    return fail("no template named \"" + name + "\"" +
                (available.empty() ? std::string(" (no templates are installed)")
                                   : " (available: " + available + ")"));
}

namespace {

// The policy that will be in place after install (`text`, or the file already there when
// nullopt) must be valid: checked before anything is written.
Status check_policy(const InstallOptions& options, const std::optional<std::string>& text,
                    const fs::path& policy_file) {
    if (text) {
        auto parsed = policy::parse_policy(
            *text, options.policy.file ? options.policy.file->string() : "slipway.yaml");
        if (!parsed)
            return fail("the policy is not valid; nothing was installed:\n" +
                        parsed.error().message);
        return {};
    }
    auto parsed = policy::load_policy(policy_file);
    if (!parsed)
        return fail("the policy already in place is not valid; fix it or install another "
                    "with --policy/--template:\n" +
                    parsed.error().message);
    return {};
}

// The hook executables in `bin_dir`, by hook name; fails when one is missing.
Result<std::vector<std::pair<std::string, fs::path>>> hook_executables(const fs::path& bin_dir) {
    std::vector<std::pair<std::string, fs::path>> out;
    for (const auto& name : hook_names) {
        auto exe = bin_dir / ("slipway-" + name);
        if (::access(exe.c_str(), X_OK) != 0)
            return fail("cannot find the executable " + exe.string() +
                        "; is Slipway installed completely?");
        out.emplace_back(name, exe);
    }
    return out;
}

// The hooks in `hooks_dir` that Slipway did not write; without --force, they refuse install.
Result<std::vector<std::string>> foreign_hooks(const fs::path& hooks_dir, Force force) {
    std::vector<std::string> foreign;
    for (const auto& name : hook_names) {
        std::error_code ec;
        auto hook = hooks_dir / name;
        if (fs::exists(fs::symlink_status(hook, ec)) && !is_ours(hook))
            foreign.push_back(name);
    }
    if (foreign.empty() || force == Force::yes)
        return foreign;
    std::string list;
    for (const auto& f : foreign)
        list += (list.empty() ? "" : ", ") + ("hooks/" + f);
    const bool one = foreign.size() == 1;
    return fail(list + " already exist" + (one ? "s" : "") + " and Slipway did not write " +
                (one ? "it" : "them") + "; rerun with --force to replace " + (one ? "it" : "them") +
                " (kept as <hook>.slipway-backup and restored by `slipway uninstall`)");
}

// Backs up the `foreign` hooks, then writes ours; says what it did in `done`.
Status write_hooks(const fs::path& hooks_dir, const std::vector<std::string>& foreign,
                   const std::vector<std::pair<std::string, fs::path>>& executables,
                   std::vector<std::string>& done) {
    std::error_code ec;
    fs::create_directories(hooks_dir, ec);
    for (const auto& name : foreign) {
        auto hook = hooks_dir / name;
        auto backup = hooks_dir / (name + ".slipway-backup");
        if (fs::exists(fs::symlink_status(backup, ec)))
            return fail("both " + hook.string() + " and its backup " + backup.string() +
                        " exist; move one of them away first");
        fs::rename(hook, backup, ec);
        if (ec)
            return fail("cannot back up " + hook.string() + ": " + ec.message());
        done.push_back("kept the previous hooks/" + name + " as hooks/" + name + ".slipway-backup");
    }
    for (const auto& [name, exe] : executables)
        SLIPWAY_TRY(util::write_file_atomic(hooks_dir / name, hook_script(exe),
                                            fs::perms::owner_all | fs::perms::group_read |
                                                fs::perms::group_exec | fs::perms::others_read |
                                                fs::perms::others_exec));
    return {};
}

// Writes `text` as the policy (a different one in place is kept as slipway.yaml.previous), or
// keeps the one in place when nullopt; says what it did in `done`.
Status write_policy(const fs::path& policy_file, const std::optional<std::string>& text,
                    const std::string& origin, std::vector<std::string>& done) {
    if (!text) {
        done.push_back("policy: " + policy_file.string() + " (already in place, kept)");
        return {};
    }
    std::error_code ec;
    if (fs::exists(policy_file, ec)) {
        auto old = util::read_file(policy_file);
        if (old && *old != *text) {
            SLIPWAY_TRY(
                util::write_file_atomic(policy_file.parent_path() / "slipway.yaml.previous", *old));
            done.push_back("kept the previous policy as slipway.yaml.previous");
        }
    }
    SLIPWAY_TRY(util::write_file_atomic(policy_file, *text));
    done.push_back("policy: " + policy_file.string() + " (" + origin + ")");
    return {};
}

std::string owner_name(uid_t uid) {
    if (const passwd* pw = ::getpwuid(uid); pw && pw->pw_name)
        return pw->pw_name;
    return std::to_string(uid);
}

// Makes `state` the repository's group's to write; a warning line naming what it could not
// change (another user's), nullopt when all is shared.
std::optional<std::string> share_state(const fs::path& git_dir, const fs::path& state) {
    struct stat st {};
    if (::stat(git_dir.c_str(), &st) != 0)
        return std::nullopt;
    const auto refused = util::share_tree(state, st.st_gid);
    if (refused.empty())
        return std::nullopt;
    return "warning: core.sharedRepository is set, but " + std::to_string(refused.size()) +
           " path(s) of the state are another user's and stay as they are (" +
           refused.front().string() + " first); `chown -R " + owner_name(st.st_uid) + " " +
           state.string() + "` as root, then install again";
}

} // namespace

Result<std::vector<std::string>> install(const InstallOptions& options) {
    SLIPWAY_TRY_LET(repo, open_bare(options.repo));
    const fs::path git_dir = repo->git_dir();
    // A repository a group shares (core.sharedRepository): the state and the ledger made here
    // are the group's too.
    const auto sharing = util::parse_sharing(repo->config_string("core.sharedRepository"));
    util::adopt_sharing(sharing);
    if (auto hooks_path = repo->config_string("core.hooksPath"))
        return fail("core.hooksPath is set to " + *hooks_path + " in " + git_dir.string() +
                    "; git would not run hooks from " + (git_dir / "hooks").string() +
                    ". Unset it (git config --unset core.hooksPath) and install again");

    // Everything is checked before anything is written.
    const auto policy_file = util::policy_file(git_dir);
    SLIPWAY_TRY_LET(chosen, choose_policy(options, *repo, policy_file));
    const auto& [policy_text, policy_origin] = *chosen;
    SLIPWAY_TRY(check_policy(options, policy_text, policy_file));
    SLIPWAY_TRY_LET(executables, hook_executables(options.bin_dir));
    const fs::path hooks_dir = git_dir / "hooks";
    // gitolite's hooks are gitolite's, and --no-hooks leaves a forge's alone: not foreign hooks
    // to refuse or back up.
    const bool hooks_elsewhere = managed_by_gitolite(git_dir) || !options.write_hooks;
    auto foreign = hooks_elsewhere ? Result<std::vector<std::string>>()
                                   : foreign_hooks(hooks_dir, options.force);
    if (!foreign)
        return std::unexpected(foreign.error());

    std::vector<std::string> done;
    // gitolite replaces the hooks of its repositories with its own driver on its next
    // compile (and deletes what it does not know): Slipway's go in as repo-specific hooks,
    // which only a push of gitolite-admin can switch on.
    if (managed_by_gitolite(git_dir)) {
        for (auto& line : gitolite_steps(git_dir, options.bin_dir))
            done.push_back(std::move(line));
    } else if (!options.write_hooks) {
        done.push_back("hooks: none written (--no-hooks); the forge's hook directory runs " +
                       (options.bin_dir / "slipway-pre-receive").string() + " and " +
                       (options.bin_dir / "slipway-post-receive").string());
    } else {
        SLIPWAY_TRY(write_hooks(hooks_dir, *foreign, *executables, done));
        done.push_back("hooks: pre-receive, post-receive → " + options.bin_dir.string());
    }
    SLIPWAY_TRY(write_policy(policy_file, policy_text, policy_origin, done));
    std::error_code ec;
    const auto state = util::StateDir::for_repository(git_dir).root();
    fs::create_directories(state, ec);
    if (ec)
        return fail("cannot create " + state.string() + ": " + ec.message());
    // A repository shared after its state was made (or by an older Slipway): what the state
    // holds becomes the group's, so another member's deploy can take its locks and workspaces.
    if (sharing != util::Sharing::none)
        if (auto line = share_state(git_dir, state))
            done.push_back(*line);
    // `git push -o slipway.prune=N` only reaches the hooks when the server advertises options.
    SLIPWAY_TRY(repo->set_config_bool("receive.advertisePushOptions", true));
    // git offers and verifies signed pushes (`git push --signed`) only with a nonce seed: a
    // secret of this repository, kept once made.
    if (!repo->config_string("receive.certNonceSeed")) {
        SLIPWAY_TRY_LET(seed, util::random_hex(32));
        SLIPWAY_TRY(repo->set_config_string("receive.certNonceSeed", *seed));
    }
    SLIPWAY_TRY_LET(baseline, record_baseline(*repo));
    done.push_back(*baseline);
    done.insert(done.begin(), "slipway: installed into " + git_dir.string());
    return done;
}

Result<std::vector<std::string>> uninstall(const fs::path& repo_path) {
    SLIPWAY_TRY_LET(repo, open_bare(repo_path));
    const fs::path git_dir = repo->git_dir();
    const fs::path hooks_dir = git_dir / "hooks";
    if (managed_by_gitolite(git_dir))
        return fail("gitolite manages " + git_dir.string() +
                    " and runs Slipway's hooks as repo-specific hooks: remove `option "
                    "hook.pre-receive = slipway-pre-receive` and `option hook.post-receive = "
                    "slipway-post-receive` from its block in gitolite.conf and push "
                    "gitolite-admin; slipway.yaml and slipway/ (the ledger) stay");
    std::vector<std::string> done{"slipway: uninstalled from " + git_dir.string()};
    for (const auto& name : hook_names) {
        std::error_code ec;
        auto hook = hooks_dir / name;
        auto backup = hooks_dir / (name + ".slipway-backup");
        bool present = fs::exists(fs::symlink_status(hook, ec));
        if (present && !is_ours(hook)) {
            done.push_back("hooks/" + name + " was not written by Slipway; left as it is");
            continue;
        }
        if (present) {
            fs::remove(hook, ec);
            if (ec)
                return fail("cannot remove " + hook.string() + ": " + ec.message());
        }
        if (fs::exists(fs::symlink_status(backup, ec))) {
            fs::rename(backup, hook, ec);
            if (ec)
                return fail("cannot restore " + backup.string() + ": " + ec.message());
            done.push_back("hooks/" + name + ": restored the hook that was there before");
        } else if (present) {
            done.push_back("hooks/" + name + ": removed");
        }
    }
    done.push_back("kept slipway.yaml and slipway/ (ledger, logs); remove them by hand if they are "
                   "no longer needed");
    return done;
}

} // namespace slipway::admin
