// The ledger as Prometheus metrics, in the text exposition format (version 0.0.4) that
// node_exporter's textfile collector reads: `slipway metrics`.
#pragma once

#include "ledger/ledger.hpp"
#include "util/result.hpp"
#include "view/status.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace slipway::view {

/// The upper bounds, in seconds, of the deploy duration histogram's buckets (+Inf follows).
inline constexpr double deploy_duration_buckets[] = {1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600};

/// What one repository's ledger says, counted.
struct RepositoryMetrics {
    std::string repository;                     ///< the `repository` label
    std::map<std::string, std::int64_t> pushes; ///< verdict → pushes
    std::map<std::pair<std::string, std::string>, std::int64_t> pushes_by_rule; ///< (verdict, rule)
    std::map<std::pair<std::string, std::string>, std::int64_t> deploys;        ///< (env, result)
    struct Durations {
        std::vector<std::int64_t> buckets; ///< cumulative counts, one per deploy_duration_buckets
        std::int64_t count = 0;
        double sum_seconds = 0;
    };
    std::map<std::string, Durations> durations;          ///< env → finished deploys' durations
    std::map<std::string, std::int64_t> last_success_ms; ///< env → end of its last success
    std::map<std::string, bool> frozen;                  ///< env → frozen now (every env)
};

/// Counts `ledger`'s pushes and deploys, and the freeze state of `environments` now.
Result<RepositoryMetrics> collect_metrics(ledger::Ledger& ledger, const std::string& repository,
                                          const std::vector<EnvironmentSpec>& environments);

/// The exposition text of `repositories`: each metric family once, with HELP and TYPE lines,
/// then its samples of every repository.
std::string format_metrics(const std::vector<RepositoryMetrics>& repositories);

/// A label value as the format writes it between quotes: `\` as `\\`, `"` as `\"`, newline
/// as `\n`.
std::string escape_label_value(std::string_view value);

} // namespace slipway::view
