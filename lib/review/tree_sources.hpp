// What a unit's paths hold in a pushed tree, read straight from git objects: plain manifest
// files and kustomizations with the paths their rendering reads.
#pragma once

#include "git/repository.hpp"
#include "git/tree_entries.hpp"
#include "util/result.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace slipway::review {

/// A kustomization directory found under a unit's paths.
struct TreeKustomization {
    std::string file; ///< its kustomization file's name ("kustomization.yaml")
    /// Directories it refers to through resources, bases and components: those are rendered
    /// as part of it, so they are not top-level (as manifest::find_sources decides).
    std::vector<std::string> refs;
    /// Every path its rendering may read: its own directory, the files and directories its
    /// kustomization file names, and theirs in turn (bases of bases), sorted. A name that
    /// leads through symlinks brings the symlinks and where they lead (a base reached through
    /// a symlink is read for its own inputs, from where it really is).
    std::vector<std::string> inputs;
    /// False when `inputs` may miss what its rendering reads: a kustomization file on the way
    /// that is not YAML to us, or one that is not a regular file (kustomize may read both).
    bool complete = true;
};

/// The manifest inputs under some paths of a tree, as manifest::find_sources sees them in a
/// checkout: plain files (.yaml, .yml, .json; symlinks left out) outside kustomization
/// directories, and the kustomization directories, where the walk stops.
struct TreeSources {
    std::map<std::string, git_oid> files;
    std::map<std::string, TreeKustomization> kustomizations;
};

/// Walks `paths` of `tree`. Paths missing from the tree are skipped. Fails when an object
/// cannot be read.
Result<TreeSources> find_tree_sources(const git::Repository& repo, const git_tree& tree,
                                      const std::vector<std::string>& paths);

/// The kustomization file of directory `dir` in the tree of `tree` ("kustomization.yaml",
/// "kustomization.yml" or "Kustomization"); empty when `dir` is not a kustomization.
Result<std::string> tree_kustomization_file(git::TreeLookup& tree, std::string_view dir);

/// Reads the kustomization in `dir` (whose file is `out.file`) into `out`: refs and inputs,
/// following local bases through the tree of `tree`. A kustomization file that is not YAML
/// reads as naming nothing (rendering it reports the error).
Status read_tree_kustomization(git::TreeLookup& tree, const std::string& dir,
                               TreeKustomization& out);

/// Every path the rendering of kustomization `dir` reads in the tree `tree` looks into (its
/// inputs, as read_tree_kustomization() finds them: taken whole, they hold all it reads), or
/// nullopt when that cannot be told: `dir` is no kustomization, or the inputs are not
/// complete. Fails when an object cannot be read.
Result<std::optional<std::vector<std::string>>> kustomization_inputs(git::TreeLookup& tree,
                                                                     const std::string& dir);

/// True when `name` is a kustomization file name.
bool is_kustomization_name(std::string_view name);

/// True when changing `path` may change what a kustomization with `inputs` renders.
bool touches(const std::vector<std::string>& inputs, std::string_view path);

} // namespace slipway::review
