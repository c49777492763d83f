// Objects: the Kubernetes objects in a loaded file (List items expanded), and their structure.
#include "manifest/object.hpp"

#include "manifest/field_path.hpp"
#include "manifest/scalar.hpp"

#include <string>

namespace slipway::manifest {
namespace {

bool valid_name_part(std::string_view s) {
    if (s.empty())
        return false;
    for (char c : s)
        if (c == ' ' || c == '\t' || c == '/' || static_cast<unsigned char>(c) < 0x20)
            return false;
    return true;
}

class Extractor {
public:
    Extractor(std::string_view path, const LoadedFile& file, std::vector<Object>& objects,
              Findings& findings)
        : m_path(path)
        , m_file(file)
        , m_tree(file.tree)
        , m_objects(objects)
        , m_findings(findings) {}

    void run() {
        for (const Document& d : m_file.documents) {
            if (d.root != no_node)
                document(d);
        }
    }

private:
    void report(NodeId at, std::string message) {
        const Node& n = m_tree.node(at);
        m_findings.push_back({.path = std::string(m_path),
                              .line = static_cast<int>(n.line),
                              .column = static_cast<int>(n.column),
                              .message = std::move(message),
                              .rule = "object-structure"});
    }

    std::string describe(NodeId id) const {
        const Node& n = m_tree.node(id);
        switch (n.type) {
        case NodeType::mapping:
            return "a mapping";
        case NodeType::sequence:
            return "a list";
        case NodeType::string:
            return "the string " + quoted(m_tree.text(id));
        default:
            return std::string(type_name(static_cast<ScalarType>(n.type))) + " " +
                   std::string(m_tree.text(id));
        }
    }

    // `prefix` is "" for a document, "items[3]." for a List item.
    std::string field(const std::string& prefix, std::string_view name) const {
        return quoted(prefix + std::string(name));
    }

    // The string under `key`, or a finding. `example` ends the "missing" message.
    bool required_string(NodeId map, const std::string& prefix, std::string_view key,
                         std::string_view missing_hint, std::string_view& out) {
        NodeId k = m_tree.find_key(map, key);
        if (k == no_node) {
            report(map, "missing " + field(prefix, key) + "; " + std::string(missing_hint));
            return false;
        }
        NodeId v = m_tree.find(map, key);
        const Node& vn = m_tree.node(v);
        if (vn.type == NodeType::null || (vn.type == NodeType::string && m_tree.text(v).empty())) {
            report(k, field(prefix, key) + " is empty; " + std::string(missing_hint));
            return false;
        }
        if (vn.type != NodeType::string) {
            std::string hint = m_tree.is_scalar(v) ? "; quote it: " + quoted(m_tree.text(v)) : "";
            report(v, field(prefix, key) + " must be a string, got " + describe(v) + hint);
            return false;
        }
        out = m_tree.text(v);
        return true;
    }

    // An optional string field: absent or null is fine.
    bool optional_string(NodeId map, const std::string& prefix, std::string_view key,
                         std::string_view& out, NodeId& at) {
        NodeId v = m_tree.find(map, key);
        at = v;
        if (v == no_node || m_tree.node(v).type == NodeType::null)
            return true;
        if (m_tree.node(v).type != NodeType::string) {
            std::string hint = m_tree.is_scalar(v) ? "; quote it: " + quoted(m_tree.text(v)) : "";
            report(v, field(prefix, key) + " must be a string, got " + describe(v) + hint);
            return false;
        }
        out = m_tree.text(v);
        return true;
    }

    void document(const Document& d) {
        NodeId root = d.root;
        if (!m_tree.is_mapping(root)) {
            report(root, "document " + std::to_string(d.index + 1) + " is " + describe(root) +
                             ", not a Kubernetes object; each document must be a mapping with "
                             "apiVersion, kind and metadata");
            return;
        }
        NodeId kind = m_tree.find(root, "kind");
        if (m_tree.is_string(kind) && m_tree.text(kind) == "List") {
            list(d, root);
            return;
        }
        object(d, root, -1, "");
    }

    void list(const Document& d, NodeId root) {
        NodeId items = m_tree.find(root, "items");
        if (items == no_node) {
            report(root, "a List needs \"items\"; write items: [] for an empty one");
            return;
        }
        if (m_tree.node(items).type == NodeType::null)
            return;
        if (!m_tree.is_sequence(items)) {
            report(items, "\"items\" of a List must be a list of objects, got " + describe(items));
            return;
        }
        for (std::size_t i = 0; i < m_tree.size(items); ++i) {
            NodeId item = m_tree.item(items, i);
            std::string prefix = "items[" + std::to_string(i) + "].";
            if (!m_tree.is_mapping(item)) {
                report(item, "\"items[" + std::to_string(i) + "]\" is " + describe(item) +
                                 ", not a Kubernetes object; write a mapping with apiVersion, "
                                 "kind and metadata");
                continue;
            }
            object(d, item, static_cast<int>(i), prefix);
        }
    }

    void object(const Document& d, NodeId node, int list_index, const std::string& prefix) {
        Object o;
        o.document = d.index;
        o.node = node;
        o.list_index = list_index;
        o.line = static_cast<int>(m_tree.node(node).line);
        o.column = static_cast<int>(m_tree.node(node).column);
        constexpr std::string_view needs =
            "every object needs apiVersion and kind (e.g. apiVersion: apps/v1, kind: Deployment)";
        bool ok = required_string(node, prefix, "apiVersion", needs, o.api_version);
        if (ok && !split_api_version(o.api_version, o.group, o.version)) {
            report(m_tree.find(node, "apiVersion"),
                   field(prefix, "apiVersion") + " " + quoted(o.api_version) +
                       " is not of the form group/version or version (e.g. apps/v1, v1)");
            ok = false;
        }
        ok = required_string(node, prefix, "kind", needs, o.kind) && ok;
        ok = metadata(node, prefix, o) && ok;
        if (ok)
            m_objects.push_back(o);
    }

    bool metadata(NodeId node, const std::string& prefix, Object& o) {
        NodeId meta = m_tree.find(node, "metadata");
        if (meta == no_node || m_tree.node(meta).type == NodeType::null) {
            report(node, "missing " + field(prefix, "metadata.name") +
                             "; give the object a name (or metadata.generateName)");
            return false;
        }
        if (!m_tree.is_mapping(meta)) {
            report(meta, field(prefix, "metadata") + " must be a mapping, got " + describe(meta) +
                             "; write metadata.name under it");
            return false;
        }
        std::string meta_prefix = prefix + "metadata.";
        NodeId name_at = no_node, generate_at = no_node, namespace_at = no_node;
        bool ok = optional_string(meta, meta_prefix, "name", o.name, name_at);
        ok = optional_string(meta, meta_prefix, "generateName", o.generate_name, generate_at) && ok;
        ok = optional_string(meta, meta_prefix, "namespace", o.namespace_name, namespace_at) && ok;
        if (ok && o.name.empty() && o.generate_name.empty()) {
            report(meta, "missing " + field(prefix, "metadata.name") +
                             "; give the object a name (or metadata.generateName)");
            return false;
        }
        o.name_node = !o.name.empty() ? name_at : generate_at;
        return ok;
    }

    std::string_view m_path;
    const LoadedFile& m_file;
    const Tree& m_tree;
    std::vector<Object>& m_objects;
    Findings& m_findings;
};

} // namespace

bool split_api_version(std::string_view api_version, std::string_view& group,
                       std::string_view& version) {
    std::size_t slash = api_version.find('/');
    if (slash == std::string_view::npos) {
        group = {};
        version = api_version;
        return valid_name_part(version);
    }
    group = api_version.substr(0, slash);
    version = api_version.substr(slash + 1);
    return valid_name_part(group) && valid_name_part(version);
}

void extract_objects(std::string_view path, const LoadedFile& file, std::vector<Object>& objects,
                     Findings& findings) {
    Extractor(path, file, objects, findings).run();
}

} // namespace slipway::manifest
