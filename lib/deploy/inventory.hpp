// What Slipway applied to an environment last time, and what a new deploy may prune from it.
#pragma once

#include "deploy/kube_object.hpp"
#include "util/result.hpp"

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace slipway::deploy {

/// The objects recorded in the inventory file `file`, in file order; empty when the file does
/// not exist (nothing deployed yet). Fails on an unreadable or malformed file, naming the line.
Result<std::vector<ObjectRef>> read_inventory(const std::filesystem::path& file);

/// Replaces the inventory file `file` with `objects`, atomically (a temp file renamed over
/// it), creating its directory. Fails on I/O errors; the old inventory then stays.
Status write_inventory(const std::filesystem::path& file, const std::vector<ObjectRef>& objects);

enum class Allow { no, yes };

/// What an environment lets a deploy delete.
struct PrunePolicy {
    Allow namespaces = Allow::no;     ///< delete Namespace objects
    Allow cluster_scoped = Allow::no; ///< delete other cluster-scoped objects
    std::size_t limit = 10;           ///< at most this many deletions per deploy...
    /// ...unless the push says more (`git push -o slipway.prune=N`); see parse_prune_option().
    std::optional<std::size_t> pusher_limit;
};

/// The value of the `slipway.prune` push option: a number, or "all" (no limit). Fails with a
/// message for the pusher otherwise.
Result<std::size_t> parse_prune_option(std::string_view value);

/// What to do with the objects that were deployed before and are gone now.
struct PrunePlan {
    std::vector<ObjectRef> prune;     ///< to delete: namespaced objects first, namespaces last
    std::vector<ObjectRef> forbidden; ///< gone, but the policy forbids deleting them
};

/// Splits `previous` minus `current` (by ObjectRef::key()) into what `policy` lets a deploy
/// delete and what it does not. Fails, before anything is deleted, when more than the limit
/// would be deleted: "pruning 5 objects (Deployment shop/a, ...) is more than this
/// environment's limit of 3; push with -o slipway.prune=5 to allow it".
Result<PrunePlan> plan_prune(const std::vector<ObjectRef>& previous,
                             const std::vector<ObjectRef>& current, const PrunePolicy& policy);

} // namespace slipway::deploy
