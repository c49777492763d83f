// Judging manifest files: load, extract objects, check schemas and rules, all in one pass.
#pragma once

#include "manifest/duplicate_tracker.hpp"
#include "manifest/object.hpp"
#include "manifest/schema_set.hpp"
#include "manifest/settings.hpp"
#include "manifest/yaml_loader.hpp"
#include "report/finding.hpp"

#include <string_view>
#include <vector>

namespace slipway::manifest {

/// What judging one file found. `objects` point into `file.tree`, so they stay valid as long
/// as the verdict lives (moving it is fine).
struct FileVerdict {
    LoadedFile file;             ///< the documents, for emitting objects or slicing source text
    std::vector<Object> objects; ///< the well-formed objects, in file order
    /// Every finding for the file, ordered by line and column; `path` set, `ref` empty.
    Findings findings;
};

/// Judges `content`, the bytes of the manifest file at `path`: YAML syntax and limits, object
/// structure, schemas from `schemas` (none when it is empty; strictness, skipped kinds and
/// groups from `settings`), and the enabled policy rules of `settings`. When `duplicates` is
/// given, every object is also recorded there and judged against the objects of the files
/// judged before with the same tracker (`duplicate-object`). Never fails: problems with the
/// input are findings; a schema that cannot be read is a `schema` finding, so the gate fails
/// closed. Stateless apart from `duplicates`: judge many files with the same arguments.
FileVerdict judge_file(std::string_view path, std::string_view content, const SchemaSet& schemas,
                       const Settings& settings, DuplicateTracker* duplicates = nullptr);

/// True when the schema checks skip `object` under `settings` (its kind or group is listed).
bool schema_skipped(const Object& object, const Settings& settings);

} // namespace slipway::manifest
