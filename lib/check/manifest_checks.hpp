// The gate's manifest checks: every ref update of a push judged by the policy's `manifests:`
// section, incrementally (see review::ManifestJudge).
#pragma once

#include "check/push_context.hpp"
#include "report/finding.hpp"

namespace slipway::check {

/// The manifest findings of every update in `ctx` that creates or moves a ref (deletions and
/// refs/slipway/ are skipped), with `ref` set. An update is judged against its old value; a
/// new ref against its merge base with the HEAD branch (every file when there is none).
/// Caches live in `<git_dir>/slipway/cache/`, kustomize checkouts in `<git_dir>/slipway/tmp/`
/// (removed after). Nothing is done when the policy has no `manifests:` section. Under a
/// git::CheckoutBudget::Scope, a kustomize checkout the budget refuses ends that update's
/// checks with the refusal's finding (check::checkout_finding()). An Error means the push
/// could not be judged: the caller rejects it.
Result<Findings> check_manifests(const PushContext& ctx);

} // namespace slipway::check
