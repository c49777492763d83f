// E2E helpers for deploys: remote lines without timings, the ledger's deploy records, waiting.
#pragma once

#include "ledger/queries.hpp"
#include "support/sandbox.hpp"

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace slipway::e2e {

/// `lines` with each deploy's timing ("deployed 3f2a9c1 in 4.2s", "FAILED after 0.3s") written
/// as "in Ns" / "after Ns", so whole lines can be compared exactly.
std::vector<std::string> timeless(const std::vector<std::string>& lines);

/// True when every line of `expected` is in `lines`, in the same order (other lines may come
/// between them): for outputs that hold a tool's own chatter, like terraform's plans.
bool in_order(const std::vector<std::string>& lines, const std::vector<std::string>& expected);

/// The deploys recorded in the ledger of bare repository `repo`, oldest first, with each
/// target's output loaded.
std::vector<ledger::DeployEntry> recorded_deploys(const std::filesystem::path& repo);

/// The accepted push records of `repo`'s ledger, oldest first.
std::vector<ledger::PushEntry> recorded_pushes(const std::filesystem::path& repo);

/// Polls `done` every 50 ms until it holds or `timeout` passes; returns its last answer.
bool eventually(const std::function<bool()>& done,
                std::chrono::milliseconds timeout = std::chrono::seconds(30));

/// The full id `what` (a rev) names in the git repository at `cwd` under the sandbox root.
std::string rev(const Sandbox& sb, const std::string& what, const std::string& cwd = "work");
/// Its first 7 digits, as the pusher sees commits named.
std::string short_rev(const Sandbox& sb, const std::string& what, const std::string& cwd = "work");

} // namespace slipway::e2e
