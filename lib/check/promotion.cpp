// `promotion`: a commit enters an environment with `promote_from` only when it ran in the
// source environment and is still good there: not reverted since, not quarantined by an
// operator, and (with `require: current`) the one deployed there now.
#include "check/ref_checks.hpp"

#include "git/history.hpp"
#include "git/objects.hpp"
#include "git/oid.hpp"
#include "git/reverts.hpp"
#include "util/time_zone.hpp"

namespace slipway::check {

namespace {

std::string join(const std::vector<std::string>& names, const char* separator) {
    std::string out;
    for (const auto& n : names)
        out += (out.empty() ? "" : separator) + n;
    return out;
}

// Why `commit`, deployed to `from` at some point, is no longer good there; nullopt when it is.
Result<std::optional<std::string>> quarantined(const PushContext& ctx, const std::string& from,
                                               const std::string& commit) {
    SLIPWAY_TRY_LET(decision, ctx.history()->quarantine(commit));
    if (*decision)
        return "commit " + git::short_id(commit) + " is quarantined: " + (*decision)->actor +
               " quarantined it at " + util::TimeZone::utc().format((*decision)->time_ms / 1000) +
               " (record #" + std::to_string((*decision)->record_id) + "): " + (*decision)->reason +
               "; `slipway unquarantine` releases it";
    SLIPWAY_TRY_LET(later, ctx.history()->deployed_after(from, commit));
    std::vector<git_oid> tips;
    for (const auto& d : *later)
        if (auto oid = git::parse_oid(d.commit))
            tips.push_back(*oid);
    auto target = git::parse_oid(commit);
    if (tips.empty() || !target)
        return std::nullopt;
    SLIPWAY_TRY_LET(revert, git::find_revert(ctx.repo(), *target, tips));
    if (!*revert)
        return std::nullopt;
    const std::string by = git::to_hex((*revert)->by);
    // When the revert reached `from`: the first later deploy that contains it.
    std::string when;
    for (const auto& d : *later) {
        auto oid = git::parse_oid(d.commit);
        if (!oid)
            continue;
        auto contains = git::is_ancestor(ctx.repo(), (*revert)->by, *oid);
        if (contains && *contains) {
            when = ", deployed there at " + util::TimeZone::utc().format(d.time_ms / 1000) +
                   (d.commit == by ? "" : " in " + git::short_id(d.commit));
            break;
        }
    }
    auto info = git::read_commit(ctx.repo(), (*revert)->by);
    const std::string summary = info ? " (\"" + info->summary + "\")" : "";
    return "commit " + git::short_id(commit) + " was reverted in " + from + " by " +
           git::short_id(by) + summary +
           ((*revert)->kind == git::RevertKind::message ? ""
                                                        : ", which restores the tree it replaced") +
           when;
}

} // namespace

Status check_promotion(const PushContext& ctx, const git::ClassifiedUpdate& update, Findings& out) {
    if (update.change == git::Change::remove)
        return {};
    const auto& envs = ctx.policy().environments;
    for (const auto* env : policy::environments_for(envs, update.update.ref)) {
        if (!env->promote_from)
            continue;
        const auto& from = *env->promote_from;
        auto refuse = [&](const std::string& message) {
            out.push_back({.ref = update.update.ref, .message = message, .rule = "promotion"});
        };
        if (update.new_peeled->kind != git::ObjectKind::commit) {
            refuse(update.update.ref + " points at a " + git::kind_name(update.new_peeled->kind) +
                   ", and only a commit deployed to " + from + " can go to " + env->name);
            continue;
        }
        const auto commit = git::to_hex(update.new_peeled->oid);
        if (!ctx.history())
            return fail("no record of past deploys is available to check promotion to " +
                        env->name);
        SLIPWAY_TRY_LET(deployed, ctx.history()->deployed_successfully(from, commit));
        if (!*deployed) {
            std::string via;
            if (const auto* source = policy::find_environment(envs, from))
                via = " (push it to " + join(source->refs, " or ") + " and let it deploy)";
            refuse("commit " + git::short_id(commit) + " was never deployed successfully to " +
                   from + "; " + env->name + " only takes commits that ran in " + from + " first" +
                   via);
            continue;
        }
        SLIPWAY_TRY_LET(why, quarantined(ctx, from, commit));
        if (*why) {
            refuse(**why + "; " + env->name + " only takes commits still good in " + from);
            continue;
        }
        if (env->promote_require != policy::PromotionRequirement::current)
            continue;
        SLIPWAY_TRY_LET(current, ctx.history()->current_commit(from));
        if (*current && **current == commit)
            continue;
        refuse("commit " + git::short_id(commit) + " is not the commit deployed in " + from +
               " now (" + (*current ? git::short_id(**current) : std::string("none")) + "); " +
               env->name + " only takes the commit that runs in " + from +
               " (promote_from require: current)");
    }
    return {};
}

} // namespace slipway::check
