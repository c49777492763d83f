// One subcommand of the `slipway` CLI: its name, help, arguments and what it runs.
#pragma once

#include "admin/args.hpp"
#include "admin/owner.hpp"

#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

namespace slipway::admin {

/// A subcommand. `run` returns the process exit code (0 ok, 1 a negative verdict or a
/// failure it reported, 2 bad usage).
struct CliCommand {
    std::string name;    ///< "install", "policy check"
    std::string usage;   ///< arguments after the name: "<bare-repo> [--force]"
    std::string summary; ///< one line for `slipway --help`
    std::string help;    ///< the rest of `slipway <name> --help`
    ArgSpec spec;
    std::function<int(const Args&, std::ostream& out, std::ostream& err)> run;
    /// What it does to the repository its first argument names (see act_for_owner()).
    RepoAccess repo = RepoAccess::none;
};

/// `install`, `uninstall`, `policy check`.
std::vector<CliCommand> setup_commands();

/// `status`, `log`, `show`, `audit verify`, `audit head`, `audit ack`.
std::vector<CliCommand> ledger_cli_commands();

/// Who runs a command that records a decision: the user sudo was run by (the person, when an
/// admin runs it as the repository's owner with `sudo -u git`), else this process's account.
std::string acting_user();

/// `freeze`, `thaw`, `quarantine`, `unquarantine`.
std::vector<CliCommand> control_commands();

/// `page`, `serve`, `metrics`: the ledger for browsers and Prometheus.
std::vector<CliCommand> view_commands();

/// `check`: the gate's manifest verdict, run locally.
std::vector<CliCommand> check_commands();

} // namespace slipway::admin
