// The CLI commands that set a repository up: install, uninstall, policy check.
#include "admin/command.hpp"
#include "admin/installer.hpp"
#include "policy/manifests.hpp"
#include "policy/policy.hpp"

#include <ostream>

namespace slipway::admin {

namespace {

int run_install(const Args& args, std::ostream& out, std::ostream& err) {
    InstallOptions options;
    options.repo = args.positional[0];
    options.force = args.flag("--force") ? Force::yes : Force::no;
    options.write_hooks = !args.flag("--no-hooks");
    if (!options.write_hooks && options.force == Force::yes) {
        err << "slipway install: --no-hooks leaves hooks/ alone; --force would replace its "
               "hooks: give one of them\n";
        return 2;
    }
    options.bin_dir = executable_dir();
    if (auto f = args.value("--policy"))
        options.policy.file = *f;
    if (auto t = args.value("--template"))
        options.policy.template_name = *t;
    if (options.policy.file && options.policy.template_name) {
        err << "slipway install: give either --policy or --template, not both\n";
        return 2;
    }
    auto done = install(options);
    if (!done) {
        err << "slipway install: " << done.error().message << "\n";
        return 1;
    }
    for (const auto& line : *done)
        out << line << "\n";
    return 0;
}

int run_uninstall(const Args& args, std::ostream& out, std::ostream& err) {
    auto done = uninstall(args.positional[0]);
    if (!done) {
        err << "slipway uninstall: " << done.error().message << "\n";
        return 1;
    }
    for (const auto& line : *done)
        out << line << "\n";
    return 0;
}

int run_policy_check(const Args& args, std::ostream& out, std::ostream& err) {
    auto policy = policy::load_policy(args.positional[0]);
    if (!policy) {
        err << policy.error().message << "\n";
        return 1;
    }
    if (auto schemas = policy::check_schema_sources(policy->manifests, args.positional[0]);
        !schemas) {
        err << schemas.error().message << "\n";
        return 1;
    }
    const std::filesystem::path policy_file(args.positional[0]);
    if (auto keyring = policy::check_signing_files(policy->signing, policy_file.parent_path(),
                                                   args.positional[0]);
        !keyring) {
        err << keyring.error().message << "\n";
        return 1;
    }
    if (auto nothing = policy::manifests_judge_nothing(policy->manifests, policy->environments))
        err << args.positional[0] << ": warning: " << *nothing << "\n";
    const auto rules = policy->refs.size(), envs = policy->environments.size();
    out << args.positional[0] << ": ok (" << rules << (rules == 1 ? " ref rule, " : " ref rules, ")
        << envs << (envs == 1 ? " environment)\n" : " environments)\n");
    return 0;
}

} // namespace

std::vector<CliCommand> setup_commands() {
    return {
        {.name = "install",
         .usage = "<bare-repo> [--policy FILE | --template NAME] [--force | --no-hooks]",
         .summary = "install the hooks and a policy into a bare repository",
         .help = "Writes hooks/pre-receive and hooks/post-receive (running this build's\n"
                 "executables by absolute path) and the policy <bare-repo>/slipway.yaml.\n"
                 "The policy is validated first; nothing is changed if it is broken.\n\n"
                 "  --policy FILE     install FILE as the policy\n"
                 "  --template NAME   install a shipped template's policy (infrastructure,\n"
                 "                    deployment, default)\n"
                 "  --force           replace hooks Slipway did not write (kept as\n"
                 "                    <hook>.slipway-backup; `slipway uninstall` restores them)\n"
                 "  --no-hooks        leave hooks/ alone (a forge's: GitLab, Gitea); write the\n"
                 "                    policy and state, and run the hooks from the forge's own\n"
                 "                    hook directory (docs/servers.md)\n\n"
                 "Without --policy or --template, a policy already in place is kept, and a\n"
                 "repository without one gets the default: the default branch protected (no\n"
                 "force-push, no deletion), tags annotated and immutable. refs/slipway/* is\n"
                 "always reserved. Running install twice is harmless.\n\n"
                 "Run as root on a repository another user owns, it runs as that user (the\n"
                 "one the git server runs the hooks as), so everything it writes is theirs;\n"
                 "a --policy FILE must then be readable by them.",
         .spec = {.flags = {"--force", "--no-hooks"},
                  .valued = {"--policy", "--template"},
                  .min_positional = 1,
                  .max_positional = 1},
         .run = run_install,
         .repo = RepoAccess::writes},
        {.name = "uninstall",
         .usage = "<bare-repo>",
         .summary = "remove the hooks, restoring any hook that was there before",
         .help = "The policy (slipway.yaml) and the state directory (slipway/: ledger, logs)\n"
                 "are kept: the ledger is audit evidence.",
         .spec = {.min_positional = 1, .max_positional = 1},
         .run = run_uninstall,
         .repo = RepoAccess::writes},
        {.name = "policy check",
         .usage = "FILE",
         .summary = "validate a policy file; every problem is reported with line:col",
         .help = "Exits 0 when FILE is a valid policy, 1 otherwise.",
         .spec = {.min_positional = 1, .max_positional = 1},
         .run = run_policy_check},
    };
}

} // namespace slipway::admin
