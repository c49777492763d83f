// How every terraform command is started: non-interactive, its data dir outside the checkout.
#pragma once

#include "util/process.hpp"

#include <chrono>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace slipway::terraform {

/// The terraform program and what every run of it gets.
struct TerraformTool {
    std::string program = "terraform"; ///< looked up on PATH unless it holds a '/'
    /// Added to terraform's environment: credentials, TF_VAR_* values, TF_PLUGIN_CACHE_DIR.
    std::vector<std::pair<std::string, std::string>> env;
    std::chrono::milliseconds timeout{std::chrono::minutes(30)}; ///< for each command
};

/// The command `terraform <args>` run in `cwd`, with TF_IN_AUTOMATION=1, TF_INPUT=0 and
/// TF_DATA_DIR=`data_dir` (so `.terraform/` never lands in the checkout; empty: unset, for
/// commands that use none), plus `tool.env`.
/// A TF_CLI_CONFIG_FILE naming a missing file is removed from its environment: terraform
/// would warn about it on every command.
util::Command terraform_command(const TerraformTool& tool, std::vector<std::string> args,
                                const std::filesystem::path& cwd,
                                const std::filesystem::path& data_dir);

} // namespace slipway::terraform
