// SchemaSet: where schemas come from (OpenAPI definitions, kubeconform directories), by kind.
#include "manifest/schema_set.hpp"

#include "manifest/json_reader.hpp"

#include <fstream>
#include <mutex>
#include <sstream>
#include <unordered_map>
#include <variant>
#include <vector>

namespace slipway::manifest {
namespace {

std::string gvk_key(std::string_view group, std::string_view version, std::string_view kind) {
    std::string key;
    key.reserve(group.size() + version.size() + kind.size() + 2);
    key += group;
    key += '/';
    key += version;
    key += '/';
    key += kind;
    return key;
}

Result<std::string> read_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in)
        return fail("cannot open " + file.string());
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad())
        return fail("cannot read " + file.string());
    return buffer.str();
}

char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

} // namespace

std::string kubeconform_file_name(std::string_view group, std::string_view version,
                                  std::string_view kind) {
    std::string name;
    for (char c : kind)
        name.push_back(lower(c));
    if (!group.empty()) {
        name.push_back('-');
        for (char c : group.substr(0, group.find('.')))
            name.push_back(lower(c));
    }
    name.push_back('-');
    for (char c : version)
        name.push_back(lower(c));
    name += ".json";
    return name;
}

struct SchemaSet::Impl {
    struct OpenApi {
        std::size_t document;
        NodeId root;
        std::unordered_map<std::string, NodeId> kinds; // gvk key -> definition node
    };
    struct Directory {
        std::filesystem::path dir;
    };
    std::vector<std::variant<OpenApi, Directory>> sources;
    SchemaArena arena;
    std::unordered_map<std::string, Result<const Schema*>> found;
    std::mutex mutex;

    Result<const Schema*> lookup(std::string_view group, std::string_view version,
                                 std::string_view kind, const std::string& key) {
        for (auto& source : sources) {
            if (auto* api = std::get_if<OpenApi>(&source)) {
                auto it = api->kinds.find(key);
                if (it == api->kinds.end())
                    continue;
                return arena.compile(api->document, it->second, api->root);
            }
            auto& dir = std::get<Directory>(source);
            std::filesystem::path file = dir.dir / kubeconform_file_name(group, version, kind);
            std::error_code ec;
            if (!std::filesystem::is_regular_file(file, ec))
                continue;
            SLIPWAY_TRY_LET(text, read_file(file));
            auto json = read_json(*text);
            if (!json)
                return fail("schema " + file.string() + " is not valid JSON", json.error());
            NodeId root = json->root;
            std::size_t doc = arena.add_document(std::move(json->tree));
            auto compiled = arena.compile(doc, root, root);
            if (!compiled)
                return fail("schema " + file.string(), compiled.error());
            return compiled;
        }
        return nullptr;
    }
};

SchemaSet::SchemaSet()
    : m_impl(std::make_unique<Impl>()) {}
SchemaSet::~SchemaSet() = default;
SchemaSet::SchemaSet(SchemaSet&&) noexcept = default;
SchemaSet& SchemaSet::operator=(SchemaSet&&) noexcept = default;

Status SchemaSet::add_openapi(std::string_view json, std::string_view origin) {
    auto parsed = read_json(json);
    if (!parsed)
        return fail(std::string(origin) + " is not valid JSON", parsed.error());
    const Tree& t = parsed->tree;
    NodeId definitions = t.find(parsed->root, "definitions");
    if (definitions == no_node || !t.is_mapping(definitions))
        return fail(std::string(origin) +
                    " has no \"definitions\" mapping; expected an OpenAPI v2 document such as "
                    "`kubectl get --raw /openapi/v2` prints");
    Impl::OpenApi api;
    api.root = parsed->root;
    for (std::size_t i = 0; i < t.size(definitions); ++i) {
        NodeId def = t.value(definitions, i);
        NodeId gvks = t.find(def, "x-kubernetes-group-version-kind");
        if (!t.is_sequence(gvks))
            continue;
        for (NodeId gvk : t.children(gvks)) {
            std::string key = gvk_key(t.text(t.find(gvk, "group")), t.text(t.find(gvk, "version")),
                                      t.text(t.find(gvk, "kind")));
            api.kinds.emplace(std::move(key), def); // the first definition of a kind wins
        }
    }
    std::lock_guard lock(m_impl->mutex);
    api.document = m_impl->arena.add_document(std::move(parsed->tree));
    m_impl->sources.emplace_back(std::move(api));
    m_impl->found.clear();
    return {};
}

Status SchemaSet::add_openapi_file(const std::filesystem::path& file) {
    SLIPWAY_TRY_LET(text, read_file(file));
    return add_openapi(*text, file.string());
}

Status SchemaSet::add_directory(const std::filesystem::path& dir) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec))
        return fail("schema directory " + dir.string() + " does not exist");
    std::lock_guard lock(m_impl->mutex);
    m_impl->sources.emplace_back(Impl::Directory{dir});
    m_impl->found.clear();
    return {};
}

bool SchemaSet::empty() const {
    return m_impl->sources.empty();
}

Result<const Schema*> SchemaSet::find(std::string_view group, std::string_view version,
                                      std::string_view kind) const {
    std::string key = gvk_key(group, version, kind);
    std::lock_guard lock(m_impl->mutex);
    if (auto it = m_impl->found.find(key); it != m_impl->found.end())
        return it->second;
    auto result = m_impl->lookup(group, version, kind, key);
    m_impl->found.emplace(key, result);
    return result;
}

} // namespace slipway::manifest
