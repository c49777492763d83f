// Pushes, deploys, ref changes and findings in words: what `slipway log`, `show`, `status` and
// the status page say about them, in one place so that they say the same.
#pragma once

#include "ledger/queries.hpp"
#include "ledger/records.hpp"
#include "report/finding.hpp"
#include "view/status.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace slipway::view {

/// The first 7 characters of a commit id, "-" for an absent one.
std::string short_id(const std::string& id);

/// "3 commits", "1 commit".
std::string plural(std::size_t n, const std::string& one, const std::string& many);

/// `items` joined with `separator`.
std::string join(const std::vector<std::string>& items, std::string_view separator);

/// "create", "delete" or "update".
std::string_view change_name(const ledger::RefChange& change);

/// "refs/heads/master 1111111..2222222", "refs/tags/v1 (new) 2222222",
/// "x (deleted, was 1111111)".
std::string describe_change(const ledger::RefChange& change);

/// "ref: path:line:col: error: message [rule]", the parts it has.
std::string describe_finding(const Finding& finding);

/// Whether something vouched for the pusher: the front end that set the variable, or, for a
/// local push only, the operating system (policy::resolve_pusher).
bool authenticated(const ledger::PushRecord& push);

/// "accepted", "rejected", or for an accepted push that changed less than it was allowed to,
/// "accepted, not landed" / "accepted, partly landed"; break-glass use is added.
std::string push_result(const ledger::PushEntry& entry);

/// Its ref changes, and how many findings it had (or the reason of a rejection without).
std::string push_summary(const ledger::PushRecord& push);

/// "prod ← 1234567 tag v1 in 2.0s".
std::string deploy_summary(const ledger::DeployEntry& deploy);

/// The reason a break-glass push gave: the value of its push option ("" without one).
std::string break_glass_reason(const ledger::PushRecord& push);

/// The last attempt's state, with its commit when it is not the deployed one; "never
/// deployed".
std::string status_result(const EnvironmentStatus& status);

} // namespace slipway::view
