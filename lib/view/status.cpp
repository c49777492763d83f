// What runs in each environment and what waits to get there.
#include "view/status.hpp"

#include "git/history.hpp"
#include "git/objects.hpp"
#include "git/oid.hpp"
#include "ledger/timestamp.hpp"
#include "util/glob.hpp"
#include "util/state_paths.hpp"

namespace slipway::view {

std::vector<EnvironmentSpec> environment_specs(const policy::Policy& policy) {
    std::vector<EnvironmentSpec> out;
    for (const auto& e : policy.environments)
        out.push_back({e.name, e.refs, e.freeze, e.promote_from});
    return out;
}

PendingLookup pending_in_repository(const git::Repository& repo, const policy::Policy& policy) {
    return [&repo, &policy](
               const EnvironmentSpec& spec,
               const std::optional<std::string>& deployed) -> Result<std::vector<PendingCommit>> {
        const auto* env = policy::find_environment(policy.environments, spec.name);
        if (!env)
            return std::vector<PendingCommit>{};
        std::optional<std::string> source;
        if (env->promote_from)
            source = util::deployed_ref(*env->promote_from);
        else
            for (const auto& r : env->refs)
                if (!util::has_wildcard(r))
                    source = r;
        if (!source)
            return std::vector<PendingCommit>{};
        SLIPWAY_TRY_LET(tip, repo.ref_target(*source));
        if (!*tip)
            return std::vector<PendingCommit>{};
        std::vector<git_oid> hidden;
        if (deployed)
            if (auto oid = git::parse_oid(*deployed))
                hidden.push_back(*oid);
        SLIPWAY_TRY_LET(commits, git::commits_between(repo, {**tip}, hidden));
        std::vector<PendingCommit> out;
        for (const auto& oid : *commits) {
            if (out.size() == max_pending_listed)
                break;
            auto info = git::read_commit(repo, oid);
            out.push_back({git::to_hex(oid), info ? info->summary : ""});
        }
        return out;
    };
}

Result<std::vector<EnvironmentStatus>>
collect_status(ledger::Ledger& ledger, const std::vector<EnvironmentSpec>& environments,
               const PendingLookup& pending, const StatusOptions& options) {
    const std::int64_t now = options.at_ms    ? *options.at_ms
                             : options.now_ms ? options.now_ms
                                              : ledger::now_ms();
    std::vector<EnvironmentStatus> rows;
    for (const auto& env : environments) {
        EnvironmentStatus s{.environment = env};
        auto deployed =
            options.at_ms
                ? ledger::find_deploy_at(ledger, env.name, ledger::Which::latest_successful, now)
                : ledger::find_deploy(ledger, env.name, ledger::Which::latest_successful);
        if (!deployed)
            return std::unexpected(deployed.error());
        s.deployed = std::move(*deployed);
        auto last = options.at_ms
                        ? ledger::find_deploy_at(ledger, env.name, ledger::Which::latest, now)
                        : ledger::find_deploy(ledger, env.name, ledger::Which::latest);
        if (!last)
            return std::unexpected(last.error());
        s.last_attempt = std::move(*last);
        if (auto active = policy::active_freeze(env.freeze, now / 1000))
            s.frozen_by_window = "\"" + active->window->name + "\" (" +
                                 policy::describe(*active->window) + ") until " +
                                 active->window->zone.format(active->end);
        SLIPWAY_TRY_LET(frozen, ledger::find_freeze(ledger, env.name, options.at_ms));
        s.frozen = std::move(*frozen);
        if (!options.at_ms) {
            SLIPWAY_TRY_LET(uses, ledger::unacknowledged_break_glass(ledger, env.name));
            s.break_glass = std::move(*uses);
        }
        if (pending && !options.at_ms) {
            std::optional<std::string> commit;
            if (s.deployed)
                commit = s.deployed->start.commit;
            auto commits = pending(env, commit);
            if (!commits)
                return fail("pending commits of " + env.name, commits.error());
            s.pending = std::move(*commits);
        }
        rows.push_back(std::move(s));
    }
    return rows;
}

} // namespace slipway::view
