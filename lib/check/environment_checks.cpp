// Rules about environments: who may deploy there (`not-authorized`). Promotion order is in
// promotion.cpp, freezes in freeze.cpp.
#include "check/ref_checks.hpp"

namespace slipway::check {

namespace {

std::string join(const std::vector<std::string>& names, const char* separator) {
    std::string out;
    for (const auto& n : names)
        out += (out.empty() ? "" : separator) + n;
    return out;
}

} // namespace

void check_deployers(const PushContext& ctx, const git::ClassifiedUpdate& update, Findings& out) {
    if (update.change == git::Change::remove)
        return;
    const auto& who = ctx.pusher().name;
    for (const auto* env : policy::environments_for(ctx.policy().environments, update.update.ref)) {
        if (!env->deployers || ctx.policy().principals.includes(*env->deployers, who))
            continue;
        out.push_back({.ref = update.update.ref,
                       .message = who + " may not deploy to " + env->name + ", where " +
                                  update.update.ref + " deploys (allowed: " +
                                  (env->deployers->empty() ? std::string("nobody")
                                                           : join(*env->deployers, ", ")) +
                                  ")",
                       .rule = "not-authorized"});
    }
}

} // namespace slipway::check
