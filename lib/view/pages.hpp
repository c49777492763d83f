// The status pages as HTML text: the overview of one repository, one page per push and one per
// deploy. Every value is escaped (escape_html); nothing is shown that `slipway status`, `log`
// and `show` would not show.
#pragma once

#include "ledger/queries.hpp"
#include "view/status.hpp"

#include <cstdint>
#include <set>
#include <string>
#include <vector>

namespace slipway::view {

/// What the overview shows: bounded lists, newest first.
struct Overview {
    std::string repository; ///< the name shown ("shop.git")
    std::int64_t generated_ms = 0;
    std::vector<EnvironmentStatus> environments;
    std::vector<ledger::LogEntry> recent;    ///< the last pushes and deploys
    std::vector<ledger::PushEntry> rejected; ///< the last rejected pushes, findings included
    std::string policy_problem; ///< why the policy could not be read; empty when it was
};

/// Which records have a page of their own, so that a page links only to pages that exist.
struct PageSet {
    std::set<std::int64_t> pushes;  ///< push record ids
    std::set<std::int64_t> deploys; ///< deploy start record ids
};

/// "push-42.html", "deploy-43.html": the file of a record's page.
std::string push_page_name(std::int64_t id);
std::string deploy_page_name(std::int64_t id);

/// index.html: environments (what runs where, tag, pusher, result, duration, pending,
/// freeze), environments × commits, the promotion path, pending commits, change control, the
/// last rejected pushes with their findings, and the recent pushes and deploys.
std::string overview_page(const Overview& overview, const PageSet& pages);

/// One push: verdict, pusher, connection, ref updates, findings.
std::string push_page(const std::string& repository, const ledger::PushEntry& push,
                      const PageSet& pages);

/// One deploy: environment, commit, tag, result, duration, targets, and each target's output,
/// of which at most `output_shown` bytes (the end, where failures are) are shown.
std::string deploy_page(const std::string& repository, const ledger::DeployEntry& deploy,
                        const PageSet& pages, std::size_t output_shown);

} // namespace slipway::view
