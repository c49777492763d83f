// SourceTree: the files a manifest reader looks at, on disk (a checkout) or in a commit's tree,
// behind one interface, so that finding sources and reading kustomizations is written once.
#pragma once

#include "util/link_resolution.hpp"
#include "util/result.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace slipway::manifest {

/// What an entry is. Only regular (and executable) files are `file`.
enum class SourceType { file, symlink, directory, other };

/// One entry of a directory.
struct SourceEntry {
    std::string name; ///< its name in the directory ("deployment.yaml")
    SourceType type = SourceType::file;
};

/// A tree of files addressed by '/'-separated paths relative to its root ("." is the root).
/// Implementations: DiskTree (manifest/disk_tree.hpp), review::GitSourceTree.
class SourceTree {
public:
    virtual ~SourceTree() = default;
    /// What is at `path`; nullopt when nothing is. Symlinks are not followed.
    virtual Result<std::optional<SourceType>> type(std::string_view path) = 0;
    /// The entries of directory `dir`, sorted by name; nullopt when `dir` is no directory.
    virtual Result<std::optional<std::vector<SourceEntry>>> list(std::string_view dir) = 0;
    /// The bytes of file `path`.
    virtual Result<std::string> read(std::string_view path) = 0;
    /// The target of symlink `path`; nullopt when `path` is no symlink.
    virtual Result<std::optional<std::string>> link_target(std::string_view path) = 0;
};

/// Where `path` leads in `tree`, following its symlinks as the kernel would
/// (util::resolve_path()); nullopt when it leads outside the tree.
Result<std::optional<util::ResolvedPath>> resolve(SourceTree& tree, std::string_view path);

/// `name` in directory `dir` ("." is the root): "dir/name", or "name".
std::string child_path(std::string_view dir, std::string_view name);

} // namespace slipway::manifest
