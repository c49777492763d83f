// The objects a target view holds in memory, indexed by kind and name, so that looking up the
// objects one changed object may duplicate costs what matches and not what the target holds.
#pragma once

#include "manifest/duplicate_tracker.hpp"

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace slipway::review {

/// Where one indexed object is written. The pointers are into the view's maps, which must not
/// change while the index is in use (the view drops the index whenever they do).
struct NamedObject {
    const std::string* path;                  ///< the file, or the kustomization's directory
    bool from_kustomization;                  ///< rendered from the kustomization in `path`
    const manifest::ObjectIdentity* identity; ///< the object itself
};

/// Objects by (kind, name), each list in the order the objects were added.
class NamedObjects {
public:
    /// Adds every object of `ids`, written in `path`, under its kind and name.
    void add(const std::string& path, bool from_kustomization,
             const std::vector<manifest::ObjectIdentity>& ids);
    /// The objects of kind `kind` named `name`, in the order they were added.
    const std::vector<NamedObject>& find(std::string_view kind, std::string_view name) const;

private:
    static std::string key(std::string_view kind, std::string_view name);
    std::unordered_map<std::string, std::vector<NamedObject>> m_objects;
};

} // namespace slipway::review
