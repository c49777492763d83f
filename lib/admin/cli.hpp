// The `slipway` admin CLI: finds the subcommand, prints help, runs it.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace slipway::admin {

/// Runs `slipway` with `args` (argv without the program name); returns the exit code.
int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

} // namespace slipway::admin
