// Rule `signature`: where a ref rule or environment says `signatures:`, the commits an update
// adds and the annotated tags it points the ref at carry a valid signature by a policy user
// (one of `signers`, when given).
#include "check/ref_checks.hpp"

#include "check/added_commits.hpp"
#include "check/signature_verifier.hpp"
#include "git/objects.hpp"
#include "git/oid.hpp"

#include <algorithm>

namespace slipway::check {

namespace {

using signing::SignatureStatus;

// How many offenders one finding names before it only counts the rest.
constexpr std::size_t named_offenders = 3;
// How many offenders are counted before verification stops: a hostile push of 100,000
// commits signed by throwaway keys would cost an ssh-keygen run each; past this many the push
// is refused anyway.
constexpr std::size_t counted_offenders = 100;

// What the signature rules that apply to one ref demand, and who demands it.
struct Demands {
    bool commits = false;
    bool tags = false;
    std::string commits_because; // "a ref rule says signatures.commits: required"
    std::string tags_because;
    /// Each `signers` list that applies; a signer must be in all of them.
    std::vector<const std::vector<std::string>*> signers;
};

Demands demands_for(const PushContext& ctx, const git::ClassifiedUpdate& update,
                    const MatchedRules& rules) {
    Demands d;
    auto add = [&](const policy::SignatureRules& s, const std::string& who) {
        if (s.commits && !d.commits) {
            d.commits = true;
            d.commits_because = who + " says signatures.commits: required";
        }
        if (s.tags && !d.tags) {
            d.tags = true;
            d.tags_because = who + " says signatures.tags: required";
        }
        if (s.signers)
            d.signers.push_back(&*s.signers);
    };
    for (const auto* r : rules)
        if (r->signatures)
            add(*r->signatures, "a ref rule");
    for (const auto* env : policy::environments_for(ctx.policy().environments, update.update.ref))
        if (env->signatures)
            add(*env->signatures, "environment " + env->name);
    return d;
}

std::string list_text(const std::vector<std::string>& list) {
    if (list.size() == 1)
        return "in " + list.front();
    std::string out = "among ";
    for (std::size_t i = 0; i < list.size(); ++i)
        out += (i ? ", " : "") + list[i];
    return out;
}

// "3f2a9c1 (author carol)" or "tag v1.2.0 (tagger carol)".
std::string describe(const PushContext& ctx, const git_oid& oid, const ObjectSignature& sig,
                     const std::string& tag_name) {
    const auto& principals = ctx.policy().principals;
    std::string who = principals.owner_of_email(sig.object.email).value_or(sig.object.name);
    if (who.empty())
        who = "unknown";
    if (sig.object.kind == git::ObjectKind::tag)
        return "tag " + tag_name + " (tagger " + who + ")";
    return git::to_hex(oid).substr(0, 7) + " (author " + who + ")";
}

// What is wrong with `sig` under `demands`; nullopt when nothing is.
std::optional<std::string> problem(const PushContext& ctx, const ObjectSignature& sig,
                                   const Demands& demands) {
    const auto& v = sig.verdict;
    switch (v.status) {
    case SignatureStatus::unsigned_object:
        return "is not signed";
    case SignatureStatus::good:
        break;
    case SignatureStatus::bad:
        return "has a bad signature by key " + v.key +
               (v.detail.empty() ? "" : " (" + v.detail + ")");
    case SignatureStatus::unknown_key:
        if (v.format == "ssh")
            return "is signed by an unknown key " + v.key;
        // gpgv names the key it lacks by its long id; without one, say what it said.
        return "is signed by an unknown OpenPGP key" +
               (v.key.empty() ? " (" + v.detail + ")" : " " + v.key);
    case SignatureStatus::wrong_namespace:
        return "has an SSH signature not made for git: " + v.detail;
    case SignatureStatus::expired_signature:
    case SignatureStatus::expired_key:
    case SignatureStatus::revoked_key:
        return "is signed, but " + v.detail;
    case SignatureStatus::unsupported:
        return "carries " + v.detail;
    case SignatureStatus::malformed:
        return "has a signature that cannot be checked (" + v.detail + ")";
    }
    if (sig.signer.empty())
        return "is signed by " + std::string(v.format == "ssh" ? "SSH" : "OpenPGP") + " key " +
               v.key + ", which no policy user has (users.<name>." +
               (v.format == "ssh" ? "keys" : "gpg") + ")";
    for (const auto* list : demands.signers)
        if (!ctx.policy().principals.includes(*list, sig.signer))
            return "is signed by " + sig.signer + ", who is not " + list_text(*list);
    return std::nullopt;
}

// One finding for the ref: the first few offenders, then how many in all (`stopped`: at
// least that many; verification stopped at counted_offenders).
void report(const git::ClassifiedUpdate& update, const std::string& what,
            const std::string& because, const std::vector<std::string>& offenders,
            std::size_t judged, Findings& out, bool stopped = false) {
    if (offenders.empty())
        return;
    std::string message = update.update.ref + " takes only signed " + what + " (" + because + "): ";
    for (std::size_t i = 0; i < offenders.size() && i < named_offenders; ++i)
        message += (i ? "; " : "") + offenders[i];
    if (offenders.size() > named_offenders)
        message += "; and " + std::to_string(offenders.size() - named_offenders) + " more (" +
                   (stopped ? "at least " : "") + std::to_string(offenders.size()) + " of " +
                   std::to_string(judged) + " " + what +
                   (stopped ? "; the rest were not checked" : "") + ")";
    out.push_back({.ref = update.update.ref, .message = message, .rule = "signature"});
}

Status check_commits(const PushContext& ctx, const git::ClassifiedUpdate& update,
                     const Demands& demands, Findings& out) {
    SLIPWAY_TRY_LET(added, added_commits(ctx, update));
    std::vector<std::string> offenders;
    bool stopped = false;
    for (const auto& oid : *added) {
        if (offenders.size() == counted_offenders) {
            stopped = true;
            break;
        }
        SLIPWAY_TRY_LET(sig, ctx.signatures().verify(oid));
        if (auto p = problem(ctx, **sig, demands))
            offenders.push_back(describe(ctx, oid, **sig, "") + " " + *p);
    }
    report(update, "commits", demands.commits_because, offenders, added->size(), out, stopped);
    return {};
}

Status check_tags(const PushContext& ctx, const git::ClassifiedUpdate& update,
                  const Demands& demands, Findings& out) {
    if (update.new_kind != git::ObjectKind::tag) {
        if (update.ref_kind == git::RefKind::tag)
            out.push_back({.ref = update.update.ref,
                           .message = update.update.ref + " takes only signed tags (" +
                                      demands.tags_because + "): tag " + update.short_name +
                                      " is lightweight and cannot carry a signature; create "
                                      "it with `git tag -s " +
                                      update.short_name + "`",
                           .rule = "signature"});
        return {};
    }
    // The tag the ref points at and every tag it points at in turn.
    std::vector<std::string> offenders;
    std::size_t judged = 0;
    git_oid current = *update.new_oid;
    for (int depth = 0; depth < 64; ++depth) {
        SLIPWAY_TRY_LET(kind, git::object_kind(ctx.repo(), current));
        if (*kind != git::ObjectKind::tag)
            break;
        SLIPWAY_TRY_LET(tag, git::read_tag(ctx.repo(), current));
        SLIPWAY_TRY_LET(sig, ctx.signatures().verify(current));
        ++judged;
        if (auto p = problem(ctx, **sig, demands))
            offenders.push_back(describe(ctx, current, **sig, tag->name) + " " + *p);
        current = tag->target;
    }
    report(update, "tags", demands.tags_because, offenders, judged, out);
    return {};
}

} // namespace

Status check_signatures(const PushContext& ctx, const git::ClassifiedUpdate& update,
                        const MatchedRules& rules, Findings& out) {
    if (update.change == git::Change::remove)
        return {};
    const Demands demands = demands_for(ctx, update, rules);
    if (demands.commits)
        SLIPWAY_TRY(check_commits(ctx, update, demands, out));
    if (demands.tags)
        SLIPWAY_TRY(check_tags(ctx, update, demands, out));
    return {};
}

bool signed_commits_required(const PushContext& ctx, const git::ClassifiedUpdate& update,
                             const MatchedRules& rules) {
    return demands_for(ctx, update, rules).commits;
}

} // namespace slipway::check
