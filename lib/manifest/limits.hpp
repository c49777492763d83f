// Limits: how much untrusted manifest input the loader accepts before refusing a file.
#pragma once

#include <cstddef>

namespace slipway::manifest {

/// Bounds on one file, so a hostile push costs milliseconds and little memory. Going over
/// any of them is a `yaml-limits` finding that rejects the whole file. The defaults are far
/// above what real manifests need.
struct Limits {
    std::size_t max_file_bytes = 4 * 1024 * 1024; ///< size of the file
    std::size_t max_documents = 1000;             ///< YAML documents in the file
    std::size_t max_depth = 100;                  ///< nesting of mappings and sequences
    /// Nodes that aliases (`*name`) add when expanded, summed over the file: a "billion
    /// laughs" file reaches it after a few dozen aliases.
    std::size_t max_alias_nodes = 100000;
    /// Bytes that aliases copy when expanded (the text of the values they repeat, and one byte
    /// per node), summed over the file: a 3.5 MiB value aliased a hundred times passes the node
    /// limit but would render 350 MiB. Four times max_file_bytes by default.
    std::size_t max_expanded_bytes = 16 * 1024 * 1024;
    /// Findings reported for one file: past it, judging the file stops (a file with a
    /// hundred thousand duplicate keys would otherwise cost seconds and flood the pusher).
    std::size_t max_findings = 100;
};

} // namespace slipway::manifest
