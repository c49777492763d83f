// Checkouts of a pushed tree to render kustomizations from.
#include "review/render_checkouts.hpp"

#include "git/checkout.hpp"
#include "manifest/kustomization.hpp"
#include "review/tree_sources.hpp"

#include <algorithm>

namespace slipway::review {

Result<std::filesystem::path> RenderCheckouts::for_kustomization(const std::string& dir) {
    if (auto it = m_partial.find(dir); it != m_partial.end())
        return it->second.path();
    SLIPWAY_TRY_LET(k, kustomization(dir));
    const auto& inputs = (*k)->inputs;
    // One that reads the root reads everything: the one whole checkout serves it.
    if (!(*k)->complete || std::find(inputs.begin(), inputs.end(), ".") != inputs.end())
        return whole();
    SLIPWAY_TRY_LET(made, make());
    if (auto done = git::checkout_paths(m_tree, inputs, made->path()); !done)
        return fail("cannot check out the pushed tree for kustomize", done.error());
    return m_partial.emplace(dir, std::move(*made)).first->second.path();
}

Result<const manifest::Kustomization*> RenderCheckouts::kustomization(const std::string& dir) {
    if (auto it = m_read.find(dir); it != m_read.end())
        return &it->second;
    GitSourceTree source(m_tree);
    auto file = manifest::kustomization_file(source, dir);
    if (!file)
        return fail("cannot read the kustomization " + dir, file.error());
    if (file->empty()) // kustomize decides what it makes of it: from the whole tree
        return &m_read.emplace(dir, manifest::Kustomization{.complete = false}).first->second;
    auto read = manifest::read_kustomization(source, dir, *file);
    if (!read)
        return fail("cannot read the kustomization " + dir, read.error());
    return &m_read.emplace(dir, std::move(*read)).first->second;
}

Result<util::TempDir> RenderCheckouts::make() {
    return util::TempDir::make(m_parent, "render-");
}

Result<std::filesystem::path> RenderCheckouts::whole() {
    if (m_whole)
        return m_whole->path();
    SLIPWAY_TRY_LET(made, make());
    if (auto done = git::checkout_tree(m_tree.repo(), *git_tree_id(&m_tree.root()), made->path());
        !done)
        return fail("cannot check out the pushed tree for kustomize", done.error());
    return m_whole.emplace(std::move(*made)).path();
}

} // namespace slipway::review
