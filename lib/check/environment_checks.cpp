// Rules about environments: who may deploy there (`not-authorized`) and promotion order
// (`promotion`).
#include "check/ref_checks.hpp"

#include "git/oid.hpp"

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

Status check_promotion(const PushContext& ctx, const git::ClassifiedUpdate& update, Findings& out) {
    if (update.change == git::Change::remove)
        return {};
    const auto& envs = ctx.policy().environments;
    for (const auto* env : policy::environments_for(envs, update.update.ref)) {
        if (!env->promote_from)
            continue;
        const auto& from = *env->promote_from;
        if (update.new_peeled->kind != git::ObjectKind::commit) {
            out.push_back({.ref = update.update.ref,
                           .message = update.update.ref + " points at a " +
                                      git::kind_name(update.new_peeled->kind) +
                                      ", and only a "
                                      "commit deployed to " +
                                      from + " can go to " + env->name,
                           .rule = "promotion"});
            continue;
        }
        const auto commit = git::to_hex(update.new_peeled->oid);
        if (!ctx.history())
            return fail("no record of past deploys is available to check promotion to " +
                        env->name);
        SLIPWAY_TRY_LET(deployed, ctx.history()->deployed_successfully(from, commit));
        if (*deployed)
            continue;
        std::string via;
        if (const auto* source = policy::find_environment(envs, from))
            via = " (push it to " + join(source->refs, " or ") + " and let it deploy)";
        out.push_back({.ref = update.update.ref,
                       .message = "commit " + git::short_id(commit) +
                                  " was never deployed successfully to " + from + "; " + env->name +
                                  " only takes commits that ran in " + from + " first" + via,
                       .rule = "promotion"});
    }
    return {};
}

} // namespace slipway::check
