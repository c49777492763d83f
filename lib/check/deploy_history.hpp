// What the gate needs to know about past deploys, behind an interface the ledger implements.
#pragma once

#include "util/result.hpp"

#include <string>

namespace slipway::check {

/// Past deploys, as far as promotion rules care.
class DeployHistory {
public:
    virtual ~DeployHistory() = default;
    /// True when commit `commit_id` (40 hex digits) was deployed successfully to environment
    /// `env` at least once.
    virtual Result<bool> deployed_successfully(const std::string& env,
                                               const std::string& commit_id) const = 0;
};

} // namespace slipway::check
