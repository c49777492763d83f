// Objects: the Kubernetes objects in a loaded file (List items expanded), and their structure.
#pragma once

#include "manifest/yaml_loader.hpp"
#include "report/finding.hpp"

#include <cstdint>
#include <string_view>
#include <vector>

namespace slipway::manifest {

/// One Kubernetes object of a file. Views point into the LoadedFile's Tree.
struct Object {
    std::uint32_t document = 0; ///< index in LoadedFile::documents
    NodeId node = no_node;      ///< the object's mapping
    int list_index = -1;        ///< index in `items` of a `kind: List`; -1 for a plain document
    int line = 0;               ///< 1-based position of the object's first key
    int column = 0;
    std::string_view api_version;    ///< "apps/v1"
    std::string_view group;          ///< "apps"; empty for the core group
    std::string_view version;        ///< "v1"
    std::string_view kind;           ///< "Deployment"
    std::string_view name;           ///< metadata.name; empty when only generateName is set
    std::string_view generate_name;  ///< metadata.generateName
    std::string_view namespace_name; ///< metadata.namespace; empty when not set
    NodeId name_node = no_node;      ///< the metadata.name (or generateName) value
};

/// Appends the objects of `file` to `objects`: one per non-empty document, or one per item of
/// a `kind: List` document. Objects lacking a string apiVersion, kind, or metadata.name /
/// metadata.generateName are left out; each problem becomes an `object-structure` finding
/// (with `path`) appended to `findings`.
void extract_objects(std::string_view path, const LoadedFile& file, std::vector<Object>& objects,
                     Findings& findings);

/// Splits `api_version` into group and version ("apps/v1" -> "apps", "v1"; "v1" -> "", "v1").
/// False when it is not of either form.
bool split_api_version(std::string_view api_version, std::string_view& group,
                       std::string_view& version);

} // namespace slipway::manifest
