// The command target: any program with arguments, run in the workspace, its output streamed.
#pragma once

#include "report/output.hpp"
#include "util/process.hpp"
#include "util/result.hpp"

#include <chrono>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace slipway::deploy {

/// One command target as the policy describes it.
struct CommandTarget {
    /// argv[0] is looked up on PATH, unless it holds a '/': then it is a path relative to
    /// `directory` inside the workspace ("./deploy.sh").
    std::vector<std::string> argv;
    std::string directory = "."; ///< where it runs, relative to the workspace root
    std::vector<std::pair<std::string, std::string>> env; ///< added to its environment
    std::chrono::milliseconds timeout{std::chrono::minutes(30)};
};

/// "command helm upgrade ...": how the pusher sees `target` named.
std::string describe_command(const CommandTarget& target);

/// Runs `target` in `workspace`, every output line (stdout and stderr merged) going to
/// `output` as it comes, with heartbeats while it is silent. Returns how it exited when it
/// exited 0. Fails with a sentence saying what failed ("command ./deploy.sh exited with status
/// 2") when it exits otherwise, is killed or times out, and when it cannot start (bad
/// directory, program not found).
Result<util::Exit> run_command_target(const CommandTarget& target,
                                      const std::filesystem::path& workspace,
                                      report::Output& output);

} // namespace slipway::deploy
