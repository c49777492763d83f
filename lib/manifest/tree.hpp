// Tree: a compact arena holding YAML/JSON documents, every node with its source position.
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <string_view>
#include <vector>

namespace slipway::manifest {

/// Index of a node in its Tree.
using NodeId = std::uint32_t;
/// "No such node": what lookups return when a key or item is absent.
inline constexpr NodeId no_node = std::numeric_limits<NodeId>::max();

/// A node's JSON type. Scalars are typed when loaded (see scalar.hpp), so `"80"` is a string
/// and `80` an integer.
enum class NodeType : std::uint8_t { null, boolean, integer, number, string, mapping, sequence };

/// One node. Containers reference their children by range, so a Tree is three flat vectors.
struct Node {
    NodeType type = NodeType::null;
    bool quoted = false;      ///< a scalar written quoted or as a block scalar ('|', '>')
    std::uint32_t line = 0;   ///< 1-based line of the node's first character
    std::uint32_t column = 0; ///< 1-based column of the node's first character
    std::uint32_t begin = 0;  ///< source byte offset where the node starts
    std::uint32_t end = 0;    ///< source byte offset just past the node
    std::uint32_t first = 0;  ///< scalar: offset of its text; container: of its children
    std::uint32_t count = 0;  ///< scalar: text length; container: children (2 per map entry)
};

/// Nodes of one file (or schema document). Aliases share the node they refer to, so a node
/// may be the child of several containers; there are no parent links. Views returned by
/// text() stay valid while the Tree lives and no node is added.
class Tree {
public:
    /// The node `id`; `id` must come from this Tree.
    const Node& node(NodeId id) const { return m_nodes[id]; }
    /// Number of nodes.
    std::size_t node_count() const { return m_nodes.size(); }

    // The predicates and accessors below accept no_node: it is no mapping, sequence or
    // scalar, has no text and no children.
    bool is_mapping(NodeId id) const {
        return id != no_node && m_nodes[id].type == NodeType::mapping;
    }
    bool is_sequence(NodeId id) const {
        return id != no_node && m_nodes[id].type == NodeType::sequence;
    }
    bool is_scalar(NodeId id) const {
        return id != no_node && m_nodes[id].type != NodeType::mapping &&
               m_nodes[id].type != NodeType::sequence;
    }

    /// The text of scalar `id` as written (escapes resolved); empty for containers.
    std::string_view text(NodeId id) const {
        if (!is_scalar(id))
            return {};
        const Node& n = m_nodes[id];
        return std::string_view(m_text.data() + n.first, n.count);
    }
    /// Entries of mapping `id` or items of sequence `id`; 0 for scalars.
    std::size_t size(NodeId id) const {
        if (id == no_node)
            return 0;
        const Node& n = m_nodes[id];
        return n.type == NodeType::mapping ? n.count / 2
                                           : (n.type == NodeType::sequence ? n.count : 0);
    }
    /// Key node of entry `i` of mapping `id`.
    NodeId key(NodeId id, std::size_t i) const { return m_children[m_nodes[id].first + 2 * i]; }
    /// Value node of entry `i` of mapping `id`.
    NodeId value(NodeId id, std::size_t i) const {
        return m_children[m_nodes[id].first + 2 * i + 1];
    }
    /// Item `i` of sequence `id`.
    NodeId item(NodeId id, std::size_t i) const { return m_children[m_nodes[id].first + i]; }
    /// All children of container `id`: items, or key, value, key, value... for a mapping.
    std::span<const NodeId> children(NodeId id) const {
        if (id == no_node || is_scalar(id))
            return {};
        const Node& n = m_nodes[id];
        return {m_children.data() + n.first, n.count};
    }

    /// Value under `key` in mapping `id` (the first one if repeated); no_node when `id` is
    /// no_node, not a mapping, or has no such key.
    NodeId find(NodeId id, std::string_view key) const;
    /// Like find(), but returns the key node.
    NodeId find_key(NodeId id, std::string_view key) const;
    /// True when `id` is a scalar of type string (quoted or not).
    bool is_string(NodeId id) const {
        return id != no_node && m_nodes[id].type == NodeType::string;
    }

    /// Builders, for loaders only. Reserves room for about `nodes` nodes and `text` bytes.
    void reserve(std::size_t nodes, std::size_t text);
    /// Appends a scalar and returns its id.
    NodeId add_scalar(NodeType type, bool quoted, std::string_view text, std::uint32_t line,
                      std::uint32_t column, std::uint32_t begin, std::uint32_t end);
    /// Appends an open container (mapping or sequence) and returns its id.
    NodeId add_container(NodeType type, std::uint32_t line, std::uint32_t column,
                         std::uint32_t begin);
    /// Gives container `id` its `children` (key, value pairs for a mapping) and end offset.
    void close_container(NodeId id, std::span<const NodeId> children, std::uint32_t end);

private:
    std::vector<Node> m_nodes;
    std::vector<NodeId> m_children;
    std::vector<char> m_text;
};

} // namespace slipway::manifest
