// The one line a pusher reads at the end of an environment's deploy, and the counts behind it.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

namespace slipway::deploy {

/// What a deploy did, summed over its targets.
struct DeployCounts {
    std::size_t applied = 0; ///< Kubernetes objects applied or rendered
    std::size_t pruned = 0;  ///< Kubernetes objects deleted (or rendered files removed)
    /// Terraform resources added, changed or destroyed; rendered files added or modified;
    /// objects kubectl did not report unchanged.
    std::size_t changed = 0;

    DeployCounts& operator+=(const DeployCounts& other) {
        applied += other.applied;
        pruned += other.pruned;
        changed += other.changed;
        return *this;
    }
};

/// The result of one environment's deploy, for the pusher and the ledger.
struct DeploySummary {
    std::string environment;
    std::string commit; ///< full hex id of the deployed commit
    std::string pusher;
    std::chrono::milliseconds duration{0};
    bool ok = false;
    std::string failure; ///< what failed, one sentence; empty when `ok`
    DeployCounts counts;
};

/// "deployed 3f2a9c1 in 4.2s (14 applied, 3 pruned, 2 changed)", or
/// "deploy of 3f2a9c1 FAILED after 2.0s (0 applied, 0 pruned, 1 changed): <failure>".
std::string summary_line(const DeploySummary& summary);

} // namespace slipway::deploy
