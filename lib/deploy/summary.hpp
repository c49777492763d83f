// The one line a pusher reads at the end of an environment's deploy, and the counts behind it.
#pragma once

#include "util/deflate.hpp"
#include "util/result.hpp"

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

/// How one target of a deploy went.
enum class TargetState { succeeded, failed, not_run };

/// One target of a deploy, for the ledger.
struct TargetReport {
    std::string name; ///< how the pusher sees it named ("terraform staging (ops)")
    std::string kind; ///< "terraform", "kubernetes" or "command"
    TargetState state = TargetState::not_run;
    /// The exit status of the program whose failure failed the target, when one did; 0 when
    /// it succeeded; -1 when not run or when no program's status explains the failure.
    int exit_code = -1;
    std::chrono::milliseconds duration{0};
    /// Every line it printed, without the "[env] " prefix, compressed as report::Output kept
    /// it (up to the deploy's cap, then its marker); nullopt when it did not run or when the
    /// capture failed (the log has the lines).
    std::optional<util::Deflated> output;
};

/// A ref the deploy moved (refs/slipway/deployed/<env>, refs/slipway/rendered/<env>).
struct RefMove {
    std::string ref;
    std::string old_id; ///< full hex; empty when the ref did not exist
    std::string new_id; ///< full hex
};

/// The result of one environment's deploy, for the pusher and the ledger.
struct DeploySummary {
    std::string environment;
    std::string commit; ///< full hex id of the deployed commit
    std::string pusher;
    std::chrono::milliseconds duration{0};
    bool ok = false;
    /// Not run at all, on purpose (overtaken by a newer push); `failure` says why. Never
    /// together with `ok`.
    bool skipped = false;
    std::string failure; ///< what failed (or why it was skipped), one sentence; empty when `ok`
    DeployCounts counts;
    std::vector<TargetReport> targets; ///< every target of the environment, in order
    std::vector<std::string> pruned;   ///< objects deleted or renderings removed, as named
    std::vector<RefMove> ref_moves;    ///< in the order they moved
};

/// "deployed 3f2a9c1 in 4.2s (14 applied, 3 pruned, 2 changed)",
/// "deploy of 3f2a9c1 FAILED after 2.0s (0 applied, 0 pruned, 1 changed): <failure>", or
/// "skipped 3f2a9c1: <failure>".
std::string summary_line(const DeploySummary& summary);

/// True when `log`, the log file (report::Output) of a deploy to `environment` of `commit`
/// (full hex), shows that the deploy reached its end and succeeded: the last line in it with
/// the "[<environment>] " prefix is the summary line of a success of that commit
/// ("[preprod] deployed 3f2a9c1 in ..."). Lines without the prefix (the "slipway: ..."
/// notices written after the summary) do not count. Reads at most the last 64 KiB of the file
/// and never follows a symlink. false for a missing file; an error when it cannot be read.
Result<bool> log_shows_success(const std::filesystem::path& log, std::string_view environment,
                               std::string_view commit);

} // namespace slipway::deploy
