// SourceTree: the files a manifest reader looks at, on disk or in a commit's tree.
#include "manifest/source_tree.hpp"

namespace slipway::manifest {

Result<std::optional<util::ResolvedPath>> resolve(SourceTree& tree, std::string_view path) {
    return util::resolve_path([&tree](const std::string& p) { return tree.link_target(p); }, path);
}

std::string child_path(std::string_view dir, std::string_view name) {
    if (dir.empty() || dir == ".")
        return std::string(name);
    return std::string(dir) + "/" + std::string(name);
}

} // namespace slipway::manifest
