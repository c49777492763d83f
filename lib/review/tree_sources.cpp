// What a unit's paths hold in a pushed tree, read straight from git objects.
#include "review/tree_sources.hpp"

#include "git/checkout.hpp"
#include "git/tree_entries.hpp"
#include "manifest/sources.hpp"
#include "policy/manifests.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <set>

namespace slipway::review {

namespace {

std::string base_name(std::string_view path) {
    auto slash = path.rfind('/');
    return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

// `ref` resolved against directory `dir` as a repository path; empty when it leaves the
// repository or is remote.
std::string resolve(const std::string& dir, std::string ref) {
    if (auto eq = ref.find('='); eq != std::string::npos) // generator "key=path" entries
        ref.erase(0, eq + 1);
    if (ref.empty() || ref.front() == '/' || ref.find("://") != std::string::npos ||
        ref.starts_with("github.com/") || ref.starts_with("git@"))
        return {};
    std::filesystem::path p =
        (std::filesystem::path(dir == "." ? "" : dir) / ref).lexically_normal();
    std::string out = p.string();
    while (out.size() > 1 && out.back() == '/')
        out.pop_back();
    if (out.empty())
        out = ".";
    if (out == ".." || out.starts_with("../"))
        return {};
    return out;
}

// Every scalar value (not key) under `node`.
void scalars(const YAML::Node& node, std::vector<std::string>& out) {
    if (node.IsScalar())
        out.push_back(node.Scalar());
    else if (node.IsSequence())
        for (const auto& item : node)
            scalars(item, out);
    else if (node.IsMap())
        for (auto it = node.begin(); it != node.end(); ++it)
            scalars(it->second, out);
}

struct Reading {
    git::TreeLookup& tree;
    std::set<std::string> visiting; // kustomizations on the current path (cycle guard)
    bool complete = true;           // every kustomization file on the way was read
};

// True when directory `dir` has an entry with a kustomization file's name that is not a
// regular file (a symlink, say): kustomize may read it, we do not.
Result<bool> odd_kustomization_file(git::TreeLookup& tree, const std::string& dir) {
    for (const char* name : {"kustomization.yaml", "kustomization.yml", "Kustomization"}) {
        SLIPWAY_TRY_LET(entry, tree.entry(dir == "." ? std::string(name) : dir + "/" + name));
        if (*entry && !(*entry)->is_file())
            return true;
    }
    return false;
}

Status read_into(Reading& r, const std::string& dir, const std::string& file,
                 std::vector<std::string>* refs, std::set<std::string>& inputs) {
    inputs.insert(dir);
    if (!r.visiting.insert(dir).second)
        return {};
    SLIPWAY_TRY_LET(entry, r.tree.entry(dir == "." ? file : dir + "/" + file));
    if (!*entry)
        return {};
    SLIPWAY_TRY_LET(text, git::read_blob(r.tree.repo(), (*entry)->oid));
    YAML::Node root;
    try {
        root = YAML::Load(*text);
    } catch (const YAML::Exception&) {
        r.complete = false; // what it names is unknown; rendering it reports the error
        return {};
    }
    if (!root.IsMap())
        return {};
    std::vector<std::string> values;
    for (auto it = root.begin(); it != root.end(); ++it) {
        const std::string key = it->first.IsScalar() ? it->first.Scalar() : "";
        std::vector<std::string> these;
        scalars(it->second, these);
        for (const auto& v : these) {
            std::string path = resolve(dir, v);
            if (path.empty() || inputs.count(path))
                continue;
            // Through symlinks, as kustomize reads it in a checkout: the links are inputs too,
            // and what they lead to is read from where it is. A name that leads outside the
            // checkout names nothing there (checkout_tree() leaves such links out).
            SLIPWAY_TRY_LET(where, git::resolve_tree_path(r.tree, path));
            if (!*where)
                continue;
            const bool linked = !(*where)->links.empty();
            if (linked) {
                inputs.insert((*where)->links.begin(), (*where)->links.end());
                path = (*where)->path;
                if (inputs.count(path))
                    continue;
            }
            SLIPWAY_TRY_LET(target, r.tree.entry(path));
            if (!*target)
                continue;
            const bool structural = key == "resources" || key == "bases" || key == "components";
            if ((*target)->type == git::EntryType::tree) {
                // A base reached through a symlink stays top-level, as find_sources sees it.
                if (structural && refs && !linked)
                    refs->push_back(path);
                SLIPWAY_TRY_LET(sub, tree_kustomization_file(r.tree, path));
                if (sub->empty()) {
                    SLIPWAY_TRY_LET(odd, odd_kustomization_file(r.tree, path));
                    if (*odd)
                        r.complete = false;
                } else {
                    SLIPWAY_TRY(read_into(r, path, *sub, nullptr, inputs));
                    continue;
                }
            }
            inputs.insert(path);
        }
    }
    return {};
}

} // namespace

bool is_kustomization_name(std::string_view name) {
    return name == "kustomization.yaml" || name == "kustomization.yml" || name == "Kustomization";
}

bool touches(const std::vector<std::string>& inputs, std::string_view path) {
    for (const auto& input : inputs)
        if (policy::path_under(input, path))
            return true;
    return false;
}

Result<std::string> tree_kustomization_file(git::TreeLookup& tree, std::string_view dir) {
    for (const char* name : {"kustomization.yaml", "kustomization.yml", "Kustomization"}) {
        std::string path =
            dir == "." || dir.empty() ? std::string(name) : std::string(dir) + "/" + name;
        SLIPWAY_TRY_LET(entry, tree.entry(path));
        if (*entry && (*entry)->is_file())
            return std::string(name);
    }
    return std::string();
}

Status read_tree_kustomization(git::TreeLookup& tree, const std::string& dir,
                               TreeKustomization& out) {
    Reading r{tree, {}};
    std::set<std::string> inputs;
    SLIPWAY_TRY(read_into(r, dir, out.file, &out.refs, inputs));
    out.inputs.assign(inputs.begin(), inputs.end());
    out.complete = r.complete;
    return {};
}

Result<std::optional<std::vector<std::string>>> kustomization_inputs(git::TreeLookup& tree,
                                                                     const std::string& dir) {
    using Inputs = std::optional<std::vector<std::string>>;
    SLIPWAY_TRY_LET(file, tree_kustomization_file(tree, dir));
    if (file->empty())
        return Inputs();
    TreeKustomization k{.file = *file};
    SLIPWAY_TRY(read_tree_kustomization(tree, dir, k));
    if (!k.complete)
        return Inputs();
    return Inputs(std::move(k.inputs));
}

Result<TreeSources> find_tree_sources(const git::Repository& repo, const git_tree& tree,
                                      const std::vector<std::string>& paths) {
    // One pass collects every entry; kustomization directories are then found by name in
    // that listing. (Looking each directory's kustomization file up by path would re-read the
    // trees above it every time: libgit2 does not cache trees over 4 KiB, and a directory of
    // 10,000 services is one.)
    std::map<std::string, git::TreeEntry> files;
    std::set<std::string> dirs;
    for (const auto& root : paths) {
        if (root == "." || root.empty())
            dirs.insert(".");
        auto walked = git::walk_tree(repo, tree, root, [&](const git::TreeEntry& e) {
            if (e.type == git::EntryType::tree)
                dirs.insert(e.path);
            else
                files.emplace(e.path, e);
            return git::Descend::yes;
        });
        if (!walked)
            return std::unexpected(walked.error());
    }
    TreeSources out;
    std::set<std::string> kustomization_dirs;
    for (const auto& dir : dirs) {
        for (const char* name : {"kustomization.yaml", "kustomization.yml", "Kustomization"}) {
            auto it = files.find(dir == "." ? std::string(name) : dir + "/" + name);
            if (it != files.end() && it->second.is_file()) {
                kustomization_dirs.insert(dir);
                out.kustomizations.emplace(dir, TreeKustomization{.file = name});
                break;
            }
        }
    }
    auto inside_kustomization = [&](const std::string& path) {
        if (kustomization_dirs.count("."))
            return true;
        for (auto slash = path.rfind('/'); slash != std::string::npos && slash > 0;
             slash = path.rfind('/', slash - 1))
            if (kustomization_dirs.count(path.substr(0, slash)))
                return true;
        return false;
    };
    // A kustomization inside another one's directory is part of it, as the walk of
    // manifest::find_sources never reaches it.
    for (auto it = out.kustomizations.begin(); it != out.kustomizations.end();)
        it = it->first != "." && inside_kustomization(it->first) ? out.kustomizations.erase(it)
                                                                 : std::next(it);
    git::TreeLookup lookup(repo, tree);
    for (auto& [dir, k] : out.kustomizations)
        SLIPWAY_TRY(read_tree_kustomization(lookup, dir, k));
    for (const auto& [path, entry] : files) {
        if (!entry.is_file() || inside_kustomization(path))
            continue;
        // A path named explicitly is taken whatever its name, as find_sources does.
        bool named = std::find(paths.begin(), paths.end(), path) != paths.end();
        if (named || manifest::is_manifest_name(base_name(path)))
            out.files.emplace(path, entry.oid);
    }
    return out;
}

} // namespace slipway::review
