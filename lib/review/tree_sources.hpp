// A commit's tree as a manifest::SourceTree, and what a target's paths hold in it, read
// straight from git objects: plain manifest files with their blob ids, and the kustomizations.
#pragma once

#include "git/repository.hpp"
#include "git/tree_entries.hpp"
#include "manifest/limits.hpp"
#include "manifest/sources.hpp"
#include "util/result.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace slipway::review {

/// The tree a TreeLookup looks into, as manifest readers see a checkout of it: symlinks are
/// symlinks (their targets read from their blobs), submodules are neither file nor directory.
class GitSourceTree : public manifest::SourceTree {
public:
    /// Reads through `lookup`, which must outlive this. read() refuses a file over
    /// `max_read` bytes from its object header, before inflating it: a pushed kustomization
    /// is as bounded as a manifest.
    explicit GitSourceTree(git::TreeLookup& lookup,
                           std::uint64_t max_read = manifest::Limits{}.max_file_bytes)
        : m_lookup(lookup)
        , m_max_read(max_read) {}

    Result<std::optional<manifest::SourceType>> type(std::string_view path) override;
    Result<std::optional<std::vector<manifest::SourceEntry>>> list(std::string_view dir) override;
    Result<std::string> read(std::string_view path) override;
    Result<std::optional<std::string>> link_target(std::string_view path) override;

private:
    git::TreeLookup& m_lookup;
    std::uint64_t m_max_read;
};

/// The manifest inputs under some paths of a tree (manifest::find_sources(), paths missing
/// from the tree skipped), with each plain file's blob id.
struct TreeSources {
    std::map<std::string, git_oid> files;
    std::map<std::string, manifest::Kustomization> kustomizations;
};

/// Walks `paths` of `tree`. Fails when an object cannot be read.
Result<TreeSources> find_tree_sources(const git::Repository& repo, const git_tree& tree,
                                      const std::vector<std::string>& paths);

} // namespace slipway::review
