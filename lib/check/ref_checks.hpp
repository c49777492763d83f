// The gate's rules about ref updates; each appends its Findings for one update.
#pragma once

#include "check/push_context.hpp"
#include "policy/ref_rules.hpp"
#include "report/finding.hpp"

#include <vector>

namespace slipway::check {

/// The policy rules that match one update's ref, in file order.
using MatchedRules = std::vector<const policy::RefRule*>;

/// `reserved-ref`: refs under refs/slipway/ belong to Slipway; true when `update` is one
/// (the other rules are then moot).
bool check_reserved_ref(const git::ClassifiedUpdate& update, Findings& out);

/// `not-authorized`: the pusher must be allowed by every matching rule that lists who may push.
void check_authorization(const PushContext& ctx, const git::ClassifiedUpdate& update,
                         const MatchedRules& rules, Findings& out);

/// `ref-delete`, `force-push`, `protected-branch`: a protected ref is never deleted, only
/// fast-forwarded, and always points at a commit.
Status check_protection(const PushContext& ctx, const git::ClassifiedUpdate& update,
                        const MatchedRules& rules, Findings& out);

/// `branch-name`: a newly created branch's short name matches the rules' patterns.
void check_branch_name(const git::ClassifiedUpdate& update, const MatchedRules& rules,
                       Findings& out);

/// `tag-pattern`, `tag-annotated`, `tag-immutable`, `tag-target`.
Status check_tag(const PushContext& ctx, const git::ClassifiedUpdate& update,
                 const MatchedRules& rules, Findings& out);

/// `four-eyes`: on a rule with four_eyes, the pusher must not be the author of every commit
/// the update adds to the ref.
Status check_four_eyes(const PushContext& ctx, const git::ClassifiedUpdate& update,
                       const MatchedRules& rules, Findings& out);

/// `push-cert`: where a matching rule or an environment the ref deploys to says
/// `push_certificate: required`, the push must carry a certificate with a good signature and
/// a fresh nonce, signed by a key the policy gives the (authenticated) pusher.
void check_push_certificate(const PushContext& ctx, const git::ClassifiedUpdate& update,
                            const MatchedRules& rules, Findings& out);

/// `signature`: where a matching rule or an environment the ref deploys to has
/// `signatures:`, each commit the update adds (commits: required) and each annotated tag it
/// points the ref at (tags: required; a lightweight tag is refused) carries a valid signature
/// by a policy user's key, and that user is in every `signers` list that applies.
Status check_signatures(const PushContext& ctx, const git::ClassifiedUpdate& update,
                        const MatchedRules& rules, Findings& out);

/// True when a matching rule or an environment of the ref says `signatures.commits:
/// required`: four-eyes then takes a commit's verified signer as its author.
bool signed_commits_required(const PushContext& ctx, const git::ClassifiedUpdate& update,
                             const MatchedRules& rules);

/// `not-authorized`: the pusher must be among the `deployers` of every environment the
/// update deploys to.
void check_deployers(const PushContext& ctx, const git::ClassifiedUpdate& update, Findings& out);

/// `promotion`: an update into an environment with `promote_from` must carry a commit that
/// was deployed successfully to that environment and is still good there: not reverted by a
/// commit deployed there since, not quarantined by an operator, and with `require: current`
/// the commit deployed there now.
Status check_promotion(const PushContext& ctx, const git::ClassifiedUpdate& update, Findings& out);

/// `freeze`: an update that would deploy to an environment is refused while one of its
/// `freeze:` windows is in force at ctx.now_ms(), or an operator froze it (`slipway freeze`),
/// naming the window or who froze it, when and why. A deletion deploys nothing: not refused.
Status check_freeze(const PushContext& ctx, const git::ClassifiedUpdate& update, Findings& out);

} // namespace slipway::check
