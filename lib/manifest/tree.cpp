// Tree: a compact arena holding YAML/JSON documents, every node with its source position.
#include "manifest/tree.hpp"

namespace slipway::manifest {

NodeId Tree::find_key(NodeId id, std::string_view key) const {
    if (id == no_node || m_nodes[id].type != NodeType::mapping)
        return no_node;
    const Node& n = m_nodes[id];
    for (std::uint32_t i = 0; i < n.count; i += 2) {
        NodeId k = m_children[n.first + i];
        const Node& kn = m_nodes[k];
        if (kn.count == key.size() && kn.type != NodeType::mapping &&
            kn.type != NodeType::sequence &&
            std::string_view(m_text.data() + kn.first, kn.count) == key)
            return k;
    }
    return no_node;
}

NodeId Tree::find(NodeId id, std::string_view key) const {
    if (id == no_node || m_nodes[id].type != NodeType::mapping)
        return no_node;
    const Node& n = m_nodes[id];
    for (std::uint32_t i = 0; i < n.count; i += 2) {
        const Node& kn = m_nodes[m_children[n.first + i]];
        if (kn.count == key.size() && kn.type != NodeType::mapping &&
            kn.type != NodeType::sequence &&
            std::string_view(m_text.data() + kn.first, kn.count) == key)
            return m_children[n.first + i + 1];
    }
    return no_node;
}

void Tree::reserve(std::size_t nodes, std::size_t text) {
    m_nodes.reserve(nodes);
    m_children.reserve(nodes);
    m_text.reserve(text);
}

NodeId Tree::add_scalar(NodeType type, bool quoted, std::string_view text, std::uint32_t line,
                        std::uint32_t column, std::uint32_t begin, std::uint32_t end) {
    Node n;
    n.type = type;
    n.quoted = quoted;
    n.line = line;
    n.column = column;
    n.begin = begin;
    n.end = end;
    n.first = static_cast<std::uint32_t>(m_text.size());
    n.count = static_cast<std::uint32_t>(text.size());
    m_text.insert(m_text.end(), text.begin(), text.end());
    m_nodes.push_back(n);
    return static_cast<NodeId>(m_nodes.size() - 1);
}

NodeId Tree::add_container(NodeType type, std::uint32_t line, std::uint32_t column,
                           std::uint32_t begin) {
    Node n;
    n.type = type;
    n.line = line;
    n.column = column;
    n.begin = begin;
    n.end = begin;
    m_nodes.push_back(n);
    return static_cast<NodeId>(m_nodes.size() - 1);
}

void Tree::close_container(NodeId id, std::span<const NodeId> children, std::uint32_t end) {
    Node& n = m_nodes[id];
    n.first = static_cast<std::uint32_t>(m_children.size());
    n.count = static_cast<std::uint32_t>(children.size());
    n.end = end;
    m_children.insert(m_children.end(), children.begin(), children.end());
}

} // namespace slipway::manifest
