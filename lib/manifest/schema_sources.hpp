// SchemaSources: the schema files and directories a policy names, fingerprinted cheaply and
// loaded only when a manifest actually needs them.
#pragma once

#include "manifest/schema_set.hpp"
#include "util/result.hpp"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace slipway::manifest {

/// A list of schema sources: OpenAPI v2 JSON files and kubeconform-layout directories, in
/// lookup order. Nothing is read until fingerprint() or schemas() is called.
class SchemaSources {
public:
    explicit SchemaSources(std::vector<std::filesystem::path> sources = {})
        : m_sources(std::move(sources)) {}

    const std::vector<std::filesystem::path>& paths() const { return m_sources; }
    bool empty() const { return m_sources.empty(); }

    /// A string that changes whenever a source is replaced or edited: each source's path, and
    /// the size and modification time of each file (for a directory, of each file in it).
    /// Costs one stat per file, never a read. Fails when a source is missing or unreadable.
    /// Computed once per object.
    Result<std::string> fingerprint() const;

    /// The sources loaded into a SchemaSet (kubeconform directories lazily, per kind), the
    /// first call only. Fails, naming the source, when one is missing or is not a valid
    /// OpenAPI document.
    Result<const SchemaSet*> schemas() const;

private:
    std::vector<std::filesystem::path> m_sources;
    mutable std::optional<std::string> m_fingerprint;
    mutable std::unique_ptr<SchemaSet> m_set;
};

} // namespace slipway::manifest
