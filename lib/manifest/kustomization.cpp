// Kustomizations as Slipway reads them, without kustomize.
#include "manifest/kustomization.hpp"

#include "manifest/yaml_loader.hpp"
#include "util/relative_path.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <iterator>
#include <optional>
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
    std::vector<KustomizeReference> references;
};

// Top-level keys whose list items are names of files, directories or bases.
constexpr std::string_view listed_keys[] = {
    "resources",    "bases",      "components",           "crds", "configurations", "generators",
    "transformers", "validators", "patchesStrategicMerge"};
// Top-level keys whose entries name files under one of `named_keys`.
constexpr std::string_view nesting_keys[] = {"patches",
                                             "patchesJson6902",
                                             "replacements",
                                             "configMapGenerator",
                                             "secretGenerator",
                                             "helmCharts",
                                             "helmGlobals",
                                             "openapi",
                                             "helmChartInflationGenerator"};
constexpr std::string_view named_keys[] = {"path",      "files",      "envs",
                                           "env",       "valuesFile", "additionalValuesFiles",
                                           "chartHome", "configHome"};

template <std::size_t N>
bool one_of(const std::string_view (&keys)[N], std::string_view key) {
    return std::find(std::begin(keys), std::end(keys), key) != std::end(keys);
}

bool starts_with_nocase(std::string_view text, std::string_view prefix) {
    if (text.size() < prefix.size())
        return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i])
            return false;
    return true;
}

// A name kustomize reads from elsewhere than the tree, whatever the tree holds.
std::optional<KustomizeReference::Kind> foreign_kind(std::string_view text) {
    using Kind = KustomizeReference::Kind;
    if (text.starts_with("/") || text.starts_with("\\"))
        return Kind::absolute;
    if (starts_with_nocase(text, "file:"))
        return Kind::file_url;
    if (text.find("://") != std::string_view::npos)
        return Kind::remote;
    for (std::string_view prefix :
         {"git@", "git::", "ssh:", "github.com/", "gitlab.com/", "bitbucket.org/"})
        if (starts_with_nocase(text, prefix))
            return Kind::remote;
    return std::nullopt;
}

// True when `text`, naming nothing in the tree, is what kustomize then tries as a remote
// base: "example.com/org/repo//dir", "...?ref=v1".
bool looks_remote(std::string_view text) {
    if (text.find("?ref=") != std::string_view::npos ||
        text.find("?version=") != std::string_view::npos)
        return true;
    auto slash = text.find('/');
    if (slash == std::string_view::npos)
        return false;
    auto host = text.substr(0, slash);
    auto dot = host.find('.');
    return dot != std::string_view::npos && dot > 0 && dot + 1 < host.size();
}

// Records `text` (a name at `node` of the kustomization file `file` in directory `dir`, under
// `key`) when its rendering would read it from outside the tree.
Status check_name(Reading& r, const std::string& dir, const std::string& file,
                  const std::string& key, std::string text, const Tree& yaml, NodeId node) {
    if (text.empty() || text.find('\n') != std::string::npos) // an inline patch or config
        return {};
    if (key.ends_with("files"))
        if (auto eq = text.find('='); eq != std::string::npos) // "key=path"
            text.erase(0, eq + 1);
    auto record = [&](KustomizeReference::Kind kind) {
        r.references.push_back({.file = file,
                                .line = static_cast<int>(yaml.node(node).line),
                                .column = static_cast<int>(yaml.node(node).column),
                                .key = key,
                                .text = std::string(yaml.text(node)),
                                .kind = kind});
        return Status{};
    };
    if (auto kind = foreign_kind(text))
        return record(*kind);
    std::string path =
        (std::filesystem::path(dir == "." ? "" : dir) / text).lexically_normal().string();
    while (path.size() > 1 && path.back() == '/')
        path.pop_back();
    if (path.empty())
        path = ".";
    if (path == ".." || path.starts_with("../"))
        return record(KustomizeReference::Kind::outside);
    SLIPWAY_TRY_LET(where, resolve(r.tree, path));
    if (!*where)
        return record(KustomizeReference::Kind::outside); // through a symlink
    SLIPWAY_TRY_LET(type, r.tree.type((*where)->path));
    if (!*type && looks_remote(text))
        return record(KustomizeReference::Kind::remote);
    return {};
}

// Every scalar of `node` (itself, or the items of a sequence) checked as a name under `key`.
Status check_names(Reading& r, const std::string& dir, const std::string& file,
                   const std::string& key, const Tree& yaml, NodeId node) {
    if (yaml.is_string(node))
        return check_name(r, dir, file, key, std::string(yaml.text(node)), yaml, node);
    if (yaml.is_sequence(node))
        for (std::size_t i = 0; i < yaml.size(node); ++i)
            if (NodeId item = yaml.item(node, i); yaml.is_string(item))
                SLIPWAY_TRY(
                    check_name(r, dir, file, key, std::string(yaml.text(item)), yaml, item));
    return {};
}

// The `named_keys` anywhere under `node`, as names under "<top> <key>".
Status check_nested(Reading& r, const std::string& dir, const std::string& file,
                    const std::string& top, const Tree& yaml, NodeId node, int depth) {
    if (depth > 16)
        return {};
    if (yaml.is_sequence(node)) {
        for (std::size_t i = 0; i < yaml.size(node); ++i)
            SLIPWAY_TRY(check_nested(r, dir, file, top, yaml, yaml.item(node, i), depth + 1));
    } else if (yaml.is_mapping(node)) {
        for (std::size_t i = 0; i < yaml.size(node); ++i) {
            const std::string key(yaml.text(yaml.key(node, i)));
            if (one_of(named_keys, key))
                SLIPWAY_TRY(check_names(r, dir, file, top + " " + key, yaml, yaml.value(node, i)));
            else
                SLIPWAY_TRY(check_nested(r, dir, file, top, yaml, yaml.value(node, i), depth + 1));
        }
    }
    return {};
}

// The names kustomization file `file` (of directory `dir`, loaded as `yaml`) gives its
// rendering to read, checked.
Status check_references(Reading& r, const std::string& dir, const std::string& file,
                        const Tree& yaml, NodeId root) {
    for (std::size_t i = 0; i < yaml.size(root); ++i) {
        const std::string key(yaml.text(yaml.key(root, i)));
        const NodeId value = yaml.value(root, i);
        if (one_of(listed_keys, key)) {
            SLIPWAY_TRY(check_names(r, dir, file, key, yaml, value));
            // Inline entries ({path: x.yaml, ...}) name files too.
            if (yaml.is_sequence(value))
                for (std::size_t j = 0; j < yaml.size(value); ++j)
                    if (NodeId item = yaml.item(value, j); yaml.is_mapping(item))
                        SLIPWAY_TRY(check_nested(r, dir, file, key, yaml, item, 0));
        } else if (one_of(nesting_keys, key)) {
            SLIPWAY_TRY(check_nested(r, dir, file, key, yaml, value, 0));
        }
    }
    return {};
}

// Loads kustomization file `path` as YAML; nullopt when it is not YAML to us.
Result<std::optional<LoadedFile>> load_kustomization_file(SourceTree& tree,
                                                          const std::string& path) {
    SLIPWAY_TRY_LET(text, tree.read(path));
    auto loaded = load_yaml(path, *text, Limits{});
    if (!loaded.complete || count_errors(loaded.findings) > 0)
        return std::optional<LoadedFile>();
    return std::optional<LoadedFile>(std::move(loaded));
}

// The names in the kustomization file of `dir` that is a symlink (kustomize reads it through
// the link; its names are relative to `dir`), checked when the link leads to a file in the
// tree.
Status check_linked(Reading& r, const std::string& dir) {
    for (auto name : kustomization_names) {
        const std::string link = child_path(dir, name);
        SLIPWAY_TRY_LET(type, r.tree.type(link));
        if (!*type)
            continue;
        if (**type != SourceType::symlink)
            return {};
        SLIPWAY_TRY_LET(where, resolve(r.tree, link));
        if (!*where)
            return {};
        SLIPWAY_TRY_LET(target, r.tree.type((*where)->path));
        if (*target != SourceType::file)
            return {};
        SLIPWAY_TRY_LET(loaded, load_kustomization_file(r.tree, (*where)->path));
        if (!*loaded || (*loaded)->documents.empty())
            return {};
        const NodeId root = (*loaded)->documents.front().root;
        if ((*loaded)->tree.is_mapping(root))
            SLIPWAY_TRY(check_references(r, dir, (*where)->path, (*loaded)->tree, root));
        return {};
    }
    return {};
}

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
    SLIPWAY_TRY_LET(loaded, load_kustomization_file(r.tree, path_of_file));
    if (!*loaded) {
        r.complete = false; // what it names is unknown; rendering it reports the error
        return {};
    }
    if ((*loaded)->documents.empty())
        return {};
    const Tree& yaml = (*loaded)->tree;
    const NodeId root = (*loaded)->documents.front().root;
    if (!yaml.is_mapping(root))
        return {};
    SLIPWAY_TRY(check_references(r, dir, path_of_file, yaml, root));
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
                    if (*odd) {
                        r.complete = false;
                        if (r.visiting.insert(path).second)
                            SLIPWAY_TRY(check_linked(r, path));
                    }
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
    out.references = std::move(r.references);
    return out;
}

Findings refused_references(const Kustomization& k,
                            const std::vector<std::string>& allowed_remote) {
    using Kind = KustomizeReference::Kind;
    Findings out;
    for (const auto& ref : k.references) {
        const std::string named = ref.key + " entry \"" + ref.text + "\"";
        std::string message;
        switch (ref.kind) {
        case Kind::absolute:
            message = named + " is an absolute path; a kustomization may only read files and "
                              "directories inside the repository";
            break;
        case Kind::file_url:
            message = named + " is a file:// URL; a kustomization may only read files and "
                              "directories inside the repository";
            break;
        case Kind::outside:
            message = named + " leads outside the repository; a kustomization may only read "
                              "files and directories inside it";
            break;
        case Kind::remote: {
            const bool allowed =
                std::any_of(allowed_remote.begin(), allowed_remote.end(),
                            [&](const std::string& p) { return ref.text.starts_with(p); });
            if (allowed)
                continue;
            message = named + " is a remote base, and " +
                      (allowed_remote.empty() ? std::string("the policy allows none")
                                              : std::string("the policy does not allow it")) +
                      " (manifests.kustomize.remote); vendor it into the repository";
            break;
        }
        }
        out.push_back({.path = ref.file,
                       .line = ref.line,
                       .column = ref.column,
                       .message = std::move(message),
                       .rule = "kustomize"});
    }
    return out;
}

bool names_remote_base(const Kustomization& k) {
    return std::any_of(k.references.begin(), k.references.end(), [](const KustomizeReference& r) {
        return r.kind == KustomizeReference::Kind::remote;
    });
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
