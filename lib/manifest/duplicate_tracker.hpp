// DuplicateTracker: the same object defined twice across the files of one deploy target.
#pragma once

#include "manifest/object.hpp"
#include "report/finding.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace slipway::manifest {

/// What makes an object unique in a deploy target, and where its name is written: enough to
/// judge duplicates without the file's Tree (the gate caches these per blob).
struct ObjectIdentity {
    std::string api_version;    ///< "apps/v1"
    std::string kind;           ///< "Deployment"
    std::string namespace_name; ///< metadata.namespace as written; empty when not set
    std::string name;           ///< metadata.name; never empty
    int line = 0;               ///< 1-based position of the metadata.name value
    int column = 0;

    bool operator==(const ObjectIdentity&) const = default;
};

/// The identity of `object` of `tree`; nullopt for objects with only a generateName.
std::optional<ObjectIdentity> identity_of(const Tree& tree, const Object& object);

/// Remembers the objects of one deploy target (all its files) by group, kind, namespace and
/// name. Namespaced objects without a namespace count as being in the default namespace;
/// cluster-scoped kinds have no namespace at all.
class DuplicateTracker {
public:
    /// A tracker for a target whose objects without a namespace go to `default_namespace`;
    /// `cluster_scoped_kinds` are the kind selectors of cluster-scoped custom resources (see
    /// Settings::cluster_scoped_kinds).
    explicit DuplicateTracker(std::string default_namespace = "default",
                              std::vector<std::string> cluster_scoped_kinds = {});

    /// Records `object` of `tree`, read from file `path`. When an object with the same group,
    /// kind, namespace and name was recorded before, returns the `duplicate-object` finding
    /// for this one (at its name, citing where the first is) with `severity`; nullopt
    /// otherwise. Objects with only a generateName are never duplicates.
    std::optional<Finding> add(std::string_view path, const Tree& tree, const Object& object,
                               Severity severity = Severity::error);
    /// add() for an object known only by its identity, read from file `path`.
    std::optional<Finding> add(std::string_view path, const ObjectIdentity& identity,
                               Severity severity = Severity::error);

    /// Number of distinct objects recorded.
    std::size_t size() const { return m_seen.size(); }

private:
    struct Where {
        std::string path;
        int line;
        int column;
    };
    std::string m_default_namespace;
    std::vector<std::string> m_cluster_scoped;
    std::unordered_map<std::string, Where> m_seen;
};

} // namespace slipway::manifest
