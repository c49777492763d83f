// What a deploy target's `paths` hold in a tree: plain manifest files and the kustomizations.
#include "manifest/sources.hpp"

#include "util/relative_path.hpp"

#include <algorithm>
#include <set>

namespace slipway::manifest {

namespace {

constexpr int max_depth = 256;

struct Walk {
    SourceTree& tree;
    std::set<std::string> files;
    std::map<std::string, Kustomization> kustomizations;
};

// Adds what is under directory `dir`; a kustomization directory is taken whole.
Status walk(Walk& w, const std::string& dir, int depth) {
    if (depth > max_depth)
        return fail("tree is nested more than 256 levels deep at " + dir + "/");
    SLIPWAY_TRY_LET(entries, w.tree.list(dir));
    if (!*entries)
        return {};
    for (auto name : kustomization_names)
        for (const auto& e : **entries)
            if (e.name == name && e.type == SourceType::file) {
                w.kustomizations.emplace(dir, Kustomization{.file = e.name});
                return {};
            }
    for (const auto& e : **entries) {
        const std::string path = child_path(dir, e.name);
        if (e.type == SourceType::directory && e.name != ".git")
            SLIPWAY_TRY(walk(w, path, depth + 1));
        else if (e.type == SourceType::file && is_manifest_name(e.name))
            w.files.insert(path);
    }
    return {};
}

// True when `path` lies in one of the kustomization directories of `all`.
bool inside_kustomization(const std::map<std::string, Kustomization>& all, std::string_view path) {
    if (all.count("."))
        return true;
    for (auto slash = path.rfind('/'); slash != std::string_view::npos && slash > 0;
         slash = path.rfind('/', slash - 1))
        if (all.count(std::string(path.substr(0, slash))))
            return true;
    return false;
}

} // namespace

bool is_manifest_name(std::string_view name) {
    for (std::string_view ext : {".yaml", ".yml", ".json"})
        if (name.size() > ext.size() && name.ends_with(ext))
            return true;
    return false;
}

bool is_manifest_candidate(const std::vector<std::string>& paths, std::string_view path) {
    bool under = false;
    for (const auto& p : paths) {
        if (p == path)
            return true; // named itself: taken whatever its name
        under = under || util::path_under(p, path);
    }
    return under && is_manifest_name(util::base_name(path));
}

Result<Sources> find_sources(SourceTree& tree, const std::vector<std::string>& paths,
                             MissingPaths missing) {
    Walk w{tree, {}, {}};
    std::set<std::string> named;
    for (const auto& p : paths) {
        auto normal = util::normalize_relative(p);
        std::optional<SourceType> type;
        if (normal) {
            SLIPWAY_TRY_LET(t, tree.type(*normal));
            type = *t;
        }
        if (type == SourceType::directory) {
            SLIPWAY_TRY(walk(w, *normal, 0));
        } else if (type == SourceType::file) {
            named.insert(*normal);
        } else if (missing == MissingPaths::fail) {
            return fail("path \"" + p + "\" does not exist in this commit");
        }
    }
    w.files.insert(named.begin(), named.end());
    Sources out;
    for (const auto& f : w.files)
        if (!inside_kustomization(w.kustomizations, f))
            out.files.push_back(f);
    // A kustomization inside another one's directory is part of it (a path may name it
    // directly): the walk from above would never have reached it.
    for (auto it = w.kustomizations.begin(); it != w.kustomizations.end();)
        it = it->first != "." && inside_kustomization(w.kustomizations, it->first)
                 ? w.kustomizations.erase(it)
                 : std::next(it);
    for (auto& [dir, k] : w.kustomizations) {
        SLIPWAY_TRY_LET(read, read_kustomization(tree, dir, k.file));
        k = std::move(*read);
    }
    out.kustomizations = std::move(w.kustomizations);
    return out;
}

} // namespace slipway::manifest
