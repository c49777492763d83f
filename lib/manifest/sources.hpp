// What a deploy target's `paths` hold in a tree (on disk or in git): plain manifest files and
// the kustomizations, found the same way wherever the tree is.
#pragma once

#include "manifest/kustomization.hpp"
#include "manifest/source_tree.hpp"

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace slipway::manifest {

/// The manifest inputs under some paths of a tree.
struct Sources {
    /// Plain manifest files, sorted: regular files with a manifest name (is_manifest_name()),
    /// or named themselves as a path, outside every kustomization directory found.
    std::vector<std::string> files;
    /// Every kustomization directory the walk found, with what it reads. The walk does not go
    /// into a kustomization's directory: what is there is the kustomization's input.
    std::map<std::string, Kustomization> kustomizations;
};

/// What find_sources() does with a path that is not in the tree (or is no file or directory).
enum class MissingPaths { fail, skip };

/// Walks `paths` of `tree` (relative: files or directories; "." is everything) and sorts what
/// is there into plain manifests and kustomizations. Symlinks are not followed, directories
/// named `.git` are not entered. Fails on a missing path when `missing` says so ("path "x"
/// does not exist in this commit"), on a tree nested more than 256 levels, and when the tree
/// cannot be read.
Result<Sources> find_sources(SourceTree& tree, const std::vector<std::string>& paths,
                             MissingPaths missing);

/// The kustomizations of `all` (directory to anything with `refs`, like Kustomization) that no
/// other one renders as part of itself (no other one's `refs` names them): overlays, and lone
/// bases. Sorted.
template <class Map>
std::vector<std::string> top_level(const Map& all) {
    std::set<std::string> referenced;
    for (const auto& [dir, k] : all)
        referenced.insert(k.refs.begin(), k.refs.end());
    std::vector<std::string> out;
    for (const auto& [dir, k] : all)
        if (!referenced.count(dir))
            out.push_back(dir);
    return out;
}

/// True for names of files read as manifests: *.yaml, *.yml, *.json.
bool is_manifest_name(std::string_view name);

/// True when regular file `path` is a plain manifest candidate of a target with `paths`: under
/// one of them, and with a manifest name or named itself (a kustomization around it aside).
bool is_manifest_candidate(const std::vector<std::string>& paths, std::string_view path);

} // namespace slipway::manifest
