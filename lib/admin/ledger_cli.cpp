// The CLI commands that read the ledger: status, log, show, audit verify/head/ack/backup/
// restore/rebaseline.
#include "admin/command.hpp"
#include "admin/ledger_commands.hpp"
#include "admin/repo_ledger.hpp"
#include "git/history.hpp"
#include "git/objects.hpp"
#include "git/oid.hpp"
#include "git/repository.hpp"
#include "ledger/backup.hpp"
#include "ledger/controls.hpp"
#include "ledger/disagreement.hpp"
#include "ledger/ledger.hpp"
#include "ledger/timestamp.hpp"
#include "policy/policy.hpp"
#include "util/glob.hpp"
#include "util/state_paths.hpp"

#include <ostream>

namespace slipway::admin {

namespace {

Format format_of(const Args& args) {
    return args.flag("--json") ? Format::json : Format::text;
}

// Maps a command's result to an exit code, reporting errors on `err`.
int finish(const std::string& command, const Result<int>& result, std::ostream& err) {
    if (!result) {
        err << "slipway " << command << ": " << result.error().message << "\n";
        return 1;
    }
    return *result;
}

int run_status_command(const Args& args, std::ostream& out, std::ostream& err) {
    auto opened = open_repo_ledger(args.positional[0]);
    if (!opened)
        return finish("status", std::unexpected(opened.error()), err);
    // Every status looks at the whole file: an operator learns of damage here first.
    auto damage = opened->ledger.check_integrity();
    if (!damage)
        return finish("status", std::unexpected(damage.error()), err);
    if (*damage)
        return finish(
            "status",
            fail("the ledger " + opened->ledger.path().string() + " is damaged: " + **damage +
                 "; restore it from a backup (`slipway audit restore`) or, without "
                 "one, salvage it with sqlite3 (`.recover`, or `.dump`); see docs/ledger.md, "
                 "\"Recovery\""),
            err);
    auto policy = policy::load_policy(util::policy_file(opened->repo.git_dir()));
    if (!policy)
        return finish("status", std::unexpected(policy.error()), err);
    const auto envs = view::environment_specs(*policy);
    const auto pending = view::pending_in_repository(opened->repo, *policy);
    StatusOptions options;
    if (auto at = args.value("--at")) {
        auto ms = parse_since(*at, ledger::now_ms());
        if (!ms) {
            err << "slipway status: --at: " << ms.error().message << "\n";
            return 2;
        }
        options.at_ms = *ms;
    }
    return finish("status",
                  run_status(opened->ledger, envs, pending, format_of(args), out, options), err);
}

int run_log_command(const Args& args, std::ostream& out, std::ostream& err) {
    auto opened = open_repo_ledger(args.positional[0]);
    if (!opened)
        return finish("log", std::unexpected(opened.error()), err);
    ledger::LogFilter filter;
    filter.environment = args.value("--env");
    filter.ref = args.value("--ref");
    filter.user = args.value("--user");
    filter.rejected_only = args.flag("--rejected");
    if (auto since = args.value("--since")) {
        auto ms = parse_since(*since, ledger::now_ms());
        if (!ms) {
            err << "slipway log: --since: " << ms.error().message << "\n";
            return 2;
        }
        filter.since_ms = *ms;
    }
    if (auto limit = args.value("--limit")) {
        try {
            filter.limit = std::stoul(*limit);
        } catch (const std::exception&) {
            err << "slipway log: --limit takes a number\n";
            return 2;
        }
    }
    return finish("log", run_log(opened->ledger, filter, format_of(args), out), err);
}

int run_show_command(const Args& args, std::ostream& out, std::ostream& err) {
    auto id = parse_record_id(args.positional[1]);
    if (!id) {
        err << "slipway show: " << id.error().message << "\n";
        return 2;
    }
    auto opened = open_repo_ledger(args.positional[0]);
    if (!opened)
        return finish("show", std::unexpected(opened.error()), err);
    return finish("show", run_show(opened->ledger, *id, format_of(args), out), err);
}

int run_verify_command(const Args& args, std::ostream& out, std::ostream& err) {
    auto opened = open_repo_ledger(args.positional[0]);
    if (!opened)
        return finish("audit verify", std::unexpected(opened.error()), err);
    return finish("audit verify",
                  run_audit_verify(opened->ledger, args.value("--head"), format_of(args), out),
                  err);
}

int run_head_command(const Args& args, std::ostream& out, std::ostream& err) {
    auto opened = open_repo_ledger(args.positional[0]);
    if (!opened)
        return finish("audit head", std::unexpected(opened.error()), err);
    return finish("audit head", run_audit_head(opened->ledger, format_of(args), out), err);
}

// `audit ack --break-glass ID`: records that an admin reviewed break-glass push `id`.
Status acknowledge_break_glass(ledger::Ledger& ledger, const std::string& id_text,
                               const std::string& reason, std::ostream& out) {
    SLIPWAY_TRY_LET(id, parse_record_id(id_text));
    SLIPWAY_TRY_LET(open, ledger::unacknowledged_break_glass(ledger));
    for (const auto& p : *open) {
        if (p.meta.id != *id)
            continue;
        SLIPWAY_TRY_LET(recorded, ledger.append(ledger::ControlRecord{
                                      .action = ledger::ControlAction::acknowledge,
                                      .actor = acting_user(),
                                      .reason = reason,
                                      .subject_id = *id}));
        out << "acknowledged the break-glass push #" << *id << " by " << p.push.pusher << " ("
            << ledger::format_utc(p.meta.time_ms) << "); recorded as #" << *recorded << "\n";
        return {};
    }
    std::string listed;
    for (const auto& p : *open)
        listed += (listed.empty() ? "" : ", ") + ("#" + std::to_string(p.meta.id));
    return fail("record #" + std::to_string(*id) +
                " is no break-glass push waiting for acknowledgment (waiting: " +
                (listed.empty() ? std::string("none") : listed) + ")");
}

int run_ack_command(const Args& args, std::ostream& out, std::ostream& err) {
    auto opened = open_repo_ledger(args.positional[0]);
    if (!opened)
        return finish("audit ack", std::unexpected(opened.error()), err);
    if (auto push = args.value("--break-glass")) {
        auto done = acknowledge_break_glass(opened->ledger, *push,
                                            args.value("--reason").value_or(""), out);
        if (!done)
            return finish("audit ack", std::unexpected(done.error()), err);
        return 0;
    }
    auto refs = opened->repo.refs();
    if (!refs)
        return finish("audit ack", std::unexpected(refs.error()), err);
    std::map<std::string, std::string> current;
    for (const auto& r : *refs)
        current[r.name] = git::to_hex(r.target);
    ledger::DisagreementOptions options;
    options.settle_time = std::chrono::milliseconds(0);
    auto found = ledger::find_disagreements(opened->ledger, current, options);
    if (!found)
        return finish("audit ack", std::unexpected(found.error()), err);
    if (found->empty()) {
        out << "nothing to acknowledge: every ref agrees with the ledger\n";
        return 0;
    }
    ledger::RefSync sync{.push_id = 0, .source = "acknowledged"};
    for (const auto& d : *found) {
        sync.ref_updates.push_back(
            {.ref = d.ref, .old_id = d.ledger_value, .new_id = d.repository_value});
        out << "acknowledged " << d.ref << ": " << d.message << "\n";
    }
    auto id = opened->ledger.append(sync);
    if (!id)
        return finish("audit ack", std::unexpected(id.error()), err);
    out << "recorded as #" << *id << "\n";
    return 0;
}

Result<ledger::RefSnapshot> ref_snapshot(const git::Repository& repo) {
    SLIPWAY_TRY_LET(refs, repo.refs());
    ledger::RefSnapshot snapshot;
    for (const auto& r : *refs)
        snapshot[r.name] = git::to_hex(r.target);
    return snapshot;
}

std::string short_id(const std::string& hex) {
    return hex.empty() ? "(none)" : hex.substr(0, 12);
}

void describe_backup(const ledger::BackupInfo& info, std::ostream& out) {
    out << info.records << " records, head #" << info.head.id << " " << info.head.hash << ", "
        << info.refs.size() << " refs, taken " << ledger::format_utc(info.taken_ms) << "\n";
}

int run_backup_command(const Args& args, std::ostream& out, std::ostream& err) {
    auto opened = open_repo_ledger(args.positional[0]);
    if (!opened)
        return finish("audit backup", std::unexpected(opened.error()), err);
    // The refs first, then the records: see ledger::write_backup().
    auto refs = ref_snapshot(opened->repo);
    if (!refs)
        return finish("audit backup", std::unexpected(refs.error()), err);
    auto info = ledger::write_backup(opened->ledger, *refs, args.positional[1], ledger::now_ms());
    if (!info)
        return finish("audit backup", std::unexpected(info.error()), err);
    out << "backup: " << args.positional[1] << ": ";
    describe_backup(*info, out);
    return 0;
}

// What moved in the repository since the backup was taken: the pushes its records miss.
void report_moved_since(const ledger::RefSnapshot& then, const ledger::RefSnapshot& now,
                        std::ostream& out) {
    std::vector<std::string> lines;
    for (const auto& [name, target] : now)
        if (auto it = then.find(name); it == then.end() || it->second != target)
            lines.push_back(name + ": " + (it == then.end() ? "(none)" : short_id(it->second)) +
                            " -> " + short_id(target));
    for (const auto& [name, target] : then)
        if (!now.contains(name))
            lines.push_back(name + ": " + short_id(target) + " -> (deleted)");
    if (lines.empty()) {
        out << "since the backup: no ref moved\n";
        return;
    }
    out << "since the backup: " << lines.size() << (lines.size() == 1 ? " ref" : " refs")
        << " moved, and the restored ledger does not record how:\n";
    for (const auto& line : lines)
        out << "  " << line << "\n";
    out << "review them (the git server's own logs, the pushers), then run `slipway audit ack "
           "<repo>` to record them; until then every push reports them\n";
}

int run_restore_command(const Args& args, std::ostream& out, std::ostream& err) {
    const std::string& path = args.positional[0];
    auto repo = git::Repository::open(path);
    if (!repo)
        return finish("audit restore", fail(path + " is not a git repository"), err);
    auto info = ledger::read_backup(args.positional[1]);
    if (!info)
        return finish("audit restore", std::unexpected(info.error()), err);
    auto now = ref_snapshot(*repo);
    if (!now)
        return finish("audit restore", std::unexpected(now.error()), err);
    const auto file = util::StateDir::for_repository(repo->git_dir()).ledger_file();
    auto kept = ledger::restore_backup(args.positional[1], file, ledger::now_ms());
    if (!kept)
        return finish("audit restore", std::unexpected(kept.error()), err);
    out << "restored " << file.string() << " from " << args.positional[1] << ": ";
    describe_backup(*info, out);
    if (*kept)
        out << "the ledger it replaced is kept at " << (*kept)->string() << "\n";
    report_moved_since(info->refs, *now, out);
    return 0;
}

int run_rebaseline_command(const Args& args, std::ostream& out, std::ostream& err) {
    const std::string& path = args.positional[0];
    auto repo = git::Repository::open(path);
    if (!repo)
        return finish("audit rebaseline", fail(path + " is not a git repository"), err);
    const auto file = util::StateDir::for_repository(repo->git_dir()).ledger_file();
    std::error_code ec;
    if (std::filesystem::exists(file, ec)) {
        // Only a ledger without records is replaced: one with history is restored or kept.
        auto existing = ledger::Ledger::open(file, util::Create::no);
        auto head = existing ? existing->head() : Result<ledger::ChainHead>(ledger::ChainHead{});
        if (existing && head && head->id > 0)
            return finish("audit rebaseline",
                          fail("the ledger " + file.string() + " holds " +
                               std::to_string(head->id) +
                               " records: rebaseline only starts over a missing or empty one"),
                          err);
        if (!existing || !head)
            return finish("audit rebaseline",
                          fail("the ledger " + file.string() +
                               " cannot be read: move it aside (or restore a backup with "
                               "`slipway audit restore`) first: " +
                               (!existing ? existing.error() : head.error()).message),
                          err);
    }
    auto refs = ref_snapshot(*repo);
    if (!refs)
        return finish("audit rebaseline", std::unexpected(refs.error()), err);
    auto ledger = ledger::Ledger::open(file, util::Create::yes);
    if (!ledger)
        return finish("audit rebaseline", std::unexpected(ledger.error()), err);
    // A source of its own, so the new chain's first record says it is not an install.
    ledger::RefSync sync{.push_id = 0, .source = "rebaseline"};
    for (const auto& [name, target] : *refs)
        if (!util::is_reserved_ref(name))
            sync.ref_updates.push_back({.ref = name, .new_id = target});
    auto id = ledger->append(sync);
    if (!id)
        return finish("audit rebaseline", std::unexpected(id.error()), err);
    auto head = ledger->head();
    out << "rebaselined " << file.string() << ": record #" << *id << " takes the "
        << sync.ref_updates.size()
        << " refs as they are now; the history before it is not in this ledger\n";
    if (head)
        out << "head: " << head->hash << " (keep it elsewhere: `slipway audit verify --head`)\n";
    return 0;
}

} // namespace

std::vector<CliCommand> ledger_cli_commands() {
    const ArgSpec json_only{.flags = {"--json"}, .min_positional = 1, .max_positional = 1};
    return {
        {.name = "status",
         .usage = "<bare-repo> [--at TIME] [--json]",
         .summary = "what runs in each environment, and what waits to get there",
         .help = "One row per environment of the policy: the commit (and tag) deployed there,\n"
                 "when, by whom, the last attempt's result, and how many commits are pending:\n"
                 "on the environment's source ref (or, with promote_from, deployed to the\n"
                 "previous environment) and not deployed here yet. Then, per environment, its\n"
                 "freeze (a window of the policy, or an operator's) and the break-glass pushes\n"
                 "no admin acknowledged yet.\n"
                 "  --at TIME   what ran in each environment at TIME (a UTC time such as\n"
                 "              2026-12-02T14:05, or an age: 90m, 2h, 7d): the deploy record,\n"
                 "              commit, tag, pusher, and the freezes in force then",
         .spec =
             {.flags = {"--json"}, .valued = {"--at"}, .min_positional = 1, .max_positional = 1},
         .run = run_status_command,
         .repo = RepoAccess::reads},
        {.name = "log",
         .usage = "<bare-repo> [--env E] [--ref R] [--user U] [--since T] [--rejected] "
                  "[--limit N] [--json]",
         .summary = "every push attempt and deploy, newest first",
         .help = "  --env E      pushes and deploys for environment E\n"
                 "  --ref R      pushes and deploys of ref R (\"master\" or a full name)\n"
                 "  --user U     by pusher U\n"
                 "  --since T    a UTC time (2026-01-31T12:00:00Z) or an age (90m, 2h, 7d)\n"
                 "  --rejected   rejected pushes only\n"
                 "  --limit N    at most N entries\n"
                 "Each entry's #id is what `slipway show` takes.",
         .spec = {.flags = {"--json", "--rejected"},
                  .valued = {"--env", "--ref", "--user", "--since", "--limit"},
                  .min_positional = 1,
                  .max_positional = 1},
         .run = run_log_command,
         .repo = RepoAccess::reads},
        {.name = "show",
         .usage = "<bare-repo> <id> [--json]",
         .summary = "one push (with its findings) or deploy (with its full output)",
         .spec = {.flags = {"--json"}, .min_positional = 2, .max_positional = 2},
         .run = run_show_command,
         .repo = RepoAccess::reads},
        {.name = "audit verify",
         .usage = "<bare-repo> [--head HASH] [--json]",
         .summary = "check the ledger's hash chain; exit 1 naming the first bad record",
         .help = "Every record carries the SHA-256 of the previous record and of its own\n"
                 "canonical encoding. With --head (a hash printed earlier by `slipway audit\n"
                 "head` and kept elsewhere), records removed from the end or a chain rewritten\n"
                 "from some point on are caught too.",
         .spec =
             {.flags = {"--json"}, .valued = {"--head"}, .min_positional = 1, .max_positional = 1},
         .run = run_verify_command,
         .repo = RepoAccess::reads},
        {.name = "audit head",
         .usage = "<bare-repo> [--json]",
         .summary = "print the hash of the ledger's last record, to keep elsewhere",
         .spec = json_only,
         .run = run_head_command,
         .repo = RepoAccess::reads},
        {.name = "audit ack",
         .usage = "<bare-repo> [--break-glass PUSH-ID [--reason TEXT]]",
         .summary =
             "record, after review, refs that changed outside the hooks, or a break-glass push",
         .help = "Pushes report refs whose value the ledger cannot explain (changed by hand on\n"
                 "the server, or a crash between a ref update and its record). After review,\n"
                 "this records their current values so they are no longer reported.\n"
                 "With --break-glass, it records instead that you reviewed that break-glass\n"
                 "push (its id is in `slipway status`), which status then no longer shows.",
         .spec = {.valued = {"--break-glass", "--reason"},
                  .min_positional = 1,
                  .max_positional = 1},
         .run = run_ack_command,
         .repo = RepoAccess::writes},
        {.name = "audit backup",
         .usage = "<bare-repo> <file>",
         .summary = "write a consistent copy of the ledger, with the refs it matches",
         .help = "Safe while pushes run: the records are copied as of one moment (sqlite's\n"
                 "VACUUM INTO), after the refs were read. <file> must not exist yet. Keep it\n"
                 "off the server, with `slipway audit head`'s hash.",
         .spec = {.min_positional = 2, .max_positional = 2},
         .run = run_backup_command,
         .repo = RepoAccess::reads},
        {.name = "audit restore",
         .usage = "<bare-repo> <file>",
         .summary = "put a backup's records in place of a lost or damaged ledger",
         .help = "Verifies the backup's hash chain first and refuses one that does not verify.\n"
                 "The ledger it replaces is kept beside it (ledger.db.replaced-<time>). Then it\n"
                 "lists the refs that moved since the backup was taken: review them and record\n"
                 "them with `slipway audit ack`. Run it while nobody pushes.",
         .spec = {.min_positional = 2, .max_positional = 2},
         .run = run_restore_command,
         .repo = RepoAccess::writes},
        {.name = "audit rebaseline",
         .usage = "<bare-repo>",
         .summary = "start a new ledger where one was lost and no backup is left",
         .help = "Pushes are refused while the ledger is missing or empty. Once you have\n"
                 "reviewed the refs, this starts a new chain whose first record (source\n"
                 "\"rebaseline\") takes them as they are. It refuses a ledger that holds records.",
         .spec = {.min_positional = 1, .max_positional = 1},
         .run = run_rebaseline_command,
         .repo = RepoAccess::writes},
    };
}

} // namespace slipway::admin
