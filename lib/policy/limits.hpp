// The `limits:` section: how much one push may make the gate read, write and say, and its
// deploys store.
#pragma once

#include <cstddef>
#include <cstdint>

namespace slipway::policy {

/// Bounds on one push as a whole (`manifests.limits` bounds one manifest file). Going over a
/// checkout or tree bound is the pusher's finding (`checkout-limits`, `tree-depth`); going over
/// a push option bound is a `push-options` finding; the finding caps only shorten what the
/// pusher reads (the ledger keeps every finding).
struct PushLimits {
    /// Bytes the gate may write into checkouts for kustomize and terraform, summed over the
    /// push. Sizes come from object headers, so a checkout over it writes nothing.
    std::uint64_t checkout_bytes = 256ull * 1024 * 1024;
    /// Files, directories and symlinks the gate may write into checkouts, summed over the push.
    std::uint64_t checkout_files = 100000;
    /// Levels of directories a pushed tree may nest (`tree-depth`); at most 256, the depth the
    /// gate's own tree walks stop at.
    std::size_t tree_depth = 256;
    /// Findings shown to the pusher; the rest are counted in one closing line.
    std::size_t findings = 100;
    /// Findings shown for one file (per ref); the rest are counted in the same closing line.
    std::size_t findings_per_file = 20;
    /// Push options (`git push -o`) one push may carry.
    std::size_t push_options = 100;
    /// Bytes of one push option.
    std::size_t push_option_bytes = 4096;
    /// Bytes of all push options of one push together.
    std::size_t push_options_bytes = 65536;
    /// Bytes the ledger stores of one deploy's output: the compressed output of all its
    /// targets together. Past it, lines are only in the deploy's log file, and the ledger
    /// keeps a marker that says how much was cut and where the log is.
    std::uint64_t deploy_output_bytes = 8ull * 1024 * 1024;
};

/// The most a policy may set `deploy_output_bytes` to: a deploy holds that much in memory.
inline constexpr std::uint64_t max_deploy_output_bytes = 256ull * 1024 * 1024;

/// The most a policy may set `tree_depth` to: the gate's tree walks refuse deeper trees.
inline constexpr std::size_t max_tree_depth = 256;

} // namespace slipway::policy
