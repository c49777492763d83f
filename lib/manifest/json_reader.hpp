// A fast, strict JSON reader into a Tree, for schema documents (megabytes of OpenAPI).
#pragma once

#include "manifest/tree.hpp"
#include "util/result.hpp"

#include <string_view>

namespace slipway::manifest {

/// A JSON text loaded into a Tree.
struct JsonDocument {
    Tree tree;
    NodeId root = no_node;
};

/// Parses `content` as one JSON value (RFC 8259; a UTF-8 BOM is skipped). Numbers without a
/// fraction or exponent are integers. Fails with "line L, column C: what" on malformed
/// input or nesting deeper than 512 levels. About ten times faster than a YAML parser on
/// the same text, which matters for the 1.3 MB Kubernetes definitions document.
Result<JsonDocument> read_json(std::string_view content);

} // namespace slipway::manifest
