// The change-control commands: `freeze`/`thaw` an environment, `quarantine`/`unquarantine` a
// commit. Each writes one control record to the ledger: who, when, why.
#include "admin/command.hpp"
#include "admin/repo_ledger.hpp"

#include "git/objects.hpp"
#include "git/oid.hpp"
#include "git/repository.hpp"
#include "git/revision.hpp"
#include "ledger/controls.hpp"
#include "ledger/ledger.hpp"
#include "ledger/timestamp.hpp"
#include "policy/policy.hpp"
#include "util/state_paths.hpp"
#include "view/site.hpp"

#include <cstdlib>
#include <ostream>
#include <pwd.h>
#include <unistd.h>

namespace slipway::admin {

std::string acting_user() {
    if (const char* sudo = std::getenv("SUDO_USER"); sudo && *sudo)
        return sudo;
    if (const passwd* pw = ::getpwuid(::getuid()); pw && pw->pw_name)
        return pw->pw_name;
    return "uid " + std::to_string(::getuid());
}

namespace {

// A freeze or quarantine says why: the reason is what the refused pusher reads.
bool has_reason(const std::string& command, const Args& args, std::ostream& err) {
    if (auto reason = args.value("--reason"); reason && !reason->empty())
        return true;
    err << "slipway " << command << ": --reason TEXT is required (pushers who are refused read "
        << "it)\n";
    return false;
}

int report(const std::string& command, const Status& status, std::ostream& err) {
    if (status)
        return 0;
    err << "slipway " << command << ": " << status.error().message << "\n";
    return 1;
}

// The environment `name` of the repository's policy: freezing one that does not exist would
// record a decision nothing ever reads.
Status known_environment(const git::Repository& repo, const std::string& name) {
    SLIPWAY_TRY_LET(policy, policy::load_policy(util::policy_file(repo.git_dir())));
    if (policy::find_environment(policy->environments, name))
        return {};
    std::string names;
    for (const auto& e : policy->environments)
        names += (names.empty() ? "" : ", ") + e.name;
    return fail("the policy has no environment \"" + name +
                "\" (it has: " + (names.empty() ? std::string("none") : names) + ")");
}

Status freeze(const Args& args, ledger::ControlAction action, std::ostream& out) {
    SLIPWAY_TRY_LET(opened, open_repo_ledger(args.positional[0]));
    const std::string& env = args.positional[1];
    SLIPWAY_TRY(known_environment(opened->repo, env));
    SLIPWAY_TRY_LET(current, ledger::find_freeze(opened->ledger, env));
    const bool freezing = action == ledger::ControlAction::freeze;
    if (!freezing && !*current) {
        out << env << " is not frozen by an operator; nothing recorded (freeze windows of the "
            << "policy are changed in the policy)\n";
        return {};
    }
    ledger::ControlRecord record{.action = action,
                                 .actor = acting_user(),
                                 .environment = env,
                                 .reason = args.value("--reason").value_or("")};
    SLIPWAY_TRY_LET(id, opened->ledger.append(record));
    if (freezing)
        out << "froze " << env << ": pushes that deploy to it are refused ([freeze]) until "
            << "`slipway thaw`; recorded as #" << *id << "\n";
    else
        out << "thawed " << env << " (frozen by " << (*current)->control.actor << " at "
            << ledger::format_utc((*current)->meta.time_ms) << "); recorded as #" << *id << "\n";
    // The status pages show freezes: they say so now, not after the next push.
    view::refresh_site(opened->repo, &opened->ledger,
                       [&](const std::string& line) { out << line << "\n"; });
    return {};
}

Status quarantine(const Args& args, ledger::ControlAction action, std::ostream& out) {
    SLIPWAY_TRY_LET(opened, open_repo_ledger(args.positional[0]));
    SLIPWAY_TRY_LET(oid, git::resolve_revision(opened->repo, args.positional[1]));
    SLIPWAY_TRY_LET(peeled, git::peel(opened->repo, *oid));
    if (peeled->kind != git::ObjectKind::commit)
        return fail(args.positional[1] + " names a " + git::kind_name(peeled->kind) +
                    ", not a commit");
    const std::string commit = git::to_hex(peeled->oid);
    SLIPWAY_TRY_LET(current, ledger::find_quarantine(opened->ledger, commit));
    const bool quarantining = action == ledger::ControlAction::quarantine;
    if (!quarantining && !*current) {
        out << git::short_id(commit) << " is not quarantined by an operator; nothing recorded\n";
        return {};
    }
    ledger::ControlRecord record{.action = action,
                                 .actor = acting_user(),
                                 .commit = commit,
                                 .reason = args.value("--reason").value_or("")};
    SLIPWAY_TRY_LET(id, opened->ledger.append(record));
    if (quarantining)
        out << "quarantined " << commit << ": no environment with promote_from takes it "
            << "([promotion]) until `slipway unquarantine`; recorded as #" << *id << "\n";
    else
        out << "released " << commit << " (quarantined by " << (*current)->control.actor << " at "
            << ledger::format_utc((*current)->meta.time_ms) << "); recorded as #" << *id << "\n";
    return {};
}

} // namespace

std::vector<CliCommand> control_commands() {
    using ledger::ControlAction;
    const ArgSpec with_reason{.valued = {"--reason"}, .min_positional = 2, .max_positional = 2};
    const ArgSpec& optional_reason = with_reason;
    return {
        {.name = "freeze",
         .usage = "<bare-repo> <env> --reason TEXT",
         .summary = "stop every push that would deploy to an environment, until thawed",
         .help = "Records who froze it, when and why. While it is frozen a push that would\n"
                 "deploy there is refused with [freeze], naming them; pushes that deploy\n"
                 "nowhere go on. A member of the policy's break_glass may still push with\n"
                 "`git push -o slipway.break-glass=\"INC-123: why\"`, recorded as such.",
         .spec = with_reason,
         .run =
             [](const Args& a, std::ostream& out, std::ostream& err) {
                 if (!has_reason("freeze", a, err))
                     return 2;
                 return report("freeze", freeze(a, ControlAction::freeze, out), err);
             },
         .repo = RepoAccess::writes},
        {.name = "thaw",
         .usage = "<bare-repo> <env> [--reason TEXT]",
         .summary = "end an operator's freeze of an environment",
         .help = "Freeze windows of the policy are not ended by this: change the policy.",
         .spec = optional_reason,
         .run =
             [](const Args& a, std::ostream& out, std::ostream& err) {
                 return report("thaw", freeze(a, ControlAction::thaw, out), err);
             },
         .repo = RepoAccess::writes},
        {.name = "quarantine",
         .usage = "<bare-repo> <commit> --reason TEXT",
         .summary = "keep a commit from being promoted to any environment",
         .help = "Records who quarantined it, when and why. An environment with promote_from\n"
                 "refuses it with [promotion] until `slipway unquarantine`. A commit reverted\n"
                 "in the source environment is refused without this.",
         .spec = with_reason,
         .run =
             [](const Args& a, std::ostream& out, std::ostream& err) {
                 if (!has_reason("quarantine", a, err))
                     return 2;
                 return report("quarantine", quarantine(a, ControlAction::quarantine, out), err);
             },
         .repo = RepoAccess::writes},
        {.name = "unquarantine",
         .usage = "<bare-repo> <commit> [--reason TEXT]",
         .summary = "release a commit an operator quarantined",
         .spec = optional_reason,
         .run =
             [](const Args& a, std::ostream& out, std::ostream& err) {
                 return report("unquarantine", quarantine(a, ControlAction::unquarantine, out),
                               err);
             },
         .repo = RepoAccess::writes},
    };
}

} // namespace slipway::admin
