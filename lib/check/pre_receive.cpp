// The pre-receive hook's whole job.
#include "check/pre_receive.hpp"

#include "check/gate.hpp"
#include "check/manifest_checks.hpp"
#include "check/push_context.hpp"
#include "git/repository.hpp"
#include "policy/policy.hpp"
#include "report/verdict.hpp"

namespace slipway::check {

namespace {

GateOutcome reject(GateOutcome outcome, const std::string& message, const std::string& rule,
                   const std::string& hint) {
    outcome.accepted = false;
    outcome.failure = message;
    outcome.lines = report::format_failure(message, rule, hint);
    return outcome;
}

} // namespace

GateOutcome run_pre_receive(std::string_view input, const policy::EnvLookup& env) {
    GateOutcome outcome;
    const std::string server_hint = "this is a problem on the server, not in your push; "
                                    "tell the repository's admin";
    auto updates = git::parse_ref_updates(input);
    if (!updates)
        return reject(std::move(outcome), updates.error().message, "", server_hint);
    outcome.updates = *updates;

    auto repo = git::Repository::open_from_env();
    if (!repo)
        return reject(std::move(outcome), repo.error().message, "", server_hint);

    const auto path = policy::policy_path(repo->git_dir());
    auto policy = policy::load_policy(path);
    if (!policy)
        return reject(std::move(outcome), policy.error().message, "policy",
                      "every push is refused until an admin fixes " + path.string() +
                          " (check it with `slipway policy check " + path.string() + "`)");
    outcome.pusher = policy::resolve_pusher(policy->identity, env);

    std::vector<git::ClassifiedUpdate> classified;
    classified.reserve(updates->size());
    for (const auto& u : *updates) {
        auto c = git::classify(*repo, u);
        if (!c)
            return reject(std::move(outcome), c.error().message, "", server_hint);
        classified.push_back(std::move(*c));
    }
    PushContext ctx(*repo, *policy, outcome.pusher, std::move(classified));
    auto findings = evaluate_refs(ctx);
    if (!findings)
        return reject(std::move(outcome), findings.error().message, "", server_hint);
    outcome.findings = std::move(*findings);
    auto manifests = check_manifests(ctx);
    if (!manifests)
        return reject(std::move(outcome), manifests.error().message, "", server_hint);
    outcome.findings.insert(outcome.findings.end(), manifests->begin(), manifests->end());
    outcome.accepted = count_errors(outcome.findings) == 0;
    outcome.lines = report::format_verdict(outcome.findings, outcome.updates.size());
    return outcome;
}

} // namespace slipway::check
