// The gate's verdict as the pusher reads it.
#include "report/verdict.hpp"

#include <algorithm>
#include <map>
#include <string_view>
#include <utility>

namespace slipway::report {

std::string format_finding(const Finding& f) {
    std::string line = "  ";
    if (!f.ref.empty())
        line += f.ref + ": ";
    if (!f.path.empty()) {
        line += f.path;
        if (f.line > 0) {
            line += ":" + std::to_string(f.line);
            if (f.column > 0)
                line += ":" + std::to_string(f.column);
        }
        line += ": ";
    }
    line += f.severity == Severity::error ? "error: " : "warning: ";
    line += f.message;
    line += " [" + f.rule + "]";
    return line;
}

std::vector<std::string> format_verdict(const Findings& findings, std::size_t update_count,
                                        const VerdictLimits& limits) {
    std::vector<std::string> lines;
    const auto errors = count_errors(findings);
    const auto warnings = findings.size() - errors;
    auto plural = [](std::size_t n, const char* one, const char* many) {
        return std::to_string(n) + " " + (n == 1 ? one : many);
    };
    if (errors > 0)
        lines.push_back("slipway: push rejected — " + plural(errors, "problem", "problems"));
    else if (warnings > 0)
        lines.push_back("slipway: push accepted with " + plural(warnings, "warning", "warnings"));
    else
        lines.push_back("slipway: push accepted — " +
                        plural(update_count, "ref update", "ref updates") + " checked");
    // Errors first, in the order found; warnings after. A push with thousands of findings
    // gets the first ones (and a few per file): enough to start fixing.
    std::size_t shown = 0, left_out = 0;
    std::map<std::pair<std::string_view, std::string_view>, std::size_t> per_file;
    for (auto severity : {Severity::error, Severity::warning})
        for (const auto& f : findings) {
            if (f.severity != severity)
                continue;
            if (shown >= limits.findings ||
                (!f.path.empty() && per_file[{f.ref, f.path}]++ >= limits.per_file)) {
                ++left_out;
                continue;
            }
            ++shown;
            lines.push_back(format_finding(f));
        }
    if (left_out > 0)
        lines.push_back("  … and " + std::to_string(left_out) +
                        " more; run `slipway check` in your clone to see them all");
    if (errors > 0) {
        bool in_files = std::any_of(findings.begin(), findings.end(),
                                    [](const Finding& f) { return !f.path.empty(); });
        lines.push_back(in_files ? "hint: run `slipway check` in your clone to see the same "
                                   "verdict before pushing"
                                 : "hint: no ref was changed; fix the problems above and push "
                                   "again");
    }
    return lines;
}

std::vector<std::string> format_failure(const std::string& message, const std::string& rule,
                                        const std::string& hint) {
    std::vector<std::string> lines{"slipway: push rejected — the server could not check it"};
    std::size_t start = 0;
    while (start <= message.size()) {
        auto nl = message.find('\n', start);
        auto part = message.substr(start, nl == std::string::npos ? nl : nl - start);
        if (!part.empty())
            lines.push_back("  error: " + part + (rule.empty() ? "" : " [" + rule + "]"));
        if (nl == std::string::npos)
            break;
        start = nl + 1;
    }
    if (!hint.empty())
        lines.push_back("hint: " + hint);
    return lines;
}

} // namespace slipway::report
