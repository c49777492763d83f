// The post-receive hook's whole job: confirm the push in the ledger, then deploy what it moved.
#pragma once

#include "deploy/summary.hpp"
#include "policy/identity.hpp"

#include <string_view>
#include <vector>

namespace slipway::hook {

/// Runs post-receive for hook `input` (`old new ref` lines) in the repository of the hook
/// environment. First confirms in the ledger that the refs moved; then deploys each
/// environment of the policy that the push's refs map to once, in the order the first of its
/// refs comes in `input`, with the pushed commit of the last of them (the `new` id peeled to a
/// commit, never the ref's current value; the deploy's first line names the refs it stands
/// for when there are several) with
/// deploy::deploy_environment(): the start is recorded once the environment's lock is held, the end
/// with every target's result and output, what was pruned and the refs moved. A deploy that a
/// newer confirmed push to the same environment overtook while it waited is skipped and
/// recorded as skipped. A deleted ref destroys nothing, and the pusher is told so. The
/// `slipway.prune=N|all` push option (read from `env`) raises prune limits for this push.
/// Everything the pusher sees is written to `pusher_fd` as it happens. Never fails: the refs
/// have moved, so problems (no ledger, a broken policy, a failed deploy) are told, not
/// raised; without a ledger deploys still run, their output kept in the state directory's
/// logs. A symlink in the state directory (util::StateDir::find_symlink()) deploys nothing,
/// and the pusher is told which. Returns the summary of every deploy it ran or skipped.
std::vector<deploy::DeploySummary>
run_post_receive(std::string_view input, const policy::EnvLookup& env, int pusher_fd = 2);

} // namespace slipway::hook
