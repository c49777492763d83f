// Command-line arguments of the `slipway` CLI: positionals, `--flag`, `--option VALUE`.
#pragma once

#include "util/result.hpp"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace slipway::admin {

/// What a command accepts.
struct ArgSpec {
    std::set<std::string> flags;    ///< options without a value ("--force")
    std::set<std::string> valued;   ///< options with a value ("--policy")
    std::set<std::string> repeated; ///< valued options that may be given more than once
    std::size_t min_positional = 0;
    std::size_t max_positional = 0;
};

/// Arguments after parsing.
struct Args {
    std::vector<std::string> positional;
    std::set<std::string> flags;
    std::map<std::string, std::vector<std::string>> values;
    bool help = false; ///< -h or --help was given

    bool flag(const std::string& name) const { return flags.count(name) > 0; }
    /// The (last) value of `name`, or nullopt.
    std::optional<std::string> value(const std::string& name) const;
    /// All values of a repeated option.
    std::vector<std::string> all(const std::string& name) const;
};

/// Parses `args` (without the program and command names) against `spec`. Accepts
/// `--opt VALUE` and `--opt=VALUE`; `--` ends options. Unknown options and wrong counts are
/// errors whose message says what was expected.
Result<Args> parse_args(const std::vector<std::string>& args, const ArgSpec& spec);

} // namespace slipway::admin
