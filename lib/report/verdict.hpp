// The gate's verdict as the pusher reads it: a headline, one line per finding, a hint.
#pragma once

#include "report/finding.hpp"

#include <string>
#include <vector>

namespace slipway::report {

/// "  <ref>: [<path>:<line>:<col>: ]error: <message> [<rule>]".
std::string format_finding(const Finding& finding);

/// The lines to show for `findings` of a push of `update_count` ref updates: a headline
/// ("slipway: push rejected — 2 problems", or accepted), each finding, and a hint when
/// rejected.
std::vector<std::string> format_verdict(const Findings& findings, std::size_t update_count);

/// The lines shown when the gate cannot decide (broken policy, unreadable repository):
/// the push is rejected and the pusher told the server is at fault. Each line of
/// `message` becomes one line; `rule` tags them ("policy").
std::vector<std::string> format_failure(const std::string& message, const std::string& rule,
                                        const std::string& hint);

} // namespace slipway::report
