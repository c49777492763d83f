// Rule `branch-name`: names of new branches follow the policy's patterns.
#include "check/ref_checks.hpp"

#include <algorithm>

namespace slipway::check {

namespace {

// The first 64 bytes of a name too long to print whole, then "…".
std::string shortened(const std::string& name) {
    return name.size() <= 64 ? name : name.substr(0, 64) + "…";
}

} // namespace

void check_branch_name(const git::ClassifiedUpdate& update, const MatchedRules& rules,
                       Findings& out) {
    if (update.change != git::Change::create || update.ref_kind != git::RefKind::branch)
        return;
    const bool has_pattern =
        std::any_of(rules.begin(), rules.end(), [](const auto* r) { return r->branch_name; });
    if (has_pattern && update.short_name.size() > policy::max_ref_name_bytes) {
        out.push_back({.ref = update.update.ref,
                       .message = "branch name \"" + shortened(update.short_name) + "\" is " +
                                  std::to_string(update.short_name.size()) +
                                  " bytes long, more than the " +
                                  std::to_string(policy::max_ref_name_bytes) +
                                  " a branch name may have; use a shorter name",
                       .rule = "branch-name"});
        return;
    }
    for (const auto* rule : rules) {
        if (!rule->branch_name || rule->branch_name->full_match(update.short_name))
            continue;
        out.push_back({.ref = update.update.ref,
                       .message = "branch name \"" + update.short_name +
                                  "\" does not match the allowed pattern " +
                                  rule->branch_name->text() +
                                  "; rename it (git branch -m) and push again",
                       .rule = "branch-name"});
        return;
    }
}

} // namespace slipway::check
