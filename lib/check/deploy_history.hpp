// What the gate needs to know about past deploys and operators' decisions, behind an
// interface the ledger implements.
#pragma once

#include "util/result.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace slipway::check {

/// An operator's decision in force (a freeze of an environment, a quarantine of a commit):
/// who made it, when, why.
struct OperatorDecision {
    std::string actor;
    std::string reason;
    std::int64_t time_ms = 0;   ///< when it was recorded, ms since the epoch
    std::int64_t record_id = 0; ///< its ledger record
};

/// A successful deploy of one commit, and when it ended.
struct DeployedCommit {
    std::string commit;
    std::int64_t time_ms = 0;
};

/// Past deploys and change-control decisions, as the promotion and freeze rules care.
class DeployHistory {
public:
    virtual ~DeployHistory() = default;
    /// True when commit `commit_id` (40 hex digits) was deployed successfully to environment
    /// `env` at least once.
    virtual Result<bool> deployed_successfully(const std::string& env,
                                               const std::string& commit_id) const = 0;
    /// The commit of the last successful deploy to `env`: what runs there now; nullopt when
    /// nothing was ever deployed there successfully.
    virtual Result<std::optional<std::string>> current_commit(const std::string& env) const = 0;
    /// The commits deployed successfully to `env` after the last successful deploy of
    /// `commit_id`, in order (where a revert of it would be).
    virtual Result<std::vector<DeployedCommit>>
    deployed_after(const std::string& env, const std::string& commit_id) const = 0;
    /// The operator quarantine in force on `commit_id` (`slipway quarantine`); nullopt: none.
    virtual Result<std::optional<OperatorDecision>>
    quarantine(const std::string& commit_id) const = 0;
    /// The operator freeze in force on `env` (`slipway freeze`); nullopt: none.
    virtual Result<std::optional<OperatorDecision>> freeze(const std::string& env) const = 0;
};

} // namespace slipway::check
