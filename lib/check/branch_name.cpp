// Rule `branch-name`: names of new branches follow the policy's patterns.
#include "check/ref_checks.hpp"

namespace slipway::check {

void check_branch_name(const git::ClassifiedUpdate& update, const MatchedRules& rules,
                       Findings& out) {
    if (update.change != git::Change::create || update.ref_kind != git::RefKind::branch)
        return;
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
