// DiskTree: a directory on disk (a checkout, a clone) as a SourceTree.
#pragma once

#include "manifest/source_tree.hpp"

#include <filesystem>

namespace slipway::manifest {

/// The files under `root`, never following a symlink unless asked through resolve().
class DiskTree : public SourceTree {
public:
    explicit DiskTree(std::filesystem::path root)
        : m_root(std::move(root)) {}

    Result<std::optional<SourceType>> type(std::string_view path) override;
    Result<std::optional<std::vector<SourceEntry>>> list(std::string_view dir) override;
    Result<std::string> read(std::string_view path) override;
    Result<std::optional<std::string>> link_target(std::string_view path) override;

    const std::filesystem::path& root() const { return m_root; }

private:
    std::filesystem::path at(std::string_view path) const;

    std::filesystem::path m_root;
};

} // namespace slipway::manifest
