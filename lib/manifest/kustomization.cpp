// Kustomizations as Slipway reads them, without kustomize.
#include "manifest/kustomization.hpp"

#include "manifest/yaml_loader.hpp"
#include "util/relative_path.hpp"

#include <algorithm>
#include <filesystem>
#include <set>

namespace slipway::manifest {

namespace {

// `ref` resolved against directory `dir` as a path of the tree; empty when it leaves the tree
// or is remote.
std::string resolve_reference(const std::string& dir, std::string ref) {
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
void scalars(const Tree& tree, NodeId node, std::vector<std::string>& out) {
    if (tree.is_scalar(node)) {
        if (tree.node(node).type != NodeType::null)
            out.emplace_back(tree.text(node));
    } else if (tree.is_sequence(node)) {
        for (std::size_t i = 0; i < tree.size(node); ++i)
            scalars(tree, tree.item(node, i), out);
    } else if (tree.is_mapping(node)) {
        for (std::size_t i = 0; i < tree.size(node); ++i)
            scalars(tree, tree.value(node, i), out);
    }
}

struct Reading {
    SourceTree& tree;
    std::set<std::string> visiting; // kustomizations on the current path (cycle guard)
    bool complete = true;           // every kustomization file on the way was read
};

// True when directory `dir` has an entry with a kustomization file's name that is not a
// regular file (a symlink, say): kustomize may read it, we do not.
Result<bool> odd_kustomization_file(SourceTree& tree, const std::string& dir) {
    for (auto name : kustomization_names) {
        SLIPWAY_TRY_LET(type, tree.type(child_path(dir, name)));
        if (*type && **type != SourceType::file)
            return true;
    }
    return false;
}

Status read_into(Reading& r, const std::string& dir, const std::string& file,
                 std::vector<std::string>* refs, std::set<std::string>& inputs) {
    inputs.insert(dir);
    if (!r.visiting.insert(dir).second)
        return {};
    const std::string path_of_file = child_path(dir, file);
    SLIPWAY_TRY_LET(type, r.tree.type(path_of_file));
    if (*type != SourceType::file)
        return {};
    SLIPWAY_TRY_LET(text, r.tree.read(path_of_file));
    auto loaded = load_yaml(path_of_file, *text, Limits{});
    if (!loaded.complete || count_errors(loaded.findings) > 0) {
        r.complete = false; // what it names is unknown; rendering it reports the error
        return {};
    }
    if (loaded.documents.empty())
        return {};
    const Tree& yaml = loaded.tree;
    const NodeId root = loaded.documents.front().root;
    if (!yaml.is_mapping(root))
        return {};
    for (std::size_t i = 0; i < yaml.size(root); ++i) {
        const std::string_view key = yaml.text(yaml.key(root, i));
        std::vector<std::string> these;
        scalars(yaml, yaml.value(root, i), these);
        for (const auto& v : these) {
            std::string path = resolve_reference(dir, v);
            if (path.empty() || inputs.count(path))
                continue;
            // Through symlinks, as kustomize reads it in a checkout: the links are inputs too,
            // and what they lead to is read from where it is. A name that leads outside the
            // tree names nothing there (a checkout leaves such links out).
            SLIPWAY_TRY_LET(where, resolve(r.tree, path));
            if (!*where)
                continue;
            const bool linked = !(*where)->links.empty();
            if (linked) {
                inputs.insert((*where)->links.begin(), (*where)->links.end());
                path = (*where)->path;
                if (inputs.count(path))
                    continue;
            }
            SLIPWAY_TRY_LET(target, r.tree.type(path));
            if (!*target)
                continue;
            const bool structural = key == "resources" || key == "bases" || key == "components";
            if (**target == SourceType::directory) {
                // A base reached through a symlink stays top-level: the walk that finds
                // kustomizations never follows a symlink to it.
                if (structural && refs && !linked)
                    refs->push_back(path);
                SLIPWAY_TRY_LET(sub, kustomization_file(r.tree, path));
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
    return std::find(kustomization_names.begin(), kustomization_names.end(), name) !=
           kustomization_names.end();
}

bool touches(const std::vector<std::string>& inputs, std::string_view path) {
    for (const auto& input : inputs)
        if (util::path_under(input, path))
            return true;
    return false;
}

Result<std::string> kustomization_file(SourceTree& tree, std::string_view dir) {
    for (auto name : kustomization_names) {
        SLIPWAY_TRY_LET(type, tree.type(child_path(dir, name)));
        if (*type == SourceType::file)
            return std::string(name);
    }
    return std::string();
}

Result<Kustomization> read_kustomization(SourceTree& tree, const std::string& dir,
                                         const std::string& file) {
    Reading r{tree, {}};
    Kustomization out{.file = file};
    std::set<std::string> inputs;
    SLIPWAY_TRY(read_into(r, dir, file, &out.refs, inputs));
    out.inputs.assign(inputs.begin(), inputs.end());
    out.complete = r.complete;
    return out;
}

Result<std::optional<std::vector<std::string>>> kustomization_inputs(SourceTree& tree,
                                                                     const std::string& dir) {
    using Inputs = std::optional<std::vector<std::string>>;
    SLIPWAY_TRY_LET(file, kustomization_file(tree, dir));
    if (file->empty())
        return Inputs();
    SLIPWAY_TRY_LET(k, read_kustomization(tree, dir, *file));
    if (!k->complete)
        return Inputs();
    return Inputs(std::move(k->inputs));
}

} // namespace slipway::manifest
