// Judging manifest files: load, extract objects, check schemas and rules, all in one pass.
#include "manifest/judge.hpp"

#include "manifest/field_path.hpp"
#include "manifest/rules.hpp"
#include "manifest/validator.hpp"

#include <algorithm>

namespace slipway::manifest {
namespace {

void check_schema(std::string_view path, const Tree& tree, const Object& object,
                  const SchemaSet& schemas, const Settings& settings, Findings& out) {
    auto found = schemas.find(object.group, object.version, object.kind);
    NodeId kind_node = tree.find(object.node, "kind");
    const Node& at = tree.node(kind_node != no_node ? kind_node : object.node);
    if (!found) {
        out.push_back({.path = std::string(path),
                       .line = static_cast<int>(at.line),
                       .column = static_cast<int>(at.column),
                       .severity = settings.schema.severity,
                       .message = "cannot check " + std::string(object.kind) + " (" +
                                  std::string(object.api_version) + ") against its schema: " +
                                  found.error().message + "; an admin must fix the schema",
                       .rule = "schema"});
        return;
    }
    if (*found == nullptr) {
        if (settings.schema_missing.enabled)
            out.push_back({.path = std::string(path),
                           .line = static_cast<int>(at.line),
                           .column = static_cast<int>(at.column),
                           .severity = settings.schema_missing.severity,
                           .message = "no schema for kind " + quoted(object.kind) + " (" +
                                      std::string(object.api_version) +
                                      "); check the apiVersion, add the kind's schema to a "
                                      "schema directory, or skip the kind or its group in the "
                                      "policy",
                           .rule = "schema-missing"});
        return;
    }
    ValidationOptions options{.strict = settings.strict,
                              .severity = settings.schema.severity,
                              .max_findings = settings.limits.max_findings -
                                              std::min(out.size(), settings.limits.max_findings)};
    if (object.list_index >= 0)
        options.path_prefix = "items[" + std::to_string(object.list_index) + "]";
    validate(tree, object.node, **found, options, path, out);
}

} // namespace

bool schema_skipped(const Object& object, const Settings& settings) {
    for (const auto& group : settings.schema_skip_groups)
        if (group == object.group)
            return true;
    for (const auto& selector : settings.schema_skip_kinds)
        if (kind_selector_matches(selector, object.api_version, object.group, object.kind))
            return true;
    return false;
}

FileVerdict judge_file(std::string_view path, std::string_view content, const SchemaSet& schemas,
                       const Settings& settings, DuplicateTracker* duplicates) {
    FileVerdict verdict;
    verdict.file = load_yaml(path, content, settings.limits);
    verdict.findings = std::move(verdict.file.findings);
    verdict.file.findings.clear();
    extract_objects(path, verdict.file, verdict.objects, verdict.findings);
    const Tree& tree = verdict.file.tree;
    const bool use_schemas = settings.schema.enabled && !schemas.empty();
    const std::size_t cap = settings.limits.max_findings;
    for (const Object& object : verdict.objects) {
        if (verdict.findings.size() >= cap)
            break;
        if (use_schemas && !schema_skipped(object, settings))
            check_schema(path, tree, object, schemas, settings, verdict.findings);
        check_policy_rules(path, tree, object, settings, verdict.findings);
        if (duplicates && settings.duplicate_object.enabled) {
            if (auto f = duplicates->add(path, tree, object, settings.duplicate_object.severity))
                verdict.findings.push_back(std::move(*f));
        }
    }
    std::stable_sort(verdict.findings.begin(), verdict.findings.end(),
                     [](const Finding& a, const Finding& b) {
                         return a.line != b.line ? a.line < b.line : a.column < b.column;
                     });
    if (verdict.findings.size() >= cap) {
        verdict.findings.resize(cap);
        verdict.findings.push_back(
            {.path = std::string(path),
             .message = "stopped after " + std::to_string(cap) +
                        " problems in this file; fix these and push again to see the rest",
             .rule = "yaml-limits"});
    }
    return verdict;
}

} // namespace slipway::manifest
