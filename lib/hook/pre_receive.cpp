// The pre-receive hook's whole job: read the push, judge it, record it, say why, decide.
#include "hook/pre_receive.hpp"
#include "hook/installation.hpp"
#include "util/sharing.hpp"
#include "util/state_paths.hpp"
#include "util/write_access.hpp"

#include "check/break_glass.hpp"
#include "check/checkout_limits.hpp"
#include "check/gate.hpp"
#include "check/manifest_checks.hpp"
#include "check/push_context.hpp"
#include "check/signature_verifier.hpp"
#include "check/terraform_checks.hpp"
#include "check/tree_checks.hpp"
#include "git/checkout.hpp"
#include "git/oid.hpp"
#include "git/repository.hpp"
#include "hook/ledger_history.hpp"
#include "ledger/disagreement.hpp"
#include "ledger/ledger.hpp"
#include "ledger/settlement.hpp"
#include "ledger/timestamp.hpp"
#include "policy/connection.hpp"
#include "policy/policy.hpp"
#include "policy/push_certificate.hpp"
#include "report/pusher_stream.hpp"
#include "report/verdict.hpp"
#include "signing/verdict.hpp"
#include "view/site.hpp"

#include <algorithm>
#include <cstddef>
#include <expected>
#include <filesystem>
#include <map>

namespace slipway::hook {

namespace {

const std::string server_hint =
    "this is a problem on the server, not in your push; tell the repository's admin";

void set_failure(GateOutcome& outcome, const std::string& message, const std::string& rule,
                 const std::string& hint) {
    outcome.accepted = false;
    outcome.failure = message;
    outcome.failure_rule = rule;
    outcome.failure_hint = hint;
}

// `slipway install` starts every ledger with a baseline record, so one that is missing, empty
// or without records lost its history: it must not start over silently (the next `audit
// verify` would say "chain intact").
std::string lost_ledger(const std::filesystem::path& file) {
    return "the ledger " + file.string() +
           " is missing or empty, but `slipway install` started it with a baseline: its records "
           "are gone";
}

// Why a push may not be recorded in the ledger, with the hint the pusher gets.
struct LedgerRefusal {
    std::string message;
    std::string hint;
};

// The ledger, and its last record, as a push finds them.
struct OpenedLedger {
    ledger::Ledger ledger;
    ledger::ChainHead head;
};

// What the pusher is told when sqlite finds the ledger's file damaged: the two ways back,
// both in docs/ledger.md ("Recovery").
const std::string damaged_hint =
    "every push is refused until an admin restores the ledger from a backup (`slipway audit "
    "restore <repo> FILE`) or, without one, salvages it with sqlite3 (`.recover`, or "
    "`.dump`); see docs/ledger.md, \"Recovery\"";

// The refusal for ledger `error`: when sqlite finds `ledger`'s file damaged (a write or a
// read can meet a garbage page long before the periodic check would), it says so, with the
// way back; otherwise `error` with `hint`.
LedgerRefusal refusal_for(ledger::Ledger& ledger, const std::string& error,
                          const std::string& hint) {
    auto damage = ledger.check_integrity();
    if (damage && *damage)
        return {error + "; the ledger " + ledger.path().string() + " is damaged: " + **damage,
                damaged_hint};
    return {error, hint};
}

// Opens the ledger at `file` for a push: refused when it cannot be opened (`unwritable_hint`),
// when it is missing or holds no record (install wrote a baseline: its history is gone), and,
// once per Ledger::integrity_interval records, when sqlite finds the file damaged.
std::expected<OpenedLedger, LedgerRefusal>
open_ledger_for_push(const std::filesystem::path& file, const std::string& unwritable_hint) {
    const std::string lost_hint =
        "every push is refused until an admin restores it from a backup (`slipway audit restore "
        "<repo> FILE`) or, after review, starts a new one (`slipway audit rebaseline <repo>`)";
    // Missing, with its directory or without it; a state "directory" that is a file is a
    // ledger that cannot be written, reported by the open below.
    std::error_code ec;
    const auto dir_status = std::filesystem::status(file.parent_path(), ec);
    if ((!std::filesystem::exists(dir_status) || std::filesystem::is_directory(dir_status)) &&
        !std::filesystem::exists(file, ec))
        return std::unexpected(LedgerRefusal{lost_ledger(file), lost_hint});
    auto ledger = ledger::Ledger::open(file, util::Create::no);
    if (!ledger)
        return std::unexpected(LedgerRefusal{ledger.error().message, unwritable_hint});
    auto head = ledger->head();
    if (!head)
        return std::unexpected(refusal_for(*ledger, head.error().message, unwritable_hint));
    if (head->id == 0)
        return std::unexpected(LedgerRefusal{lost_ledger(file), lost_hint});
    // A damaged page elsewhere in the file would not stop appends: look every so often, so
    // damage is refused within a bounded number of pushes instead of written on for ever.
    if (auto due = ledger->integrity_due(); !due || *due) {
        auto damage = due ? ledger->check_integrity()
                          : Result<std::optional<std::string>>(due.error().message);
        if (!damage || *damage)
            return std::unexpected(LedgerRefusal{"the ledger " + file.string() + " is damaged: " +
                                                     (damage ? **damage : damage.error().message),
                                                 damaged_hint});
    }
    return OpenedLedger{std::move(*ledger), *head};
}

// The repository's refs as a map, read right before the ledger (see find_disagreements).
Result<std::map<std::string, std::string>> snapshot_refs(const git::Repository& repo) {
    SLIPWAY_TRY_LET(refs, repo.refs());
    std::map<std::string, std::string> out;
    for (const auto& r : *refs)
        out[r.name] = git::to_hex(r.target);
    return out;
}

// What the ledger keeps of the signatures `verifier` checked.
std::vector<ledger::ObjectSigner> signers_of(const check::SignatureVerifier& verifier) {
    std::vector<ledger::ObjectSigner> out;
    for (const auto& [id, signature] : verifier.verified())
        out.push_back(
            {.object = id,
             .kind = signature->object.kind == git::ObjectKind::tag ? "tag" : "commit",
             .signer = signature->signer,
             .key = signature->verdict.key,
             .status = std::string(signing::signature_status_name(signature->verdict.status))});
    return out;
}

// Policy, classification and every rule: fills `outcome` with findings or a failure.
void judge(GateOutcome& outcome, const git::Repository& repo, ledger::Ledger& ledger,
           const policy::EnvLookup& env, const std::vector<git::RefUpdate>& updates,
           std::vector<std::string>& environments_of_update) {
    const auto path = util::policy_file(repo.git_dir());
    auto policy = policy::load_policy(path);
    if (!policy) {
        outcome.pusher = policy::resolve_pusher({}, env);
        outcome.push_options = policy::read_push_options(env, {}).options;
        // A policy that is not there has nothing to check: it is installed.
        std::error_code ec;
        const bool missing = !std::filesystem::exists(std::filesystem::symlink_status(path, ec));
        set_failure(outcome, policy.error().message, "policy",
                    missing ? "every push is refused until the repository's owner puts a policy "
                              "in place: `slipway install " +
                                  repo.git_dir().string() + " --policy FILE`"
                            : "every push is refused until an admin fixes " + path.string() +
                                  " (check it with `slipway policy check " + path.string() + "`)");
        return;
    }
    outcome.pusher = policy::resolve_pusher(policy->identity, env);
    outcome.connection = policy::describe_connection(env, policy->identity);
    auto certificate = policy::read_push_certificate(env, repo);
    if (!certificate)
        return set_failure(outcome, certificate.error().message, "", server_hint);
    outcome.certificate = *certificate;
    if (outcome.certificate)
        if (auto s = policy::verify_ssh_certificate(*outcome.certificate, policy->principals); !s)
            return set_failure(outcome, s.error().message, "", server_hint);
    outcome.pusher =
        policy::vouched_by_certificate(outcome.pusher, outcome.certificate, policy->principals);
    if (policy->identity.require && !outcome.pusher.authenticated)
        outcome.findings.push_back(
            {.message = policy::unauthenticated_message(outcome.pusher, policy->identity,
                                                        outcome.connection->protocol),
             .rule = "identity"});
    for (std::size_t i = 0; i < updates.size(); ++i) {
        std::string names;
        for (const auto* e : policy::environments_for(policy->environments, updates[i].ref))
            names += (names.empty() ? "" : ",") + e->name;
        environments_of_update[i] = names;
    }

    std::vector<git::ClassifiedUpdate> classified;
    classified.reserve(updates.size());
    for (const auto& u : updates) {
        auto c = git::classify(repo, u);
        if (!c)
            return set_failure(outcome, c.error().message, "", server_hint);
        classified.push_back(std::move(*c));
    }
    const policy::PushLimits& limits = policy->limits;
    outcome.verdict_limits = {.findings = limits.findings, .per_file = limits.findings_per_file};
    outcome.rejection_prefix = policy->rejection_prefix;
    auto options = policy::read_push_options(env, limits);
    outcome.push_options = std::move(options.options);
    for (auto& problem : options.problems)
        outcome.findings.push_back({.message = std::move(problem), .rule = "push-options"});

    hook::LedgerHistory history(ledger);
    check::PushContext ctx(repo, *policy, outcome.pusher, classified, &history,
                           outcome.certificate);
    auto findings = check::evaluate_refs(ctx);
    if (const auto* verifier = ctx.signatures_if_used())
        outcome.signatures = signers_of(*verifier);
    if (!findings)
        return set_failure(outcome, findings.error().message, "", server_hint);
    // Before the checks that run only when nothing failed (a trusted terraform plan): a
    // freeze overridden is no longer a failure.
    check::apply_break_glass(*policy, outcome.pusher, outcome.push_options, *findings);
    // Names, depth and sizes first, from tree entries and object headers: a ref whose trees
    // fail them is not checked out, rendered or read any further.
    auto trees = check::check_trees(ctx);
    if (!trees)
        return set_failure(outcome, trees.error().message, "", server_hint);
    findings->insert(findings->end(), trees->findings.begin(), trees->findings.end());
    std::vector<git::ClassifiedUpdate> judged_updates;
    for (auto& u : classified)
        if (!trees->refused_refs.count(u.update.ref))
            judged_updates.push_back(std::move(u));
    check::PushContext judged(repo, *policy, outcome.pusher, std::move(judged_updates), &history,
                              outcome.certificate);

    // Every checkout the gate makes for this push draws from one budget, reckoned from object
    // headers before anything is written.
    git::CheckoutBudget budget(limits.checkout_bytes, limits.checkout_files);
    {
        git::CheckoutBudget::Scope scope(budget, policy->manifests.base.limits.max_file_bytes);
        auto manifests = check::check_manifests(judged);
        if (!manifests)
            return set_failure(outcome, manifests.error().message, "", server_hint);
        findings->insert(findings->end(), manifests->begin(), manifests->end());
    }
    {
        // Last: a trusted pusher's terraform plan runs only when nothing else already failed.
        git::CheckoutBudget::Scope scope(budget, 0);
        if (auto s = check::check_terraform(judged, *findings); !s) {
            auto refusal = budget.take_refusal();
            if (!refusal)
                return set_failure(outcome, s.error().message, "", server_hint);
            findings->push_back(check::checkout_finding("", *refusal, "terraform"));
        }
    }
    outcome.findings.insert(outcome.findings.end(), findings->begin(), findings->end());
    outcome.accepted = count_errors(outcome.findings) == 0;
}

// Ref values the ledger cannot explain become warnings: never silently ignored.
Status report_disagreements(GateOutcome& outcome, ledger::Ledger& ledger,
                            const git::Repository& repo, const policy::EnvLookup& env) {
    ledger::DisagreementOptions options;
    // How long an accepted push may stay unconfirmed (its post-receive still running) before
    // it counts as lost; the server's environment may shorten or lengthen it.
    if (auto settle = env("SLIPWAY_SETTLE_SECONDS"); settle && !settle->empty()) {
        try {
            options.settle_time = std::chrono::seconds(std::stol(*settle));
        } catch (const std::exception&) {
        }
    }
    // The refs are read again here, right before the ledger, not at the start: judging can
    // take seconds, and a push confirmed meanwhile would look, against refs read before it
    // landed, like an outside change. A push can still land between the two reads, so a
    // disagreement is looked at again with the refs read anew; one that stays is real.
    std::vector<ledger::RefDisagreement> found;
    std::map<std::string, std::string> refs;
    for (int look = 0; look < 3; ++look) {
        SLIPWAY_TRY_LET(read, snapshot_refs(repo));
        refs = std::move(*read);
        SLIPWAY_TRY_LET(now, ledger::find_disagreements(ledger, refs, options));
        found = std::move(*now);
        if (found.empty())
            break;
    }
    // Accepted pushes that git then refused (a lost race, a later hook) get their end too:
    // git runs no post-receive for them, so this is the first hook to see it. Bookkeeping of
    // other pushes: when it cannot be written now, a later push writes it, and this one is
    // not refused for it.
    (void)ledger::record_unlanded(ledger, refs, options);
    for (const auto& d : found)
        outcome.findings.push_back({.ref = d.ref,
                                    .severity = Severity::warning,
                                    .message = d.message + " (an admin can review it with "
                                                           "`slipway log` and clear it with "
                                                           "`slipway audit ack`)",
                                    .rule = "ledger-mismatch"});
    return {};
}

// A clock set back: the record will keep its predecessor's time (Ledger::append); the admin
// learns why from the warning recorded with it.
void warn_if_clock_behind(GateOutcome& outcome, const ledger::ChainHead& head) {
    const auto behind = head.time_ms - ledger::now_ms();
    if (behind < 1000)
        return;
    outcome.findings.push_back(
        {.severity = Severity::warning,
         .message = "the server's clock is " + std::to_string(behind / 1000) +
                    " s behind the ledger's last record (#" + std::to_string(head.id) + ", " +
                    ledger::format_utc(head.time_ms) +
                    "): this push is recorded at that time, so records stay in order; an admin "
                    "should fix the clock (NTP)",
         .rule = "ledger-clock"});
}

// The most findings one push record holds: the pusher sees far fewer, an admin can read this
// many, and a hostile push must not grow the ledger without bound.
constexpr std::size_t max_recorded_findings = 10000;

Result<std::int64_t> record(ledger::Ledger& ledger, const GateOutcome& outcome,
                            const policy::EnvLookup& env,
                            const std::vector<std::string>& environments_of_update) {
    const auto connection = outcome.connection.value_or(policy::describe_connection(env));
    ledger::PushRecord push{.pusher = outcome.pusher.name,
                            .identity_source = outcome.pusher.source,
                            .protocol = connection.protocol,
                            .remote_address = connection.remote_address,
                            .push_options = outcome.push_options,
                            .verdict = outcome.accepted ? ledger::Verdict::accepted
                                                        : ledger::Verdict::rejected,
                            .reason = outcome.failure,
                            .certificate = outcome.certificate,
                            .signatures = outcome.signatures};
    const std::size_t kept = std::min(outcome.findings.size(), max_recorded_findings);
    push.findings.assign(outcome.findings.begin(),
                         outcome.findings.begin() + static_cast<std::ptrdiff_t>(kept));
    if (kept < outcome.findings.size())
        push.findings.push_back(
            {.severity = Severity::warning,
             .message = std::to_string(outcome.findings.size() - kept) +
                        " more findings of this push are not recorded (a record keeps " +
                        std::to_string(max_recorded_findings) + ")",
             .rule = "findings-limit"});
    for (std::size_t i = 0; i < outcome.updates.size(); ++i) {
        const auto& u = outcome.updates[i];
        push.ref_updates.push_back({u.ref, u.old_id, u.new_id, environments_of_update[i]});
    }
    return ledger.append(push);
}

} // namespace

GateOutcome run_pre_receive(std::string_view input, const policy::EnvLookup& env) {
    GateOutcome outcome;
    auto finish = [&]() {
        outcome.lines = outcome.failure.empty()
                            ? report::format_verdict(outcome.findings, outcome.updates.size(),
                                                     outcome.verdict_limits)
                            : report::format_failure(outcome.failure, outcome.failure_rule,
                                                     outcome.failure_hint);
        if (!outcome.accepted)
            for (auto& line : outcome.lines)
                line.insert(0, outcome.rejection_prefix);
        return outcome;
    };
    auto updates = git::parse_ref_updates(input);
    if (!updates) {
        set_failure(outcome, updates.error().message, "", server_hint);
        return finish();
    }
    outcome.updates = *updates;
    auto repo = git::Repository::open_from_env();
    if (!repo) {
        set_failure(outcome, repo.error().message, "", server_hint);
        return finish();
    }
    // Slipway as gitolite's common hook runs in every repository, gitolite-admin too: one it
    // was never installed into is left alone (or, given Slipway's hooks alone, refused).
    if (auto absent = not_installed(repo->git_dir(), "pre-receive", env)) {
        if (!absent->left_alone) {
            set_failure(outcome, absent->line, "ledger", absent->hint);
            return finish();
        }
        outcome.accepted = true;
        outcome.lines = {absent->line};
        return outcome;
    }
    // In a repository a group of OS users share, what this push creates is the group's too.
    const auto sharing = util::parse_sharing(repo->config_string("core.sharedRepository"));
    util::adopt_sharing(sharing);
    const auto state = util::StateDir::for_repository(repo->git_dir());
    const auto ledger_file = state.ledger_file();
    // A ledger another OS user made, not shared with this one, is the likeliest reason it
    // cannot be written: the hint says whose it is and what to run.
    const auto access =
        util::write_problem(util::ledger_needs(state), {repo->git_dir(), sharing}, "this push");
    const std::string ledger_hint = "every push is refused until the ledger " +
                                    ledger_file.string() + " can be written again" +
                                    (access ? ": " + *access : "");
    // A symlink in the state would send the ledger, locks, caches or checkouts elsewhere: it
    // is never followed. One that the ledger's own paths do not go through still lets this
    // attempt be recorded.
    const auto link = state.find_symlink();
    const bool ledger_linked =
        link && (*link == state.root() || link->string().starts_with(ledger_file.string()));
    const std::string link_hint =
        link ? "every push is refused until an admin replaces " + link->string() +
                   " with the directory or file it points to (or removes it)"
             : std::string();
    if (ledger_linked) {
        set_failure(outcome, state.symlink_problem(*link) + "; this push is not recorded", "ledger",
                    link_hint);
        return finish();
    }
    auto opened = open_ledger_for_push(ledger_file, ledger_hint);
    if (!opened) {
        set_failure(outcome, opened.error().message, "ledger", opened.error().hint);
        return finish();
    }
    auto& ledger = opened->ledger;
    const ledger::ChainHead& head = opened->head;

    std::vector<std::string> environments_of_update(outcome.updates.size());
    if (link) {
        outcome.pusher = policy::resolve_pusher({}, env);
        outcome.push_options = policy::read_push_options(env, {}).options;
        set_failure(outcome, state.symlink_problem(*link), "ledger", link_hint);
    } else {
        judge(outcome, *repo, ledger, env, outcome.updates, environments_of_update);
    }
    if (auto s = report_disagreements(outcome, ledger, *repo, env); !s) {
        const auto refusal = refusal_for(ledger, s.error().message, ledger_hint);
        set_failure(outcome, refusal.message, "ledger", refusal.hint);
    }
    warn_if_clock_behind(outcome, head);

    auto id = record(ledger, outcome, env, environments_of_update);
    if (!id) {
        // Fail closed: a push that cannot be recorded does not happen.
        const auto refusal =
            refusal_for(ledger, "cannot record this push: " + id.error().message, ledger_hint);
        set_failure(outcome, refusal.message, "ledger", refusal.hint);
    } else {
        outcome.record_id = *id;
        // A rejected push runs no post-receive: the status pages learn of it here.
        if (!outcome.accepted)
            view::refresh_site(*repo, &ledger,
                               [](const std::string& line) { report::write_line(line); });
    }
    return finish();
}

} // namespace slipway::hook
