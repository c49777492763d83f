// Kustomizations as Slipway reads them, without kustomize: which directory is one, which other
// kustomizations it renders as part of itself, and every path its rendering may read.
#pragma once

#include "manifest/source_tree.hpp"
#include "report/finding.hpp"

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

/// A name in a kustomization file that leads outside the repository, or to a remote base:
/// kustomize would read it from the server's disk or the network.
struct KustomizeReference {
    enum class Kind {
        absolute, ///< "/etc/passwd"
        file_url, ///< "file:///srv/other.git//k"
        outside,  ///< "../../../srv" (a climb above the root, or a symlink leading out)
        remote    ///< "https://...", "git@...", "ssh://...", "github.com/...", "host.tld/..."
    };
    std::string file; ///< the kustomization file that names it, a path of the tree
    int line = 0;     ///< of the name in `file`, 1-based
    int column = 0;
    std::string key;  ///< where: "resources", "patches path", "configMapGenerator files"
    std::string text; ///< the name as written
    Kind kind = Kind::outside;
};

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
    /// Every name of a path or base in its kustomization files (its own and those of the
    /// kustomizations it reaches: `resources`, `bases`, `components`, `crds`,
    /// `configurations`, `generators`, `transformers`, `validators`,
    /// `patchesStrategicMerge`, and the `path`, `files`, `envs`, `env`, `valuesFile`,
    /// `additionalValuesFiles`, `chartHome` and `configHome` of `patches`,
    /// `patchesJson6902`, `replacements`, `configMapGenerator`, `secretGenerator`,
    /// `helmCharts`, `helmGlobals` and `openapi`) that is absolute, a `file://` URL, leads
    /// outside the tree, or names a remote base; in file order.
    std::vector<KustomizeReference> references;
};

/// The name of the kustomization file of directory `dir` in `tree` (a regular file named as
/// in kustomization_names); empty when `dir` is not a kustomization.
Result<std::string> kustomization_file(SourceTree& tree, std::string_view dir);

/// Reads kustomization `dir`, whose kustomization file is `file`: its refs and inputs,
/// following local bases through `tree`, and the references its rendering may not read.
/// Remote references (URLs, `git@`, `github.com/`), absolute paths and paths leaving the tree
/// name no input. A kustomization file that is not YAML names nothing and makes the result
/// incomplete (rendering it reports the error). Fails when the tree cannot be read.
Result<Kustomization> read_kustomization(SourceTree& tree, const std::string& dir,
                                         const std::string& file);

/// The inputs of kustomization `dir` (read_kustomization(): taken whole, they hold all its
/// rendering reads), or nullopt when that cannot be told: `dir` is no kustomization, or its
/// inputs are not complete. Fails when the tree cannot be read.
Result<std::optional<std::vector<std::string>>> kustomization_inputs(SourceTree& tree,
                                                                     const std::string& dir);

/// The `kustomize` findings, at their kustomization file's line:col, for what `k` names that
/// its rendering may not read: every one of `k.references` but the remote bases that start
/// with one of `allowed_remote` (the policy's `manifests.kustomize.remote`). Empty: `k` may be
/// rendered.
Findings refused_references(const Kustomization& k, const std::vector<std::string>& allowed_remote);

/// True when `k` names a remote base (one `allowed_remote` allows): rendering it needs the
/// network.
bool names_remote_base(const Kustomization& k);

/// True when changing `path` may change what a kustomization with `inputs` renders.
bool touches(const std::vector<std::string>& inputs, std::string_view path);

} // namespace slipway::manifest
