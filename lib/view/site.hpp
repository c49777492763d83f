// The status pages on disk: `<repo>.git/slipway/www/`, written whole into a new directory and
// swapped in with one rename, so a web server never serves half of a regeneration.
#pragma once

#include "git/repository.hpp"
#include "ledger/ledger.hpp"
#include "policy/policy.hpp"
#include "util/result.hpp"

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>

namespace slipway::view {

/// How much a regeneration reads and writes: it runs at the end of every push.
struct SiteLimits {
    std::size_t records = 50;  ///< the last pushes and deploys listed, each with its own page
    std::size_t rejected = 10; ///< the last rejected pushes shown with their findings
    std::size_t output_shown = 64 * 1024; ///< bytes of each target's output on a deploy page
};

/// `<git_dir>/slipway/www`.
std::filesystem::path www_dir(const std::filesystem::path& git_dir);

/// The name pages give the repository: its git dir's name ("shop.git"), or the name of the
/// directory holding a `.git`.
std::string repository_name(const std::filesystem::path& git_dir);

/// Writes the pages of `repo` (overview, one per push and deploy within `limits`) into a
/// new directory beside www_dir() and swaps it in (renameat2 RENAME_EXCHANGE; a plain rename
/// when there was none), then removes the old one. A symlink at www_dir() is replaced, never
/// followed. `policy_problem`, when not empty, is said on the overview: why the policy (an
/// empty one here) could not be read. Returns the number of files written.
Result<std::size_t> generate_site(const git::Repository& repo, ledger::Ledger& ledger,
                                  const policy::Policy& policy, const SiteLimits& limits = {},
                                  const std::string& policy_problem = {});

/// What the hooks call after a push: reads the policy and regenerates the pages. A policy that
/// cannot be read gives pages without environments that say why (the pusher was told by the
/// verdict already). Never fails and never throws: a problem is one `warn` line ("slipway:
/// warning: the status page was not updated: ..."). Does nothing without a ledger.
void refresh_site(const git::Repository& repo, ledger::Ledger* ledger,
                  const std::function<void(const std::string&)>& warn);

} // namespace slipway::view
