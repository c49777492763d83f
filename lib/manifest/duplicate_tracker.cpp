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

std::optional<check::Finding> DuplicateTracker::add(std::string_view path, const Tree& tree,
                                                    const Object& object,
                                                    check::Severity severity) {
    if (object.name.empty())
        return std::nullopt;
    bool cluster = is_cluster_scoped(object.group, object.kind);
    for (const auto& selector : m_cluster_scoped)
        cluster = cluster ||
                  kind_selector_matches(selector, object.api_version, object.group, object.kind);
    std::string_view ns;
    if (!cluster)
        ns = object.namespace_name.empty() ? std::string_view(m_default_namespace)
                                           : object.namespace_name;
    std::string key;
    key.reserve(object.group.size() + object.kind.size() + ns.size() + object.name.size() + 3);
    key.append(object.group).push_back('\0');
    key.append(object.kind).push_back('\0');
    key.append(ns).push_back('\0');
    key.append(object.name);

    NodeId at = object.name_node != no_node ? object.name_node : object.node;
    const Node& n = tree.node(at);
    auto [it, inserted] =
        m_seen.try_emplace(std::move(key), Where{std::string(path), static_cast<int>(n.line),
                                                 static_cast<int>(n.column)});
    if (inserted)
        return std::nullopt;
    std::string message = std::string(object.kind) + " " + quoted(object.name);
    if (!cluster)
        message += " in namespace " + quoted(ns);
    message += " is defined twice (first at " + it->second.path + ":" +
               std::to_string(it->second.line) + ":" + std::to_string(it->second.column) +
               "); keep one of them or rename one";
    return check::Finding{.path = std::string(path),
                          .line = static_cast<int>(n.line),
                          .column = static_cast<int>(n.column),
                          .severity = severity,
                          .message = std::move(message),
                          .rule = "duplicate-object"};
}

} // namespace slipway::manifest
