// Loading manifest files (YAML or JSON, many documents) into a Tree, within Limits.
#pragma once

#include "manifest/limits.hpp"
#include "manifest/tree.hpp"
#include "report/finding.hpp"

#include <cstdint>
#include <string_view>
#include <vector>

namespace slipway::manifest {

/// One YAML document of a file.
struct Document {
    std::uint32_t index = 0; ///< 0-based position in the file
    NodeId root = no_node;   ///< no_node for an empty document (blank, comments, `null`)
    std::uint32_t begin = 0; ///< source byte offset where the document starts
    std::uint32_t end = 0;   ///< source byte offset just past the document
    std::uint32_t line = 0;  ///< 1-based line where it starts
};

/// A loaded file: its documents in one Tree, and what was wrong with the YAML itself.
struct LoadedFile {
    Tree tree;
    std::vector<Document> documents;
    /// `yaml-syntax` (syntax errors, duplicate keys, non-scalar keys) and `yaml-limits`
    /// findings, with `path` set and `ref` empty.
    Findings findings;
    /// False when loading stopped early (a syntax error or a limit): `documents` then holds
    /// only the documents completed before that point.
    bool complete = true;
};

/// Loads `content` (the bytes of the file at `path`, used only in findings) as a stream of
/// YAML documents; JSON is YAML, so it loads too. Scalars are typed as Kubernetes reads them
/// (see scalar.hpp); tags are applied as kustomize applies them (apply_tag: `!!int 0x1f` is the
/// integer 31, `!!binary aGVsbG8=` the string "hello"), and a tag Kubernetes has no meaning for
/// (`!Ref`) or a value its tag does not fit is a `yaml-syntax` finding at the node; aliases
/// share their anchor's node, within the alias node, byte and depth limits; merge keys (`<<`)
/// are applied. Never fails: every problem is a finding.
LoadedFile load_yaml(std::string_view path, std::string_view content, const Limits& limits);

/// The source text of `document`, a slice of the `content` it was loaded from.
std::string_view document_text(std::string_view content, const Document& document);

} // namespace slipway::manifest
