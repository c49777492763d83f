// What runs in each environment and what waits to get there, from the ledger, the policy and
// the repository: what `slipway status`, the status page and the metrics all show.
#pragma once

#include "git/repository.hpp"
#include "ledger/controls.hpp"
#include "ledger/ledger.hpp"
#include "ledger/queries.hpp"
#include "policy/freeze.hpp"
#include "policy/policy.hpp"
#include "util/result.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace slipway::view {

/// An environment as the policy defines it.
struct EnvironmentSpec {
    std::string name;
    std::vector<std::string> source_refs;     ///< full ref names or patterns, shown as given
    std::vector<policy::FreezeWindow> freeze; ///< the policy's freeze windows
    std::optional<std::string> promote_from;  ///< the environment its commits come through
};

/// The environments of `policy`, in its order.
std::vector<EnvironmentSpec> environment_specs(const policy::Policy& policy);

/// A commit on an environment's source ref that is not deployed there yet.
struct PendingCommit {
    std::string id;      ///< full commit id
    std::string summary; ///< first line of its message
};

/// Computes what is pending for `environment` given the commit deployed there (nullopt:
/// nothing yet), e.g. by walking `source_ref --not deployed`. Supplied by the caller so that
/// collect_status can be tested without git.
using PendingLookup = std::function<Result<std::vector<PendingCommit>>(
    const EnvironmentSpec& environment, const std::optional<std::string>& deployed_commit)>;

/// The most pending commits pending_in_repository lists per environment.
inline constexpr std::size_t max_pending_listed = 50;

/// What is waiting to reach an environment of `policy` in `repo`: the commits of its source
/// not deployed there (at most max_pending_listed). The source is the environment it
/// promotes from (its deployed ref), else its one exact source ref; environments fed by a
/// pattern (feature/*) have no single source, and nothing is pending for them.
PendingLookup pending_in_repository(const git::Repository& repo, const policy::Policy& policy);

/// One environment's row.
struct EnvironmentStatus {
    EnvironmentSpec environment;
    std::optional<ledger::DeployEntry> deployed;     ///< the last successful deploy
    std::optional<ledger::DeployEntry> last_attempt; ///< the last deploy, whatever its state
    std::vector<PendingCommit> pending;
    /// The policy's freeze window in force, described ("\"year-end\" (...) until ...").
    std::optional<std::string> frozen_by_window;
    std::optional<ledger::ControlEntry> frozen; ///< an operator's freeze in force
    /// Accepted pushes that broke glass into it and no admin acknowledged (not with --at).
    std::vector<ledger::PushEntry> break_glass;

    /// Frozen by a window or by an operator.
    bool is_frozen() const { return frozen_by_window.has_value() || frozen.has_value(); }
};

/// What collect_status looks at.
struct StatusOptions {
    /// `--at`: the state at this time (ms since the epoch): the deploys that had started or
    /// ended by then, the freezes in force then; pending commits and break-glass uses are not
    /// shown, being about now.
    std::optional<std::int64_t> at_ms;
    std::int64_t now_ms = 0; ///< when freeze windows are judged without --at; 0: the clock
};

/// The status of each of `environments`, in that order, from `ledger` and `pending`.
/// Fails when the ledger cannot be read or `pending` fails (the message names the
/// environment).
Result<std::vector<EnvironmentStatus>>
collect_status(ledger::Ledger& ledger, const std::vector<EnvironmentSpec>& environments,
               const PendingLookup& pending, const StatusOptions& options = {});

} // namespace slipway::view
