// The Kubernetes target without a cluster: objects rendered one file each into a commit on a ref.
#pragma once

#include "deploy/kube_object.hpp"
#include "git/commit_writer.hpp"
#include "git/repository.hpp"
#include "util/result.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace slipway::deploy {

/// Where and for what a rendering is written.
struct RenderSettings {
    std::string environment;                   ///< named in the commit message
    std::string ref;                           ///< "refs/slipway/rendered/<environment>"
    std::string default_namespace = "default"; ///< for namespaced objects that set none
    std::string source_commit;                 ///< full hex id of the commit being deployed
    std::string pusher;
    git::Signature committer; ///< Slipway itself, by default; time: now
};

/// What render_to_ref() wrote.
struct RenderOutcome {
    git::RefCommit commit;
    std::size_t objects = 0;          ///< files in the rendering
    std::size_t added = 0;            ///< files new since the previous rendering
    std::size_t modified = 0;         ///< files whose content changed
    std::vector<std::string> deleted; ///< files gone since the previous rendering (pruned)
};

/// The commit message of a rendering: a subject naming the short source commit, the
/// environment and the pusher, then `Source-Commit:`, `Pushed-By:` and `Environment:` lines.
std::string render_message(const RenderSettings& settings);

/// Writes `objects` as `<namespace or _cluster>/<lowercase kind>-<name>.yaml` files (the whole
/// tree: an object no longer in `objects` is a deleted file) into a commit whose parent is the
/// previous rendering on `settings.ref`, and moves the ref there with compare-and-swap. A
/// commit is written even when nothing changed, so the ref's tip always names the last
/// deployed source commit. Fails on an invalid or duplicate object or when the ref moved
/// meanwhile; the ref is then unchanged.
Result<RenderOutcome> render_to_ref(const git::Repository& repo,
                                    const std::vector<KubeObject>& objects,
                                    const RenderSettings& settings);

} // namespace slipway::deploy
