// The gate's tree checks: what a push's trees hold, judged from tree entries and object headers
// before anything reads, checks out or renders them.
#pragma once

#include "check/push_context.hpp"
#include "report/finding.hpp"

#include <set>
#include <string>

namespace slipway::check {

/// What the tree checks found.
struct TreeVerdict {
    Findings findings; ///< with `ref` set
    /// The refs with a finding here: the later checks (manifests, terraform) leave them out,
    /// since their trees cannot be checked out safely or hold a file too large to read.
    std::set<std::string> refused_refs;
};

/// The tree checks of every update in `ctx` that creates or moves a ref to a commit or tree
/// (deletions, blobs and refs/slipway/ are skipped):
/// - each commit the update brings into the repository (`new --not --all`; one a previous
///   update of the push brought is not looked at again), in its tree as it differs from its
///   first parent's (all of it for a root commit; a ref to a tree object: that tree): an entry
///   name git fsck refuses (`path-name`, at that entry, not descended into; see
///   path_name_problem()), a path of more than `limits.tree_depth` components (`tree-depth`,
///   once per update), a symlink target longer than 4096 bytes (`path-name`);
/// - the tip's tree as the manifest checks compare it (with the old value, or with the merge
///   base of a new ref and the HEAD branch), when the policy has `manifests:`: each changed
///   manifest candidate of the ref's deploy targets larger than `manifests.limits.
///   max_file_bytes` (`yaml-limits`), its size read from the object header, its content never.
/// At most 1000 findings are collected; the last says the checks stopped. Fails (the gate then
/// fails closed) when an object cannot be read.
Result<TreeVerdict> check_trees(const PushContext& ctx);

} // namespace slipway::check
