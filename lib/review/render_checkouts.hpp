// Checkouts of a pushed tree to render kustomizations from: per kustomization, of only what its
// rendering reads, or of the whole tree when that cannot be told.
#pragma once

#include "git/repository.hpp"
#include "git/tree_entries.hpp"
#include "manifest/kustomization.hpp"
#include "util/result.hpp"
#include "util/temp_dir.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace slipway::review {

/// Each checkout is made once, under a parent directory, and removed with this object. A
/// checkout of 10,000 services is 20,000 files and directories; a kustomization reads a few.
class RenderCheckouts {
public:
    /// Checkouts of `head` (which, with `repo`, must outlive this) made in `parent`.
    RenderCheckouts(const git::Repository& repo, const git_tree& head, std::filesystem::path parent)
        : m_tree(repo, head)
        , m_parent(std::move(parent)) {}

    /// The directory holding the checkout to render kustomization `dir` from: of its inputs
    /// (manifest::kustomization_inputs(), read from the tree; the checkout follows symlinks),
    /// or the one whole checkout when they cannot be told or include the root. Fails when the
    /// tree cannot be read or the checkout cannot be made.
    Result<std::filesystem::path> for_kustomization(const std::string& dir);

    /// Kustomization `dir` as read from the tree (manifest::read_kustomization(), read once):
    /// what it reads, and the references its rendering may not (incomplete, with none, when
    /// `dir` has no kustomization file). Fails when the tree cannot be read.
    Result<const manifest::Kustomization*> kustomization(const std::string& dir);

private:
    Result<util::TempDir> make();
    Result<std::filesystem::path> whole();

    git::TreeLookup m_tree;
    std::filesystem::path m_parent;
    std::map<std::string, util::TempDir> m_partial;        ///< by kustomization directory
    std::map<std::string, manifest::Kustomization> m_read; ///< by kustomization directory
    std::optional<util::TempDir> m_whole;
};

} // namespace slipway::review
