// The ledger as the gate's record of past deploys and operators' decisions (for the
// promotion and freeze rules).
#pragma once

#include "check/deploy_history.hpp"
#include "ledger/ledger.hpp"

namespace slipway::hook {

/// Answers the gate's questions about past deploys from an open ledger (not owned).
class LedgerHistory : public check::DeployHistory {
public:
    explicit LedgerHistory(ledger::Ledger& ledger)
        : m_ledger(ledger) {}
    Result<bool> deployed_successfully(const std::string& env,
                                       const std::string& commit_id) const override;
    Result<std::optional<std::string>> current_commit(const std::string& env) const override;
    Result<std::vector<check::DeployedCommit>>
    deployed_after(const std::string& env, const std::string& commit_id) const override;
    Result<std::optional<check::OperatorDecision>>
    quarantine(const std::string& commit_id) const override;
    Result<std::optional<check::OperatorDecision>> freeze(const std::string& env) const override;

private:
    ledger::Ledger& m_ledger;
};

} // namespace slipway::hook
