// The ledger as the gate's record of past deploys.
#include "ledger/deploy_history.hpp"

#include "ledger/queries.hpp"

namespace slipway::ledger {

Result<bool> LedgerHistory::deployed_successfully(const std::string& env,
                                                  const std::string& commit_id) const {
    return was_deployed_successfully(m_ledger, env, commit_id);
}

} // namespace slipway::ledger
