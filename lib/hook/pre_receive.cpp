// The pre-receive hook's whole job: read the push, judge it, record it, say why, decide.
#include "hook/pre_receive.hpp"
#include "util/state_paths.hpp"

#include "check/gate.hpp"
#include "check/manifest_checks.hpp"
#include "check/push_context.hpp"
#include "check/terraform_checks.hpp"
#include "git/oid.hpp"
#include "git/repository.hpp"
#include "hook/ledger_history.hpp"
#include "ledger/disagreement.hpp"
#include "ledger/ledger.hpp"
#include "policy/connection.hpp"
#include "policy/policy.hpp"
#include "report/verdict.hpp"

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

// The repository's refs as a map, read before the ledger (see find_disagreements).
Result<std::map<std::string, std::string>> snapshot_refs(const git::Repository& repo) {
    SLIPWAY_TRY_LET(refs, repo.refs());
    std::map<std::string, std::string> out;
    for (const auto& r : *refs)
        out[r.name] = git::to_hex(r.target);
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
        set_failure(outcome, policy.error().message, "policy",
                    "every push is refused until an admin fixes " + path.string() +
                        " (check it with `slipway policy check " + path.string() + "`)");
        return;
    }
    outcome.pusher = policy::resolve_pusher(policy->identity, env);
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
    hook::LedgerHistory history(ledger);
    check::PushContext ctx(repo, *policy, outcome.pusher, std::move(classified), &history);
    auto findings = check::evaluate_refs(ctx);
    if (!findings)
        return set_failure(outcome, findings.error().message, "", server_hint);
    auto manifests = check::check_manifests(ctx);
    if (!manifests)
        return set_failure(outcome, manifests.error().message, "", server_hint);
    findings->insert(findings->end(), manifests->begin(), manifests->end());
    // Last: a trusted pusher's terraform plan runs only when nothing else already failed.
    if (auto s = check::check_terraform(ctx, *findings); !s)
        return set_failure(outcome, s.error().message, "", server_hint);
    outcome.findings.insert(outcome.findings.end(), findings->begin(), findings->end());
    outcome.accepted = count_errors(outcome.findings) == 0;
}

// Ref values the ledger cannot explain become warnings: never silently ignored.
Status report_disagreements(GateOutcome& outcome, ledger::Ledger& ledger,
                            const std::map<std::string, std::string>& refs,
                            const policy::EnvLookup& env) {
    ledger::DisagreementOptions options;
    // How long an accepted push may stay unconfirmed (its post-receive still running) before
    // it counts as lost; the server's environment may shorten or lengthen it.
    if (auto settle = env("SLIPWAY_SETTLE_SECONDS"); settle && !settle->empty()) {
        try {
            options.settle_time = std::chrono::seconds(std::stol(*settle));
        } catch (const std::exception&) {
        }
    }
    SLIPWAY_TRY_LET(found, ledger::find_disagreements(ledger, refs, options));
    for (const auto& d : *found)
        outcome.findings.push_back({.ref = d.ref,
                                    .severity = Severity::warning,
                                    .message = d.message + " (an admin can review it with "
                                                           "`slipway log` and clear it with "
                                                           "`slipway audit ack`)",
                                    .rule = "ledger-mismatch"});
    return {};
}

Result<std::int64_t> record(ledger::Ledger& ledger, const GateOutcome& outcome,
                            const policy::EnvLookup& env,
                            const std::vector<std::string>& environments_of_update) {
    const auto connection = policy::describe_connection(env);
    ledger::PushRecord push{.pusher = outcome.pusher.name,
                            .identity_source = outcome.pusher.source,
                            .protocol = connection.protocol,
                            .remote_address = connection.remote_address,
                            .push_options = policy::push_options(env),
                            .verdict = outcome.accepted ? ledger::Verdict::accepted
                                                        : ledger::Verdict::rejected,
                            .reason = outcome.failure,
                            .findings = outcome.findings};
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
                            ? report::format_verdict(outcome.findings, outcome.updates.size())
                            : report::format_failure(outcome.failure, outcome.failure_rule,
                                                     outcome.failure_hint);
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
    auto refs = snapshot_refs(*repo);
    if (!refs) {
        set_failure(outcome, refs.error().message, "", server_hint);
        return finish();
    }
    const auto ledger_file = util::StateDir::for_repository(repo->git_dir()).ledger_file();
    const std::string ledger_hint =
        "every push is refused until the ledger " + ledger_file.string() + " can be written again";
    auto ledger = ledger::Ledger::open(ledger_file, util::Create::yes);
    if (!ledger) {
        set_failure(outcome, ledger.error().message, "ledger", ledger_hint);
        return finish();
    }

    std::vector<std::string> environments_of_update(outcome.updates.size());
    judge(outcome, *repo, *ledger, env, outcome.updates, environments_of_update);
    if (auto s = report_disagreements(outcome, *ledger, *refs, env); !s)
        set_failure(outcome, s.error().message, "ledger", ledger_hint);

    auto id = record(*ledger, outcome, env, environments_of_update);
    if (!id) {
        // Fail closed: a push that cannot be recorded does not happen.
        set_failure(outcome, "cannot record this push: " + id.error().message, "ledger",
                    ledger_hint);
    } else {
        outcome.record_id = *id;
    }
    return finish();
}

} // namespace slipway::hook
