// The ledger as the gate's record of past deploys.
#include "hook/ledger_history.hpp"

#include "ledger/queries.hpp"

namespace slipway::hook {

Result<bool> LedgerHistory::deployed_successfully(const std::string& env,
                                                  const std::string& commit_id) const {
    return ledger::was_deployed_successfully(m_ledger, env, commit_id);
}

} // namespace slipway::hook
