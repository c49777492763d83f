// The ledger as the gate's record of past deploys and operators' decisions.
#include "hook/ledger_history.hpp"

#include "ledger/controls.hpp"
#include "ledger/queries.hpp"

namespace slipway::hook {

namespace {

std::optional<check::OperatorDecision> decision(const std::optional<ledger::ControlEntry>& c) {
    if (!c)
        return std::nullopt;
    return check::OperatorDecision{.actor = c->control.actor,
                                   .reason = c->control.reason,
                                   .time_ms = c->meta.time_ms,
                                   .record_id = c->meta.id};
}

} // namespace

Result<bool> LedgerHistory::deployed_successfully(const std::string& env,
                                                  const std::string& commit_id) const {
    return ledger::was_deployed_successfully(m_ledger, env, commit_id);
}

Result<std::optional<std::string>> LedgerHistory::current_commit(const std::string& env) const {
    SLIPWAY_TRY_LET(deploy, ledger::find_deploy(m_ledger, env, ledger::Which::latest_successful));
    if (!*deploy)
        return std::nullopt;
    return (*deploy)->start.commit;
}

Result<std::vector<check::DeployedCommit>>
LedgerHistory::deployed_after(const std::string& env, const std::string& commit_id) const {
    SLIPWAY_TRY_LET(found, ledger::deployed_after(m_ledger, env, commit_id));
    std::vector<check::DeployedCommit> out;
    for (auto& [commit, time_ms] : *found)
        out.push_back({std::move(commit), time_ms});
    return out;
}

Result<std::optional<check::OperatorDecision>>
LedgerHistory::quarantine(const std::string& commit_id) const {
    SLIPWAY_TRY_LET(found, ledger::find_quarantine(m_ledger, commit_id));
    return decision(*found);
}

Result<std::optional<check::OperatorDecision>> LedgerHistory::freeze(const std::string& env) const {
    SLIPWAY_TRY_LET(found, ledger::find_freeze(m_ledger, env));
    return decision(*found);
}

} // namespace slipway::hook
