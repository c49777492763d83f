// Break-glass: an audited override of change control for one push.
#include "check/break_glass.hpp"

#include <algorithm>
#include <optional>

namespace slipway::check {

namespace {

// The reason of the first break-glass option; nullopt when none was given.
std::optional<std::string> requested(const std::vector<std::string>& options) {
    for (const auto& o : options) {
        if (o == break_glass_option)
            return std::string();
        if (o.starts_with(std::string(break_glass_option) + "="))
            return o.substr(break_glass_option.size() + 1);
    }
    return std::nullopt;
}

bool overridable(const Finding& f) {
    return f.severity == Severity::error &&
           std::find(overridable_rules.begin(), overridable_rules.end(), f.rule) !=
               overridable_rules.end();
}

std::string join(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names)
        out += (out.empty() ? "" : ", ") + n;
    return out;
}

} // namespace

void apply_break_glass(const policy::Policy& policy, const policy::Pusher& pusher,
                       const std::vector<std::string>& push_options, Findings& findings) {
    const auto reason = requested(push_options);
    if (!reason)
        return;
    if (reason->empty()) {
        findings.push_back({.message = "break-glass needs a reason: push again with -o "
                                       "slipway.break-glass=\"INC-123: what is on fire\"",
                            .rule = "break-glass"});
        return;
    }
    if (!pusher.authenticated || !policy.principals.includes(policy.break_glass, pusher.name)) {
        findings.push_back(
            {.message = pusher.name + " may not break glass (" +
                        (policy.break_glass.empty()
                             ? std::string("the policy names nobody under break_glass")
                             : "break_glass: " + join(policy.break_glass)) +
                        (pusher.authenticated ? "" : "; the pusher is not authenticated") +
                        "); nothing was overridden",
             .rule = "break-glass"});
        return;
    }
    std::vector<std::string> rules;
    std::size_t overridden = 0;
    for (auto& f : findings) {
        if (!overridable(f))
            continue;
        f.severity = Severity::warning;
        f.message = "overridden by break-glass: " + f.message;
        if (std::find(rules.begin(), rules.end(), f.rule) == rules.end())
            rules.push_back(f.rule);
        ++overridden;
    }
    if (overridden == 0) {
        findings.push_back({.severity = Severity::warning,
                            .message = "break-glass was asked for (" + *reason +
                                       ") but nothing needed it: not recorded as a use",
                            .rule = "break-glass-unused"});
        return;
    }
    std::string what;
    for (const auto& r : rules)
        what += (what.empty() ? "[" : ", [") + r + "]";
    findings.push_back(
        {.severity = Severity::warning,
         .message = "BREAK-GLASS USED by " + pusher.name + ": " + *reason + " — " +
                    std::to_string(overridden) + (overridden == 1 ? " finding" : " findings") +
                    " of " + what +
                    " overridden; recorded in the ledger and shown by `slipway status` until "
                    "an admin acknowledges it (`slipway audit ack <repo> --break-glass <id>`)",
         .rule = "break-glass"});
}

} // namespace slipway::check
