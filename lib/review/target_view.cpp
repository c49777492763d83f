// A deploy target's content in the trees a push is judged between.
#include "review/target_view.hpp"

#include "git/objects.hpp"
#include "git/oid.hpp"
#include "manifest/duplicate_tracker.hpp"
#include "manifest/object.hpp"
#include "manifest/sources.hpp"
#include "manifest/yaml_loader.hpp"
#include "review/tree_sources.hpp"
#include "util/relative_path.hpp"

#include <algorithm>
#include <tuple>

namespace slipway::review {

namespace {

bool under_any(const std::vector<std::string>& roots, std::string_view path) {
    for (const auto& r : roots)
        if (util::path_under(r, path))
            return true;
    return false;
}

// `path`, every directory above it, and "." (the root): the inputs that, when a kustomization
// reads them, make a change of `path` touch it (see touches()).
std::vector<std::string> self_and_above(std::string_view path) {
    std::vector<std::string> out{std::string(path)};
    for (auto slash = path.rfind('/'); slash != std::string_view::npos && slash > 0;
         slash = path.rfind('/', slash - 1))
        out.emplace_back(path.substr(0, slash));
    if (path != ".")
        out.emplace_back(".");
    return out;
}

// The identities of the objects in `content` (no judging: unchanged files only need these).
std::vector<manifest::ObjectIdentity>
identities_of(const std::string& path, std::string_view content, const manifest::Limits& limits) {
    auto file = manifest::load_yaml(path, content, limits);
    std::vector<manifest::Object> objects;
    Findings ignored;
    manifest::extract_objects(path, file, objects, ignored);
    std::vector<manifest::ObjectIdentity> out;
    for (const auto& o : objects)
        if (auto id = manifest::identity_of(file.tree, o))
            out.push_back(std::move(*id));
    return out;
}

std::string tree_id(const git_tree& tree) {
    return git::to_hex(*git_tree_id(&tree));
}

} // namespace

TargetView::TargetView(const git::Repository& repo, ManifestIdentityStore* store,
                       std::vector<std::string> paths, manifest::Limits limits,
                       const git_tree* base)
    : m_repo(repo)
    , m_store(store)
    , m_paths(std::move(paths))
    , m_limits(limits)
    , m_base(base)
    , m_base_id(base ? tree_id(*base) : std::string()) {}

template <class T>
Result<T> TargetView::stored(Result<T> r) {
    m_store_error = !r;
    return r;
}

Result<TargetView> TargetView::at(const git::Repository& repo, ManifestIdentityStore* store,
                                  std::vector<std::string> paths, manifest::Limits limits,
                                  const git_tree* base) {
    TargetView view(repo, store, std::move(paths), limits, base);
    auto read = view.read_base();
    if (!read && view.m_store_error)
        read = view.fall_back();
    if (!read)
        return std::unexpected(read.error());
    return view;
}

Status TargetView::read_base() {
    if (!m_base) { // the empty tree: nothing from the store applies
        m_to_base =
            TargetDelta{.kustomizations = std::map<std::string, IdentityIndex::Kustomization>{},
                        .replaces_all = true};
        return {};
    }
    if (m_store) {
        SLIPWAY_TRY_LET(snapshot, stored(m_store->snapshot()));
        m_snapshot.emplace(std::move(*snapshot));
        SLIPWAY_TRY_LET(reference, stored(m_store->tree()));
        m_reference = *reference;
        if (m_reference == m_base_id)
            return {};
        if (!m_reference.empty()) {
            // The usual case: the base is the tree the previous push was judged for, accepted.
            SLIPWAY_TRY_LET(pending, stored(m_store->pending(m_base_id)));
            if (*pending) {
                m_to_base = std::move(**pending);
                return {};
            }
        }
    }
    // Another branch, a first push, or no store: what differs from the reference tree (every
    // file when there is none, or it is gone), read from the trees.
    git::TreePtr reference;
    if (m_store && !m_reference.empty())
        if (auto oid = git::parse_oid(m_reference)) {
            git_tree* raw = nullptr;
            if (git_tree_lookup(&raw, m_repo.raw(), &*oid) == 0)
                reference.reset(raw);
        }
    Result<TargetDelta> delta = std::unexpected(Error{});
    if (reference) {
        SLIPWAY_TRY_LET(changes, git::diff_trees(m_repo, reference.get(), *m_base));
        delta = delta_to(*m_base, *changes);
    } else {
        delta = whole(*m_base);
    }
    if (!delta)
        return std::unexpected(delta.error());
    SLIPWAY_TRY(read_identities(*delta, {}));
    m_to_base = std::move(*delta);
    return {};
}

Status TargetView::fall_back() {
    m_store = nullptr;
    m_store_failed = true;
    m_store_error = false;
    m_snapshot.reset();
    m_reference.clear();
    m_to_base = {};
    m_named.reset();
    return read_base();
}

Result<TargetDelta> TargetView::whole(const git_tree& tree) {
    SLIPWAY_TRY_LET(sources, find_tree_sources(m_repo, tree, m_paths));
    TargetDelta out{.kustomizations = std::map<std::string, IdentityIndex::Kustomization>{},
                    .replaces_all = true};
    for (const auto& [path, oid] : sources->files)
        out.files.emplace(path, IdentityIndex::File{git::to_hex(oid), {}});
    for (auto& [dir, k] : sources->kustomizations)
        out.kustomizations->emplace(
            dir,
            IdentityIndex::Kustomization{.refs = std::move(k.refs), .inputs = std::move(k.inputs)});
    return out;
}

Result<bool> TargetView::inside_kustomization_below(const std::string& path) {
    auto dirs = self_and_above(path);
    dirs.erase(dirs.begin()); // the path itself is not above itself
    for (const auto& dir : dirs) {
        if (m_to_base.kustomizations) {
            if (m_to_base.kustomizations->count(dir))
                return true;
            continue;
        }
        if (!m_store)
            return false;
        SLIPWAY_TRY_LET(is, stored(m_store->is_kustomization(dir)));
        if (*is)
            return true;
    }
    return false;
}

Result<std::map<std::string, std::string>> TargetView::files_below() {
    std::map<std::string, std::string> out;
    if (m_store && !m_to_base.replaces_all) {
        SLIPWAY_TRY_LET(all, stored(m_store->files()));
        out = std::move(*all);
    }
    for (const auto& [path, file] : m_to_base.files) {
        if (file)
            out[path] = file->blob;
        else
            out.erase(path);
    }
    return out;
}

Result<std::map<std::string, IdentityIndex::Kustomization>> TargetView::kustomizations_below() {
    if (m_to_base.kustomizations)
        return *m_to_base.kustomizations;
    std::map<std::string, IdentityIndex::Kustomization> out;
    if (m_store) {
        SLIPWAY_TRY_LET(all, stored(m_store->kustomizations()));
        out = std::move(*all);
    }
    for (const auto& [dir, ids] : m_to_base.rendered)
        if (auto it = out.find(dir); it != out.end())
            it->second.identities = ids;
    return out;
}

Result<TargetDelta> TargetView::delta_to(const git_tree& tree,
                                         const std::vector<git::TreeChange>& changes) {
    TargetDelta out;
    const bool structure_changed =
        std::any_of(changes.begin(), changes.end(), [](const git::TreeChange& c) {
            return manifest::is_kustomization_name(util::base_name(c.path));
        });
    if (!structure_changed) {
        // The same kustomization directories: a changed path's state is its own.
        for (const auto& c : changes) {
            if (!under_any(m_paths, c.path))
                continue;
            bool plain =
                c.now && c.now->is_file() && manifest::is_manifest_candidate(m_paths, c.path);
            if (plain) {
                SLIPWAY_TRY_LET(inside, inside_kustomization_below(c.path));
                plain = !*inside;
            }
            out.files[c.path] = plain ? std::optional<IdentityIndex::File>(
                                            IdentityIndex::File{git::to_hex(c.now->oid), {}})
                                      : std::nullopt;
        }
        return out;
    }
    // A kustomization file changed: which files are plain, and which directories are
    // kustomizations with which inputs, may have changed anywhere: walk the tree (not a
    // blob is read that did not change) and compare.
    SLIPWAY_TRY_LET(now, whole(tree));
    SLIPWAY_TRY_LET(kustomizations, kustomizations_below());
    for (auto& [dir, k] : *now->kustomizations)
        if (auto it = kustomizations->find(dir); it != kustomizations->end())
            k.identities = it->second.identities;
    out.kustomizations = std::move(now->kustomizations);
    SLIPWAY_TRY_LET(before, files_below());
    for (const auto& [path, file] : now->files)
        if (auto it = before->find(path); it == before->end() || it->second != file->blob)
            out.files[path] = file;
    for (const auto& [path, blob] : *before)
        if (!now->files.count(path))
            out.files[path] = std::nullopt;
    for (const auto& c : changes) // changed paths always get their state
        if (under_any(m_paths, c.path)) {
            auto it = now->files.find(c.path);
            out.files[c.path] = it == now->files.end() ? std::nullopt : it->second;
        }
    return out;
}

Status TargetView::read_identities(TargetDelta& delta, const std::set<std::string>& except) {
    for (auto& [path, file] : delta.files) {
        if (!file || except.count(path))
            continue;
        SLIPWAY_TRY_LET(oid, git::parse_oid(file->blob));
        // Sizes before bytes: a file over the limit has no objects (the loader would refuse it
        // whole), so it is not even inflated.
        SLIPWAY_TRY_LET(size, git::blob_size(m_repo, *oid));
        if (*size > m_limits.max_file_bytes) {
            file->identities.clear();
            continue;
        }
        SLIPWAY_TRY_LET(content, git::read_blob(m_repo, *oid, m_limits.max_file_bytes));
        file->identities = identities_of(path, *content, m_limits);
    }
    return {};
}

Status TargetView::advance(const git_tree& head, const std::vector<git::TreeChange>& changes) {
    m_head_id = tree_id(head);
    std::set<std::string> changed;
    for (const auto& c : changes)
        changed.insert(c.path);
    auto delta = delta_to(head, changes);
    if (!delta && m_store_error) {
        SLIPWAY_TRY(fall_back());
        delta = delta_to(head, changes);
    }
    if (!delta)
        return std::unexpected(delta.error());
    SLIPWAY_TRY(read_identities(*delta, changed));
    m_to_head = std::move(*delta);
    m_named.reset();
    return {};
}

bool TargetView::is_plain(const std::string& path) const {
    auto it = m_to_head.files.find(path);
    return it != m_to_head.files.end() && it->second.has_value();
}

Result<std::vector<std::string>>
TargetView::touched_kustomizations(const std::vector<git::TreeChange>& changes) {
    const auto* structure = m_to_head.kustomizations   ? &*m_to_head.kustomizations
                            : m_to_base.kustomizations ? &*m_to_base.kustomizations
                                                       : nullptr;
    std::set<std::string> out;
    if (structure || !m_store) {
        static const std::map<std::string, IdentityIndex::Kustomization> none;
        const auto& all = structure ? *structure : none;
        for (const auto& dir : manifest::top_level(all)) {
            const auto& inputs = all.at(dir).inputs;
            if (std::any_of(changes.begin(), changes.end(), [&](const git::TreeChange& c) {
                    return manifest::touches(inputs, c.path);
                }))
                out.insert(dir);
        }
        return std::vector<std::string>(out.begin(), out.end());
    }
    for (const auto& c : changes)
        for (const auto& input : self_and_above(c.path)) {
            auto dirs = stored(m_store->top_kustomizations_reading(input));
            if (!dirs) {
                SLIPWAY_TRY(fall_back());
                return touched_kustomizations(changes);
            }
            out.insert(dirs->begin(), dirs->end());
        }
    return std::vector<std::string>(out.begin(), out.end());
}

void TargetView::set_identities(const std::string& path,
                                std::vector<manifest::ObjectIdentity> identities) {
    m_named.reset();
    auto it = m_to_head.files.find(path);
    if (it != m_to_head.files.end() && it->second)
        it->second->identities = std::move(identities);
}

void TargetView::set_rendered(const std::string& dir,
                              std::vector<manifest::ObjectIdentity> identities) {
    m_named.reset();
    if (m_to_head.kustomizations) {
        if (auto it = m_to_head.kustomizations->find(dir); it != m_to_head.kustomizations->end())
            it->second.identities = std::move(identities);
        return;
    }
    m_to_head.rendered[dir] = std::move(identities);
}

NamedObjects TargetView::index_named() const {
    // What objects_named() reads from memory, in its order: the base's files the push leaves
    // alone, the pushed files, then the kustomizations, each by path.
    NamedObjects out;
    for (const auto& [path, file] : m_to_base.files)
        if (file && !m_to_head.files.count(path))
            out.add(path, false, file->identities);
    for (const auto& [path, file] : m_to_head.files)
        if (file)
            out.add(path, false, file->identities);
    if (m_to_head.kustomizations || m_to_base.kustomizations) {
        const auto& all =
            m_to_head.kustomizations ? *m_to_head.kustomizations : *m_to_base.kustomizations;
        for (const auto& [dir, k] : all) {
            auto it = m_to_head.rendered.find(dir);
            out.add(dir, true, it != m_to_head.rendered.end() ? it->second : k.identities);
        }
    } else {
        for (const auto& [dir, ids] : m_to_base.rendered)
            if (!m_to_head.rendered.count(dir))
                out.add(dir, true, ids);
        for (const auto& [dir, ids] : m_to_head.rendered)
            out.add(dir, true, ids);
    }
    return out;
}

Result<std::vector<StoredObject>>
TargetView::objects_named(const std::string& kind, const std::string& name,
                          const std::set<std::string>& except_files,
                          const std::set<std::string>& except_dirs) {
    std::vector<StoredObject> files, rendered;
    const bool structure_in_memory =
        m_to_head.kustomizations.has_value() || m_to_base.kustomizations.has_value();
    if (m_store && !m_to_base.replaces_all) {
        auto rows = stored(m_store->objects_named(kind, name));
        if (!rows) {
            SLIPWAY_TRY(fall_back());
            return objects_named(kind, name, except_files, except_dirs);
        }
        for (auto& o : *rows) {
            if (!o.from_kustomization) {
                if (!m_to_base.files.count(o.path) && !m_to_head.files.count(o.path) &&
                    !except_files.count(o.path))
                    files.push_back(std::move(o));
            } else if (!structure_in_memory && !m_to_base.rendered.count(o.path) &&
                       !m_to_head.rendered.count(o.path) && !except_dirs.count(o.path)) {
                rendered.push_back(std::move(o));
            }
        }
    }
    if (!m_named)
        m_named = index_named();
    for (const auto& o : m_named->find(kind, name)) {
        const auto& except = o.from_kustomization ? except_dirs : except_files;
        if (!except.count(*o.path))
            (o.from_kustomization ? rendered : files)
                .push_back({.path = *o.path,
                            .from_kustomization = o.from_kustomization,
                            .identity = *o.identity});
    }
    // Positions within one file keep their order (stable sort on the path alone).
    auto by_path = [](const StoredObject& a, const StoredObject& b) {
        return a.path < b.path;
    };
    std::stable_sort(files.begin(), files.end(), by_path);
    std::stable_sort(rendered.begin(), rendered.end(), by_path);
    files.insert(files.end(), std::make_move_iterator(rendered.begin()),
                 std::make_move_iterator(rendered.end()));
    return files;
}

void TargetView::save() {
    m_snapshot.reset();
    if (!m_store || m_store_failed || m_base_id.empty() || m_head_id.empty())
        return;
    (void)m_store->update(m_reference, m_to_base, m_base_id, m_head_id, &m_to_head);
}

} // namespace slipway::review
