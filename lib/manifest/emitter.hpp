// Emitting an object back as YAML text: one rendered object, one file.
#pragma once

#include "manifest/tree.hpp"
#include "util/result.hpp"

#include <string>

namespace slipway::manifest {

/// The YAML text of node `node` of `tree` as one document: block style, two-space indent, no
/// "---", ending in a newline. Every value keeps its type when read back: strings that would
/// read as another type ("80", "true", "") are quoted, multi-line strings are literal blocks,
/// booleans are written true/false, aliases are expanded. Fails only when libyaml's emitter
/// does (out of memory).
Result<std::string> emit_yaml(const Tree& tree, NodeId node);

} // namespace slipway::manifest
