// Rule `not-authorized`: who may push to which refs.
#include "check/ref_checks.hpp"

namespace slipway::check {

namespace {

std::string join(const std::vector<std::string>& names) {
    if (names.empty())
        return "nobody";
    std::string out;
    for (const auto& n : names)
        out += (out.empty() ? "" : ", ") + n;
    return out;
}

} // namespace

void check_authorization(const PushContext& ctx, const git::ClassifiedUpdate& update,
                         const MatchedRules& rules, Findings& out) {
    const auto& who = ctx.pusher().name;
    for (const auto* rule : rules) {
        if (!rule->push || ctx.policy().principals.includes(*rule->push, who))
            continue;
        out.push_back({.ref = update.update.ref,
                       .message = who + " may not push to " + update.update.ref +
                                  " (allowed: " + join(*rule->push) +
                                  "); ask one of them to push it, or an admin to change the policy",
                       .rule = "not-authorized"});
        return;
    }
}

} // namespace slipway::check
