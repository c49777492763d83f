// SchemaSet: where schemas come from (OpenAPI definitions, kubeconform directories), by kind.
#pragma once

#include "manifest/schema.hpp"
#include "util/result.hpp"

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace slipway::manifest {

/// The schemas a push is judged against, looked up by group, version and kind. Sources are
/// searched in the order they were added; the first that knows a kind wins. Schemas are
/// compiled the first time their kind is looked up; find() is safe to call from several
/// threads.
class SchemaSet {
public:
    SchemaSet();
    ~SchemaSet();
    SchemaSet(SchemaSet&&) noexcept;
    SchemaSet& operator=(SchemaSet&&) noexcept;

    /// Adds an OpenAPI v2 document in JSON (what `kubectl get --raw /openapi/v2` prints, or
    /// just its {"definitions": ...}): every definition with `x-kubernetes-group-version-kind`
    /// becomes the schema of those kinds. `origin` names it in errors. Fails when `json` is not
    /// JSON or has no `definitions` mapping.
    Status add_openapi(std::string_view json, std::string_view origin);
    /// add_openapi() on the contents of `file`; fails when it cannot be read.
    Status add_openapi_file(const std::filesystem::path& file);
    /// Adds a directory in kubeconform's layout: one JSON schema per kind, named
    /// `{kind}-{version}.json` for the core group and `{kind}-{group}-{version}.json` otherwise
    /// (lower case; only the first label of the group: `trainingjob-sagemaker-v1.json`). Files
    /// are read when their kind is first looked up. Fails when `dir` is not a directory.
    Status add_directory(const std::filesystem::path& dir);

    /// True when no source was added: then only the structural rules run.
    bool empty() const;

    /// The schema of objects of `kind` in `group` (empty for the core group) at `version`;
    /// nullptr when no source has one. Fails when the schema that should apply cannot be read
    /// or compiled (a broken file in a schema directory), naming the file.
    Result<const Schema*> find(std::string_view group, std::string_view version,
                               std::string_view kind) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

/// The kubeconform file name for a kind: "deployment-apps-v1.json", "service-v1.json".
std::string kubeconform_file_name(std::string_view group, std::string_view version,
                                  std::string_view kind);

} // namespace slipway::manifest
