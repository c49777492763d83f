// Tests for manifest/tree: building, lookups, and safety with no_node.
#include "manifest/tree.hpp"

#include <catch2/catch.hpp>

#include <vector>

using namespace slipway::manifest;

TEST_CASE("a mapping finds values and keys by name, first one wins") {
    Tree t;
    NodeId map = t.add_container(NodeType::mapping, 1, 1, 0);
    NodeId k1 = t.add_scalar(NodeType::string, false, "name", 1, 1, 0, 4);
    NodeId v1 = t.add_scalar(NodeType::string, false, "web", 1, 7, 6, 9);
    NodeId k2 = t.add_scalar(NodeType::string, false, "port", 2, 1, 10, 14);
    NodeId v2 = t.add_scalar(NodeType::integer, false, "80", 2, 7, 16, 18);
    NodeId k3 = t.add_scalar(NodeType::string, false, "name", 3, 1, 19, 23);
    NodeId v3 = t.add_scalar(NodeType::string, false, "other", 3, 7, 25, 30);
    std::vector<NodeId> entries{k1, v1, k2, v2, k3, v3};
    t.close_container(map, entries, 30);

    CHECK(t.is_mapping(map));
    CHECK(t.size(map) == 3);
    CHECK(t.find(map, "name") == v1);
    CHECK(t.find_key(map, "port") == k2);
    CHECK(t.find(map, "missing") == no_node);
    CHECK(t.text(t.find(map, "port")) == "80");
    CHECK(t.node(v2).type == NodeType::integer);
    CHECK(t.key(map, 1) == k2);
    CHECK(t.value(map, 2) == v3);
    CHECK(t.children(map).size() == 6);
    CHECK(t.node(map).end == 30);
}

TEST_CASE("lookups through no_node and scalars find nothing and do not crash") {
    Tree t;
    NodeId s = t.add_scalar(NodeType::string, true, "x", 1, 1, 0, 3);
    CHECK(t.find(no_node, "a") == no_node);
    CHECK(t.find(s, "a") == no_node);
    CHECK_FALSE(t.is_mapping(no_node));
    CHECK_FALSE(t.is_sequence(no_node));
    CHECK_FALSE(t.is_scalar(no_node));
    CHECK_FALSE(t.is_string(no_node));
    CHECK(t.text(no_node).empty());
    CHECK(t.size(no_node) == 0);
    CHECK(t.children(no_node).empty());
    CHECK(t.children(s).empty());
    CHECK(t.is_string(s));
    CHECK(t.node(s).quoted);
}

TEST_CASE("sequences index their items") {
    Tree t;
    NodeId seq = t.add_container(NodeType::sequence, 1, 1, 0);
    NodeId a = t.add_scalar(NodeType::string, false, "a", 1, 3, 2, 3);
    NodeId b = t.add_scalar(NodeType::boolean, false, "true", 2, 3, 6, 10);
    std::vector<NodeId> items{a, b};
    t.close_container(seq, items, 10);
    CHECK(t.is_sequence(seq));
    CHECK(t.size(seq) == 2);
    CHECK(t.item(seq, 1) == b);
    CHECK(t.text(seq).empty());
}
