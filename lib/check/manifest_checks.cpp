// The gate's manifest checks over every ref update of a push.
#include "check/manifest_checks.hpp"
#include "util/state_paths.hpp"

#include "check/checkout_limits.hpp"
#include "git/checkout.hpp"
#include "git/oid.hpp"
#include "review/change_judge.hpp"

namespace slipway::check {

Result<Findings> check_manifests(const PushContext& ctx) {
    const auto& mp = ctx.policy().manifests;
    if (!mp.enabled)
        return Findings{};
    std::vector<std::filesystem::path> sources;
    for (const auto& s : mp.schemas)
        sources.emplace_back(s.path);
    const auto state = util::StateDir::for_repository(ctx.repo().git_dir());
    review::ManifestJudge judge(ctx.repo(), ctx.policy(),
                                {.schemas = manifest::SchemaSources(std::move(sources)),
                                 .cache_dir = state.cache(),
                                 .render_dir = state.scratch()});
    Findings out;
    for (const auto& u : ctx.updates()) {
        if (u.change == git::Change::remove || !u.new_oid || !u.new_peeled ||
            u.new_peeled->kind == git::ObjectKind::blob || util::is_reserved_ref(u.update.ref))
            continue;
        std::optional<git_oid> base = u.old_oid;
        if (!base) {
            SLIPWAY_TRY_LET(merge_base,
                            review::base_for_new_ref(ctx.repo(), u.update.ref, *u.new_oid));
            base = *merge_base;
        }
        auto found = judge.judge_change(u.update.ref, base, *u.new_oid);
        if (!found) {
            // A checkout the budget refused is the push's fault: a finding, not a failure.
            if (auto* budget = git::CheckoutBudget::active())
                if (auto refusal = budget->take_refusal()) {
                    out.push_back(checkout_finding(u.update.ref, *refusal, "kustomize"));
                    continue;
                }
            return fail(u.update.ref, found.error());
        }
        for (auto& f : *found) {
            f.ref = u.update.ref;
            out.push_back(std::move(f));
        }
    }
    return out;
}

} // namespace slipway::check
