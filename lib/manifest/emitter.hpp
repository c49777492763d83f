// Emitting an object back as YAML text: one rendered object, one file.
#pragma once

#include "manifest/tree.hpp"
#include "util/result.hpp"

#include <string>

namespace slipway::manifest {

/// The YAML text of node `node` of `tree` as one document: block style, two-space indent, no
/// "---", ending in a newline. Every value keeps its type and value when read back, by
/// Kubernetes and by any YAML 1.1 or 1.2 reader: strings that would read as another type
/// ("80", "true", "", "2001-12-14", "1:20", "1e3"; see plain_is_ambiguous) are double-quoted,
/// multi-line strings are literal blocks, booleans are written true/false, integers in decimal,
/// floats in their shortest form, aliases are expanded. Tags are gone by then: the loader
/// applied them to the values. Fails only when libyaml's emitter does (out of memory).
Result<std::string> emit_yaml(const Tree& tree, NodeId node);

} // namespace slipway::manifest
