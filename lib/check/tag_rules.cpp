// Rules `tag-pattern`, `tag-annotated`, `tag-immutable`, `tag-target`: what tags must be.
#include "check/ref_checks.hpp"

#include "git/history.hpp"
#include "git/objects.hpp"
#include "git/oid.hpp"

namespace slipway::check {

Status check_tag(const PushContext& ctx, const git::ClassifiedUpdate& update,
                 const MatchedRules& rules, Findings& out) {
    if (update.ref_kind != git::RefKind::tag)
        return {};
    const auto& ref = update.update.ref;
    const std::string tag = "tag \"" + update.short_name + "\"";
    std::vector<const policy::TagRules*> tag_rules;
    for (const auto* r : rules)
        if (r->tag)
            tag_rules.push_back(&*r->tag);
    if (tag_rules.empty())
        return {};

    for (const auto* t : tag_rules) {
        if (!t->immutable || update.change == git::Change::create)
            continue;
        out.push_back(
            {.ref = ref,
             .message = update.change == git::Change::remove
                            ? tag + " cannot be deleted: tags are immutable"
                            : tag + " already exists and tags are immutable; create a new tag "
                                    "instead of moving this one",
             .rule = "tag-immutable"});
        return {};
    }
    if (update.change == git::Change::remove)
        return {};

    if (update.change == git::Change::create) {
        for (const auto* t : tag_rules) {
            if (!t->pattern || t->pattern->full_match(update.short_name))
                continue;
            out.push_back({.ref = ref,
                           .message = tag + " does not match the tag pattern " + t->pattern->text(),
                           .rule = "tag-pattern"});
            break;
        }
    }
    for (const auto* t : tag_rules) {
        if (!t->annotated || update.new_kind == git::ObjectKind::tag)
            continue;
        out.push_back({.ref = ref,
                       .message = tag +
                                  " is lightweight but tags must be annotated; delete it "
                                  "locally and create it with `git tag -a " +
                                  update.short_name + " -m \"<message>\"`",
                       .rule = "tag-annotated"});
        break;
    }
    for (const auto* t : tag_rules) {
        if (t->reachable_from.empty())
            continue;
        if (update.new_peeled->kind != git::ObjectKind::commit) {
            out.push_back({.ref = ref,
                           .message = tag + " points at a " +
                                      git::kind_name(update.new_peeled->kind) +
                                      ", not a commit; tag a commit of " +
                                      git::short_ref_name(t->reachable_from.front()),
                           .rule = "tag-target"});
            break;
        }
        std::vector<git_oid> tips;
        for (const auto& branch : t->reachable_from) {
            SLIPWAY_TRY_LET(tip, ctx.ref_after_push(branch));
            if (!*tip)
                continue;
            // A branch left pointing at a tree or blob (another rule refuses that) holds no
            // commit the tag could be on.
            SLIPWAY_TRY_LET(peeled, git::peel(ctx.repo(), **tip));
            if (peeled->kind == git::ObjectKind::commit)
                tips.push_back(peeled->oid);
        }
        SLIPWAY_TRY_LET(reachable,
                        git::reachable_from_any(ctx.repo(), update.new_peeled->oid, tips));
        if (*reachable)
            continue;
        std::string branches;
        for (const auto& b : t->reachable_from)
            branches += (branches.empty() ? "" : " or ") + git::short_ref_name(b);
        out.push_back({.ref = ref,
                       .message = tag + " points at commit " +
                                  git::short_id(git::to_hex(update.new_peeled->oid)) +
                                  ", which is not on " + branches + "; tag a commit of " +
                                  branches + " (push the branch first)",
                       .rule = "tag-target"});
        break;
    }
    return {};
}

} // namespace slipway::check
