// What a unit's paths hold in a pushed tree, read straight from git objects.
#include "check/tree_sources.hpp"

#include "git/tree_entries.hpp"
#include "manifest/sources.hpp"
#include "policy/manifests.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <set>

namespace slipway::check {

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
    const git::Repository& repo;
    const git_tree& tree;
    std::set<std::string> visiting; // kustomizations on the current path (cycle guard)
};

Status read_into(Reading& r, const std::string& dir, const std::string& file,
                 std::vector<std::string>* refs, std::set<std::string>& inputs) {
    inputs.insert(dir);
    if (!r.visiting.insert(dir).second)
        return {};
    auto entry = git::tree_entry(r.repo, r.tree, dir == "." ? file : dir + "/" + file);
    if (!entry)
        return std::unexpected(entry.error());
    if (!*entry)
        return {};
    auto text = git::read_blob(r.repo, (*entry)->oid);
    if (!text)
        return std::unexpected(text.error());
    YAML::Node root;
    try {
        root = YAML::Load(*text);
    } catch (const YAML::Exception&) {
        return {}; // rendering it reports the error
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
            auto target = git::tree_entry(r.repo, r.tree, path);
            if (!target)
                return std::unexpected(target.error());
            if (!*target)
                continue;
            const bool structural = key == "resources" || key == "bases" || key == "components";
            if ((*target)->type == git::EntryType::tree) {
                if (structural && refs)
                    refs->push_back(path);
                auto sub = tree_kustomization_file(r.repo, r.tree, path);
                if (!sub)
                    return std::unexpected(sub.error());
                if (!sub->empty()) {
                    if (auto s = read_into(r, path, *sub, nullptr, inputs); !s)
                        return s;
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

Result<std::string> tree_kustomization_file(const git::Repository& repo, const git_tree& tree,
                                            std::string_view dir) {
    for (const char* name : {"kustomization.yaml", "kustomization.yml", "Kustomization"}) {
        std::string path =
            dir == "." || dir.empty() ? std::string(name) : std::string(dir) + "/" + name;
        auto entry = git::tree_entry(repo, tree, path);
        if (!entry)
            return std::unexpected(entry.error());
        if (*entry && (*entry)->is_file())
            return std::string(name);
    }
    return std::string();
}

Status read_tree_kustomization(const git::Repository& repo, const git_tree& tree,
                               const std::string& dir, TreeKustomization& out) {
    Reading r{repo, tree, {}};
    std::set<std::string> inputs;
    if (auto s = read_into(r, dir, out.file, &out.refs, inputs); !s)
        return s;
    out.inputs.assign(inputs.begin(), inputs.end());
    return {};
}

Result<TreeSources> find_tree_sources(const git::Repository& repo, const git_tree& tree,
                                      const std::vector<std::string>& paths) {
    TreeSources out;
    std::optional<Error> failure;
    for (const auto& root : paths) {
        if (root == "." || root.empty()) {
            auto file = tree_kustomization_file(repo, tree, ".");
            if (!file)
                return std::unexpected(file.error());
            if (!file->empty()) {
                TreeKustomization k{.file = *file};
                if (auto s = read_tree_kustomization(repo, tree, ".", k); !s)
                    return std::unexpected(s.error());
                out.kustomizations.emplace(".", std::move(k));
                continue;
            }
        }
        auto walked = git::walk_tree(repo, tree, root, [&](const git::TreeEntry& e) {
            if (failure)
                return git::Descend::no;
            if (e.type == git::EntryType::tree) {
                auto file = tree_kustomization_file(repo, tree, e.path);
                if (!file) {
                    failure = file.error();
                    return git::Descend::no;
                }
                if (file->empty())
                    return git::Descend::yes;
                TreeKustomization k{.file = *file};
                if (auto s = read_tree_kustomization(repo, tree, e.path, k); !s)
                    failure = s.error();
                out.kustomizations.emplace(e.path, std::move(k));
                return git::Descend::no;
            }
            // A path named explicitly is taken whatever its name, as find_sources does.
            if (e.is_file() && (e.path == root || manifest::is_manifest_name(base_name(e.path))))
                out.files.emplace(e.path, e.oid);
            return git::Descend::no;
        });
        if (!walked)
            return std::unexpected(walked.error());
        if (failure)
            return std::unexpected(*failure);
    }
    return out;
}

} // namespace slipway::check
