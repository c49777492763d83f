// DuplicateTracker: the same object defined twice across the files of one deploy target.
#include "manifest/duplicate_tracker.hpp"

#include "manifest/field_path.hpp"
#include "manifest/kube_tables.hpp"
#include "manifest/settings.hpp"

namespace slipway::manifest {

DuplicateTracker::DuplicateTracker(std::string default_namespace,
                                   std::vector<std::string> cluster_scoped_kinds)
    : m_default_namespace(std::move(default_namespace))
    , m_cluster_scoped(std::move(cluster_scoped_kinds)) {}

std::optional<ObjectIdentity> identity_of(const Tree& tree, const Object& object) {
    if (object.name.empty())
        return std::nullopt;
    NodeId at = object.name_node != no_node ? object.name_node : object.node;
    const Node& n = tree.node(at);
    return ObjectIdentity{.api_version = std::string(object.api_version),
                          .kind = std::string(object.kind),
                          .namespace_name = std::string(object.namespace_name),
                          .name = std::string(object.name),
                          .line = static_cast<int>(n.line),
                          .column = static_cast<int>(n.column)};
}

std::optional<Finding> DuplicateTracker::add(std::string_view path, const Tree& tree,
                                             const Object& object, Severity severity) {
    auto identity = identity_of(tree, object);
    if (!identity)
        return std::nullopt;
    return add(path, *identity, severity);
}

std::optional<Finding> DuplicateTracker::add(std::string_view path, const ObjectIdentity& object,
                                             Severity severity) {
    if (object.name.empty())
        return std::nullopt;
    std::string_view group, version;
    if (!split_api_version(object.api_version, group, version))
        group = {};
    bool cluster = is_cluster_scoped(group, object.kind);
    for (const auto& selector : m_cluster_scoped)
        cluster =
            cluster || kind_selector_matches(selector, object.api_version, group, object.kind);
    std::string_view ns;
    if (!cluster)
        ns = object.namespace_name.empty() ? std::string_view(m_default_namespace)
                                           : std::string_view(object.namespace_name);
    std::string key;
    key.reserve(group.size() + object.kind.size() + ns.size() + object.name.size() + 3);
    key.append(group).push_back('\0');
    key.append(object.kind).push_back('\0');
    key.append(ns).push_back('\0');
    key.append(object.name);

    auto [it, inserted] =
        m_seen.try_emplace(std::move(key), Where{std::string(path), object.line, object.column});
    if (inserted)
        return std::nullopt;
    std::string message = object.kind + " " + quoted(object.name);
    if (!cluster)
        message += " in namespace " + quoted(ns);
    message += " is defined twice (first at " + it->second.path + ":" +
               std::to_string(it->second.line) + ":" + std::to_string(it->second.column) +
               "); keep one of them or rename one";
    return Finding{.path = std::string(path),
                   .line = object.line,
                   .column = object.column,
                   .severity = severity,
                   .message = std::move(message),
                   .rule = "duplicate-object"};
}

} // namespace slipway::manifest
