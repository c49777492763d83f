// A commit's tree as a manifest::SourceTree, and what a target's paths hold in it.
#include "review/tree_sources.hpp"

#include "git/objects.hpp"
#include "git/tree_entries.hpp"

namespace slipway::review {

namespace {

manifest::SourceType type_of(git::EntryType type) {
    switch (type) {
    case git::EntryType::file:
    case git::EntryType::executable:
        return manifest::SourceType::file;
    case git::EntryType::symlink:
        return manifest::SourceType::symlink;
    case git::EntryType::tree:
        return manifest::SourceType::directory;
    case git::EntryType::submodule:
        break;
    }
    return manifest::SourceType::other;
}

} // namespace

Result<std::optional<manifest::SourceType>> GitSourceTree::type(std::string_view path) {
    SLIPWAY_TRY_LET(entry, m_lookup.entry(path));
    if (!*entry)
        return std::optional<manifest::SourceType>();
    return std::optional<manifest::SourceType>(type_of((*entry)->type));
}

Result<std::optional<std::vector<manifest::SourceEntry>>>
GitSourceTree::list(std::string_view dir) {
    using Listing = std::optional<std::vector<manifest::SourceEntry>>;
    SLIPWAY_TRY_LET(entries, m_lookup.list(dir));
    if (!*entries)
        return Listing();
    std::vector<manifest::SourceEntry> out;
    out.reserve((*entries)->size());
    const std::size_t skip = dir.empty() || dir == "." ? 0 : dir.size() + 1;
    for (const auto& e : **entries)
        out.push_back({e.path.substr(skip), type_of(e.type)});
    std::sort(out.begin(), out.end(),
              [](const manifest::SourceEntry& a, const manifest::SourceEntry& b) {
                  return a.name < b.name;
              });
    return Listing(std::move(out));
}

Result<std::string> GitSourceTree::read(std::string_view path) {
    SLIPWAY_TRY_LET(entry, m_lookup.entry(path));
    if (!*entry || !(*entry)->is_file())
        return fail("no file " + std::string(path) + " in the tree");
    SLIPWAY_TRY_LET(size, git::blob_size(m_lookup.repo(), (*entry)->oid));
    if (*size > m_max_read)
        return fail(std::string(path) + " is " + std::to_string(*size) + " bytes, more than the " +
                    std::to_string(m_max_read) +
                    " a file the gate reads may have (manifests.limits.max_file_bytes)");
    return git::read_blob(m_lookup.repo(), (*entry)->oid, m_max_read);
}

Result<std::optional<std::string>> GitSourceTree::link_target(std::string_view path) {
    SLIPWAY_TRY_LET(entry, m_lookup.entry(path));
    if (!*entry || (*entry)->type != git::EntryType::symlink)
        return std::optional<std::string>();
    // A link target is a path: the gate's path-name rule refuses ones over 4096 bytes.
    SLIPWAY_TRY_LET(text, git::read_blob(m_lookup.repo(), (*entry)->oid, 4096));
    return std::optional<std::string>(std::move(*text));
}

Result<TreeSources> find_tree_sources(const git::Repository& repo, const git_tree& tree,
                                      const std::vector<std::string>& paths) {
    git::TreeLookup lookup(repo, tree);
    GitSourceTree source(lookup);
    SLIPWAY_TRY_LET(found, manifest::find_sources(source, paths, manifest::MissingPaths::skip));
    TreeSources out;
    for (const auto& path : found->files) {
        SLIPWAY_TRY_LET(entry, lookup.entry(path));
        if (*entry)
            out.files.emplace(path, (*entry)->oid);
    }
    out.kustomizations = std::move(found->kustomizations);
    return out;
}

} // namespace slipway::review
