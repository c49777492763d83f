// Validating an object against its compiled Schema: `schema` findings with field paths.
#pragma once

#include "manifest/schema.hpp"
#include "manifest/tree.hpp"
#include "report/finding.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace slipway::manifest {

/// How schema findings are made.
struct ValidationOptions {
    /// Unknown fields are errors wherever the schema lists properties (and does not say
    /// additionalProperties or x-kubernetes-preserve-unknown-fields); otherwise only where the
    /// schema says additionalProperties: false.
    bool strict = true;
    Severity severity = Severity::error;
    /// Where the object sits in its document, prepended to field paths: "items[2]" for an
    /// item of a List; empty for a whole document.
    std::string path_prefix;
    /// Stop after this many findings: the rest of the object is not checked.
    std::size_t max_findings = SIZE_MAX;
};

/// Checks `node` of `tree` (an object's root mapping) against `schema` and appends one
/// `schema` finding per problem to `out`, with `file` as path and the line:col of the
/// offending node (for unknown fields, of the key). Like kubeconform, `null` is accepted for
/// every field. Never stops early: every problem in the object is reported.
void validate(const Tree& tree, NodeId node, const Schema& schema, const ValidationOptions& options,
              std::string_view file, Findings& out);

} // namespace slipway::manifest
