// Schema: a JSON schema compiled for validation, $refs resolved to pointers, fields hashed.
#pragma once

#include "manifest/tree.hpp"
#include "util/pattern.hpp"
#include "util/result.hpp"

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace slipway::manifest {

struct Schema;

/// Bits of Schema::types, one per JSON type.
enum TypeBit : std::uint8_t {
    type_null = 1,
    type_boolean = 2,
    type_integer = 4,
    type_number = 8,
    type_string = 16,
    type_object = 32,
    type_array = 64,
};

/// The properties of an object schema: found by name in O(1), listed in declaration order.
class PropertyTable {
public:
    /// Replaces the table's contents with `entries` (names must outlive the table).
    void assign(std::vector<std::pair<std::string_view, const Schema*>> entries);
    /// The schema of property `name`; nullptr when there is none.
    const Schema* find(std::string_view name) const;
    /// Property names, in declaration order.
    std::span<const std::string_view> names() const { return m_names; }
    bool empty() const { return m_names.empty(); }

private:
    std::vector<std::string_view> m_names;
    std::vector<const Schema*> m_schemas;
    std::vector<std::uint32_t> m_slots; // index + 1 into m_names; 0 is empty
    std::uint32_t m_mask = 0;
};

/// One compiled schema node. Only what validation needs; descriptions are dropped. Pointers
/// point into the SchemaArena that compiled it.
struct Schema {
    enum class Additional : std::uint8_t { unspecified, allowed, forbidden, schema };

    std::uint8_t types = 0; ///< TypeBit mask; 0 accepts any type
    Additional additional = Additional::unspecified;
    bool has_properties = false;   ///< `properties` given: in strict mode, unknown keys are errors
    bool preserve_unknown = false; ///< x-kubernetes-preserve-unknown-fields: keep unknown keys
    const Schema* additional_schema = nullptr; ///< for Additional::schema
    const Schema* items = nullptr;
    PropertyTable properties;
    std::vector<std::string_view> required;
    std::vector<const Schema*> all_of, any_of, one_of;
    /// Allowed values as (type, text); empty: any value.
    std::vector<std::pair<NodeType, std::string_view>> enum_values;
    std::optional<double> minimum, maximum;
    bool exclusive_minimum = false, exclusive_maximum = false;
    std::optional<std::uint64_t> min_length, max_length, min_items, max_items;
    std::string_view pattern_text;
    std::optional<util::Pattern> pattern; ///< absent, or RE2 cannot compile it: none
};

/// Owns compiled schemas and the JSON documents their names point into. Compiles lazily:
/// compile() turns one schema node (and everything it reaches) into Schema objects once.
class SchemaArena {
public:
    /// Takes ownership of `tree` (a parsed JSON schema document) and returns its index.
    std::size_t add_document(Tree tree);
    /// The document at `index`.
    const Tree& document(std::size_t index) const { return *m_documents[index]; }
    /// Compiles node `node` of document `document`; `$ref`s ("#/a/b" JSON pointers) resolve
    /// from node `ref_root` of the same document. Fails on a dangling or cyclic `$ref`.
    Result<const Schema*> compile(std::size_t document, NodeId node, NodeId ref_root);

private:
    Result<const Schema*> compile_node(std::size_t document, NodeId node, NodeId ref_root,
                                       int depth);
    Status compile_subschemas(std::size_t document, NodeId ref_root, int depth,
                              std::string_view key, NodeId value, Schema& schema);
    Result<NodeId> resolve(const Tree& tree, NodeId ref_root, std::string_view ref) const;

    std::vector<std::unique_ptr<Tree>> m_documents;
    std::deque<Schema> m_schemas;
    std::unordered_map<std::uint64_t, const Schema*> m_compiled; // (document, node) -> schema
};

} // namespace slipway::manifest
