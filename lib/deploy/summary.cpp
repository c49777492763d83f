// The one line a pusher reads at the end of an environment's deploy, and the counts behind it.
#include "deploy/summary.hpp"

#include "git/oid.hpp"

#include <cstdio>

namespace slipway::deploy {

std::string summary_line(const DeploySummary& s) {
    if (s.skipped)
        return "skipped " + git::short_id(s.commit) + ": " + s.failure;
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.1fs",
                  static_cast<double>(s.duration.count()) / 1000.0);
    const std::string counts = "(" + std::to_string(s.counts.applied) + " applied, " +
                               std::to_string(s.counts.pruned) + " pruned, " +
                               std::to_string(s.counts.changed) + " changed)";
    const std::string id = git::short_id(s.commit);
    if (s.ok)
        return "deployed " + id + " in " + seconds + " " + counts;
    return "deploy of " + id + " FAILED after " + seconds + " " + counts + ": " + s.failure;
}

} // namespace slipway::deploy
