// Schema: a JSON schema compiled for validation, $refs resolved to pointers, fields hashed.
#include "manifest/schema.hpp"

#include "manifest/scalar.hpp"

#include <bit>
#include <string>

namespace slipway::manifest {
namespace {

std::uint32_t hash_name(std::string_view s) {
    std::uint32_t h = 2166136261u;
    for (unsigned char c : s)
        h = (h ^ c) * 16777619u;
    return h;
}

std::uint8_t type_bit(std::string_view name) {
    if (name == "object")
        return type_object;
    if (name == "array")
        return type_array;
    if (name == "string")
        return type_string;
    if (name == "integer")
        return type_integer;
    if (name == "number")
        return type_number;
    if (name == "boolean")
        return type_boolean;
    if (name == "null")
        return type_null;
    return 0;
}

bool is_true(const Tree& t, NodeId id) {
    return id != no_node && t.node(id).type == NodeType::boolean &&
           (t.text(id) == "true" || t.text(id) == "True");
}

std::optional<double> number_of(const Tree& t, NodeId id) {
    if (id == no_node)
        return std::nullopt;
    auto type = t.node(id).type;
    if (type != NodeType::integer && type != NodeType::number)
        return std::nullopt;
    return parse_number(t.text(id));
}

std::optional<std::uint64_t> count_of(const Tree& t, NodeId id) {
    auto n = number_of(t, id);
    if (!n || *n < 0)
        return std::nullopt;
    return static_cast<std::uint64_t>(*n);
}

// A schema that only says which types it allows, so a oneOf of them is a type union.
bool is_type_only(const Schema& s) {
    return s.types != 0 && s.additional == Schema::Additional::unspecified && !s.has_properties &&
           !s.preserve_unknown && !s.items && s.required.empty() && s.all_of.empty() &&
           s.any_of.empty() && s.one_of.empty() && s.enum_values.empty() && !s.minimum &&
           !s.maximum && !s.min_length && !s.max_length && !s.min_items && !s.max_items &&
           s.pattern_text.empty();
}

std::string unescape_pointer(std::string_view token) {
    std::string out;
    for (std::size_t i = 0; i < token.size(); ++i) {
        if (token[i] == '~' && i + 1 < token.size()) {
            out.push_back(token[i + 1] == '1' ? '/' : '~');
            ++i;
        } else {
            out.push_back(token[i]);
        }
    }
    return out;
}

// Applies `key` when it constrains the value itself (type, enum, bounds, lengths, pattern,
// the Kubernetes extensions) rather than holding subschemas; false when it is not one.
bool apply_value_keyword(const Tree& t, std::string_view key, NodeId v, Schema& s) {
    if (key == "type") {
        if (t.is_string(v)) {
            s.types |= type_bit(t.text(v));
        } else if (t.is_sequence(v)) {
            for (NodeId item : t.children(v))
                s.types |= type_bit(t.text(item));
        }
    } else if (key == "required") {
        if (t.is_sequence(v))
            for (NodeId item : t.children(v))
                s.required.push_back(t.text(item));
    } else if (key == "enum") {
        if (t.is_sequence(v))
            for (NodeId item : t.children(v))
                s.enum_values.emplace_back(t.node(item).type, t.text(item));
    } else if (key == "format") {
        if (t.text(v) == "int-or-string")
            s.types |= type_integer | type_string;
    } else if (key == "x-kubernetes-int-or-string") {
        if (is_true(t, v))
            s.types |= type_integer | type_string;
    } else if (key == "x-kubernetes-preserve-unknown-fields") {
        s.preserve_unknown = is_true(t, v);
    } else if (key == "nullable") {
        if (is_true(t, v))
            s.types |= type_null;
    } else if (key == "minimum") {
        s.minimum = number_of(t, v);
    } else if (key == "maximum") {
        s.maximum = number_of(t, v);
    } else if (key == "exclusiveMinimum") {
        s.exclusive_minimum = is_true(t, v);
    } else if (key == "exclusiveMaximum") {
        s.exclusive_maximum = is_true(t, v);
    } else if (key == "minLength") {
        s.min_length = count_of(t, v);
    } else if (key == "maxLength") {
        s.max_length = count_of(t, v);
    } else if (key == "minItems") {
        s.min_items = count_of(t, v);
    } else if (key == "maxItems") {
        s.max_items = count_of(t, v);
    } else if (key == "pattern") {
        if (t.is_string(v)) {
            s.pattern_text = t.text(v);
            // Schemas are the admin's, and their patterns Go's RE2 syntax: a longer limit
            // than the policy's. One RE2 cannot compile would not compile in the API
            // server either (Go's regexp is RE2): it is not checked.
            if (auto compiled =
                    util::Pattern::compile(std::string(s.pattern_text), {.max_bytes = 64 * 1024})) {
                s.pattern = *std::move(compiled);
            } else {
                s.pattern.reset();
                s.pattern_text = {};
            }
        }
    } else {
        return false;
    }
    return true;
}

// Simplifies the compiled types: a nullable-only type adds nothing, a oneOf of plain types
// (int-or-string, quantities) is a type union, and properties imply an object.
void fold_types(Schema& s) {
    // `null` is always accepted (see validator), so a nullable-only type adds nothing.
    if (s.types == type_null)
        s.types = 0;
    if (!s.one_of.empty() && s.types == 0) {
        bool all_types = true;
        std::uint8_t types = 0;
        for (const Schema* branch : s.one_of) {
            all_types = all_types && is_type_only(*branch);
            types |= branch->types;
        }
        if (all_types) {
            s.types = types;
            s.one_of.clear();
        }
    }
    if (s.types == 0 && s.has_properties)
        s.types = type_object;
}

} // namespace

void PropertyTable::assign(std::vector<std::pair<std::string_view, const Schema*>> entries) {
    m_names.clear();
    m_schemas.clear();
    for (auto& [name, schema] : entries) {
        m_names.push_back(name);
        m_schemas.push_back(schema);
    }
    std::size_t capacity = std::bit_ceil(std::max<std::size_t>(4, m_names.size() * 2));
    m_slots.assign(capacity, 0);
    m_mask = static_cast<std::uint32_t>(capacity - 1);
    for (std::size_t i = 0; i < m_names.size(); ++i) {
        std::uint32_t slot = hash_name(m_names[i]) & m_mask;
        while (m_slots[slot] != 0) {
            if (m_names[m_slots[slot] - 1] == m_names[i])
                break; // a repeated name: the first one wins
            slot = (slot + 1) & m_mask;
        }
        if (m_slots[slot] == 0)
            m_slots[slot] = static_cast<std::uint32_t>(i + 1);
    }
}

const Schema* PropertyTable::find(std::string_view name) const {
    if (m_slots.empty())
        return nullptr;
    std::uint32_t slot = hash_name(name) & m_mask;
    while (std::uint32_t index = m_slots[slot]) {
        if (m_names[index - 1] == name)
            return m_schemas[index - 1];
        slot = (slot + 1) & m_mask;
    }
    return nullptr;
}

std::size_t SchemaArena::add_document(Tree tree) {
    m_documents.push_back(std::make_unique<Tree>(std::move(tree)));
    return m_documents.size() - 1;
}

Result<const Schema*> SchemaArena::compile(std::size_t document, NodeId node, NodeId ref_root) {
    return compile_node(document, node, ref_root, 0);
}

Result<NodeId> SchemaArena::resolve(const Tree& tree, NodeId ref_root, std::string_view ref) const {
    if (!ref.starts_with("#"))
        return fail("$ref " + std::string(ref) +
                    " points outside its document; only local references (#/...) are supported");
    const std::string whole(ref);
    ref.remove_prefix(1);
    NodeId at = ref_root;
    while (!ref.empty()) {
        if (ref[0] != '/')
            return fail("$ref #" + std::string(ref) + " is not a JSON pointer");
        ref.remove_prefix(1);
        std::size_t slash = ref.find('/');
        std::string token = unescape_pointer(ref.substr(0, slash));
        ref = slash == std::string_view::npos ? std::string_view() : ref.substr(slash);
        NodeId next = tree.find(at, token);
        if (next == no_node)
            return fail("$ref " + whole + " points to nothing (no \"" + token + "\")");
        at = next;
    }
    return at;
}

// The keywords whose values are schemas themselves (or lists of them): compiled in turn.
// Keywords that are neither these nor value keywords are ignored, as the API server's
// structural schemas never hold them in a way that changes what is accepted.
Status SchemaArena::compile_subschemas(std::size_t document, NodeId ref_root, int depth,
                                       std::string_view key, NodeId v, Schema& s) {
    const Tree& t = *m_documents[document];
    auto sub = [&](NodeId id) -> Result<const Schema*> {
        return compile_node(document, id, ref_root, depth + 1);
    };
    auto sub_list = [&](std::vector<const Schema*>& out) -> Status {
        if (!t.is_sequence(v))
            return {};
        for (NodeId item : t.children(v)) {
            SLIPWAY_TRY_LET(c, sub(item));
            out.push_back(*c);
        }
        return {};
    };
    if (key == "properties") {
        s.has_properties = true;
        std::vector<std::pair<std::string_view, const Schema*>> entries;
        for (std::size_t p = 0; p < t.size(v); ++p) {
            SLIPWAY_TRY_LET(c, sub(t.value(v, p)));
            entries.emplace_back(t.text(t.key(v, p)), *c);
        }
        s.properties.assign(std::move(entries));
    } else if (key == "additionalProperties") {
        if (t.is_mapping(v)) {
            SLIPWAY_TRY_LET(c, sub(v));
            s.additional = Schema::Additional::schema;
            s.additional_schema = *c;
        } else {
            s.additional =
                is_true(t, v) ? Schema::Additional::allowed : Schema::Additional::forbidden;
        }
    } else if (key == "items") {
        if (t.is_mapping(v)) {
            SLIPWAY_TRY_LET(c, sub(v));
            s.items = *c;
        }
    } else if (key == "oneOf") {
        return sub_list(s.one_of);
    } else if (key == "anyOf") {
        return sub_list(s.any_of);
    } else if (key == "allOf") {
        return sub_list(s.all_of);
    }
    return {};
}

Result<const Schema*> SchemaArena::compile_node(std::size_t document, NodeId node, NodeId ref_root,
                                                int depth) {
    if (depth > 2000)
        return fail("schema nests or references itself too deeply");
    const std::uint64_t memo_key = (static_cast<std::uint64_t>(document) << 32) | node;
    if (auto it = m_compiled.find(memo_key); it != m_compiled.end()) {
        if (!it->second)
            return fail("cyclic $ref");
        return it->second;
    }
    const Tree& t = *m_documents[document];
    if (!t.is_mapping(node)) {
        // `true`/`{}`-like schemas accept anything; anything else is not a schema.
        m_schemas.emplace_back();
        m_compiled[memo_key] = &m_schemas.back();
        return &m_schemas.back();
    }
    if (NodeId ref = t.find(node, "$ref"); ref != no_node) {
        if (!t.is_string(ref))
            return fail("$ref must be a string");
        SLIPWAY_TRY_LET(target, resolve(t, ref_root, t.text(ref)));
        m_compiled[memo_key] = nullptr; // in progress: a $ref chain back here is a cycle
        auto compiled = compile_node(document, *target, ref_root, depth + 1);
        if (!compiled) {
            m_compiled.erase(memo_key);
            return compiled;
        }
        m_compiled[memo_key] = *compiled;
        return compiled;
    }

    Schema& s = m_schemas.emplace_back();
    m_compiled[memo_key] = &s;
    for (std::size_t i = 0; i < t.size(node); ++i) {
        std::string_view key = t.text(t.key(node, i));
        NodeId v = t.value(node, i);
        if (!apply_value_keyword(t, key, v, s))
            SLIPWAY_TRY(compile_subschemas(document, ref_root, depth, key, v, s));
    }
    fold_types(s);
    return &s;
}

} // namespace slipway::manifest
