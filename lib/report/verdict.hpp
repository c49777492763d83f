// The gate's verdict as the pusher reads it: a headline, one line per finding, a hint.
#pragma once

#include "report/finding.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace slipway::report {

/// "  <ref>: [<path>:<line>:<col>: ]error: <message> [<rule>]".
std::string format_finding(const Finding& finding);

/// How many findings format_verdict() shows; the defaults show every one.
struct VerdictLimits {
    std::size_t findings = SIZE_MAX; ///< in all
    std::size_t per_file = SIZE_MAX; ///< about one file of one ref (findings without a path
                                     ///< count only towards `findings`)
};

/// The lines to show for `findings` of a push of `update_count` ref updates: a headline
/// ("slipway: push rejected — 2 problems", or accepted; it counts every finding), the findings
/// (errors first) as far as `limits` allow, then, when some were left out, "  … and N more;
/// run `slipway check` in your clone to see them all", and a hint when rejected.
std::vector<std::string> format_verdict(const Findings& findings, std::size_t update_count,
                                        const VerdictLimits& limits = {});

/// The lines shown when the gate cannot decide (broken policy, unreadable repository):
/// the push is rejected and the pusher told the server is at fault. Each line of
/// `message` becomes one line; `rule` tags them ("policy").
std::vector<std::string> format_failure(const std::string& message, const std::string& rule,
                                        const std::string& hint);

} // namespace slipway::report
