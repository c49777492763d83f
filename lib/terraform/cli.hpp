// How every terraform command is started: non-interactive, its data dir outside the checkout,
// and at push time confined (util::Sandbox) with providers only from the server's mirror.
#pragma once

#include "util/process.hpp"
#include "util/result.hpp"
#include "util/sandbox.hpp"

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace slipway::terraform {

/// How the gate confines a push-time terraform command. A deploy's commands have none.
struct TerraformSandbox {
    util::Sandbox sandbox;
    /// Bound read-only besides the system: the checkout, the generated CLI configuration,
    /// the plugin mirror; for a trusted plan also the state directory.
    std::vector<std::filesystem::path> read_only;
    std::vector<std::string> pass_env; ///< a trusted plan's credentials (`terraform.plan.env`)
    util::Network network = util::Network::none;
};

/// The terraform program and what every run of it gets.
struct TerraformTool {
    std::string program = "terraform"; ///< looked up on PATH unless it holds a '/'
    /// Added to terraform's environment: credentials, TF_VAR_* values, TF_PLUGIN_CACHE_DIR.
    std::vector<std::pair<std::string, std::string>> env;
    std::chrono::milliseconds timeout{std::chrono::minutes(30)}; ///< for each command
    std::optional<TerraformSandbox> sandbox; ///< set for the gate's runs on pushed content
};

/// The command `terraform <args>` run in `cwd`, with TF_IN_AUTOMATION=1, TF_INPUT=0 and
/// TF_DATA_DIR=`data_dir` (so `.terraform/` never lands in the checkout; empty: unset, for
/// commands that use none), plus `tool.env`.
/// A TF_CLI_CONFIG_FILE naming a missing file is removed from its environment: terraform
/// would warn about it on every command. Not confined: see run_terraform().
util::Command terraform_command(const TerraformTool& tool, std::vector<std::string> args,
                                const std::filesystem::path& cwd,
                                const std::filesystem::path& data_dir);

/// Runs `command` (from terraform_command()) to the end, as `tool` says: as it is without
/// `tool.sandbox`; else confined, seeing what `tool.sandbox` grants and `writable` (the data
/// dir, a writable copy of the module) bound writable. Fails when the program cannot be
/// started, or the sandbox cannot (util::sandbox_failure()).
Result<util::Captured> run_terraform(const TerraformTool& tool, const util::Command& command,
                                     const std::vector<util::Mount>& writable);

/// run_terraform(), with each line of output (stdout and stderr merged) handed to `on_line`
/// as it comes, and `on_idle` told of silences (util::run_streaming()).
Result<util::Exit> stream_terraform(const TerraformTool& tool, const util::Command& command,
                                    const std::vector<util::Mount>& writable,
                                    const util::LineSink& on_line, const util::IdleSink& on_idle,
                                    std::chrono::milliseconds idle_interval);

/// The CLI configuration of push-time runs: an explicit `provider_installation` with one
/// `filesystem_mirror` at `mirror`, so terraform installs providers from there only — never
/// from the network, nor from its implied local mirrors (`terraform.d/plugins` of the pushed
/// tree among them) — and no checkpoint calls. Built-in providers (`terraform_data`) need no
/// installation.
std::string push_time_cli_config(const std::filesystem::path& mirror);

/// A copy of directory `dir` at `copy` (made, symlinks copied as symlinks), and its Mount,
/// writable, over `dir`: `terraform init` writes `.terraform.lock.hcl` into the root module,
/// while the checkout itself stays read-only. Fails when the copy cannot be made.
Result<util::Mount> writable_copy(const std::filesystem::path& dir,
                                  const std::filesystem::path& copy);

} // namespace slipway::terraform
