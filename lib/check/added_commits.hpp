// The commits an update adds to its ref: what four-eyes and the signature rule judge.
#pragma once

#include "check/push_context.hpp"
#include "git/ref_update.hpp"

#include <vector>

namespace slipway::check {

/// The commits `update` adds to its ref, whether or not other refs already have them: for an
/// update, those between old and new; for a new ref, those since its merge base with the
/// repository's HEAD branch (what it was made from), everything when there is none. Pushing
/// one's own branch first, or creating the ref at commits pushed elsewhere, dodges nothing.
/// Tags are peeled first. Empty for a deletion and for a tag of a tree or blob.
Result<std::vector<git_oid>> added_commits(const PushContext& ctx,
                                           const git::ClassifiedUpdate& update);

} // namespace slipway::check
