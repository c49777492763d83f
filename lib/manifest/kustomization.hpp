// Kustomizations as Slipway reads them, without kustomize: which directory is one, which other
// kustomizations it renders as part of itself, and every path its rendering may read.
#pragma once

#include "manifest/source_tree.hpp"

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace slipway::manifest {

/// The names a kustomization file may have, in the order kustomize looks for them.
inline constexpr std::array<std::string_view, 3> kustomization_names = {
    "kustomization.yaml", "kustomization.yml", "Kustomization"};

/// True when `name` is one of kustomization_names.
bool is_kustomization_name(std::string_view name);

/// What one kustomization reads, as far as its files tell.
struct Kustomization {
    std::string file; ///< its kustomization file's name ("kustomization.yaml")
    /// Directories it refers to through `resources`, `bases` and `components`, reached without
    /// a symlink: those are rendered as part of it, so they are not top-level.
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

/// The name of the kustomization file of directory `dir` in `tree` (a regular file named as
/// in kustomization_names); empty when `dir` is not a kustomization.
Result<std::string> kustomization_file(SourceTree& tree, std::string_view dir);

/// Reads kustomization `dir`, whose kustomization file is `file`: its refs and inputs,
/// following local bases through `tree`. Remote references (URLs, `git@`, `github.com/`),
/// absolute paths and paths leaving the tree name nothing. A kustomization file that is not
/// YAML names nothing and makes the result incomplete (rendering it reports the error). Fails
/// when the tree cannot be read.
Result<Kustomization> read_kustomization(SourceTree& tree, const std::string& dir,
                                         const std::string& file);

/// The inputs of kustomization `dir` (read_kustomization(): taken whole, they hold all its
/// rendering reads), or nullopt when that cannot be told: `dir` is no kustomization, or its
/// inputs are not complete. Fails when the tree cannot be read.
Result<std::optional<std::vector<std::string>>> kustomization_inputs(SourceTree& tree,
                                                                     const std::string& dir);

/// True when changing `path` may change what a kustomization with `inputs` renders.
bool touches(const std::vector<std::string>& inputs, std::string_view path);

} // namespace slipway::manifest
