// Paths inside a tree that holds symlinks (a checkout, a commit's tree): '/'-separated
// components, and a path followed through the tree's symlinks the way the kernel follows them.
#pragma once

#include "util/result.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace slipway::util {

/// The kernel gives up after 40 symlinks in one lookup; so does resolve_links().
inline constexpr int max_link_hops = 40;

/// The components of `path` ("a/./b/" gives {"a", "b"}; "." and "" give none).
std::vector<std::string> split_path(std::string_view path);

/// `parts` joined with '/' ("" for none).
std::string join_path(const std::vector<std::string>& parts);

/// The target of the symlink at a path of some tree ("a/b"); nullopt when that is no symlink.
using LinkTargets = std::function<Result<std::optional<std::string>>(const std::string& path)>;

/// Resolves `target` from directory `base` (components below the tree's root) the way the
/// kernel would, following the symlinks `links` knows, the last component included (a ".."
/// in a symlink's target goes up from where the link leads). Each symlink followed is appended
/// to `followed`; `hops` counts them across nested calls. Returns the components reached (the
/// path may be missing from the tree), or nullopt when the path leads outside the tree: a
/// target that is absolute, a climb above the root, more than max_link_hops links. Fails only
/// when `links` does.
Result<std::optional<std::vector<std::string>>> resolve_links(const LinkTargets& links,
                                                              std::vector<std::string> base,
                                                              std::string_view target, int& hops,
                                                              std::vector<std::string>& followed);

/// Where a path leads in a tree: the path reached ("." for the root) and the symlinks followed
/// on the way, in the order they were met.
struct ResolvedPath {
    std::string path;
    std::vector<std::string> links;
};

/// resolve_links() of `path` from the root; nullopt when it leads outside the tree.
Result<std::optional<ResolvedPath>> resolve_path(const LinkTargets& links, std::string_view path);

} // namespace slipway::util
