// Validating an object against its compiled Schema: `schema` findings with field paths.
#include "manifest/validator.hpp"

#include "manifest/field_path.hpp"
#include "manifest/scalar.hpp"
#include "util/suggest.hpp"

#include <cmath>
#include <string>

namespace slipway::manifest {
namespace {

// A value as a message quotes it: the first 64 bytes of a long one, then "…".
std::string shortened(std::string_view text) {
    if (text.size() <= 64)
        return std::string(text);
    std::size_t cut = 64;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
        --cut;
    return std::string(text.substr(0, cut)) + "…";
}

std::string format_number(double value) {
    if (std::floor(value) == value && std::fabs(value) < 1e15)
        return std::to_string(static_cast<long long>(value));
    std::string s = std::to_string(value);
    while (!s.empty() && s.back() == '0')
        s.pop_back();
    return s;
}

std::size_t utf8_length(std::string_view s) {
    std::size_t n = 0;
    for (unsigned char c : s)
        n += (c & 0xC0) != 0x80 ? 1 : 0;
    return n;
}

// "an integer", "a string or an integer"...
std::string expected_types(std::uint8_t types) {
    std::string out;
    auto add = [&](std::uint8_t bit, std::string_view words) {
        if (!(types & bit))
            return;
        if (!out.empty())
            out += " or ";
        out += words;
    };
    add(type_integer, "an integer");
    if (!(types & type_integer) || (types & type_number) == 0)
        add(type_number, "a number");
    add(type_string, "a string");
    add(type_boolean, "a boolean");
    add(type_object, "a mapping");
    add(type_array, "a list");
    return out;
}

class Validator {
public:
    Validator(const Tree& tree, const ValidationOptions& options, std::string_view file,
              Findings* out)
        : m_tree(tree)
        , m_options(options)
        , m_file(file)
        , m_out(out)
        , m_path(options.path_prefix) {}

    void check(NodeId node, const Schema& s);
    bool failed() const { return m_failures > 0; }

private:
    void report(NodeId at, std::string message) {
        ++m_failures;
        if (!m_out)
            return;
        const Node& n = m_tree.node(at);
        m_out->push_back({.path = std::string(m_file),
                          .line = static_cast<int>(n.line),
                          .column = static_cast<int>(n.column),
                          .severity = m_options.severity,
                          .message = std::move(message),
                          .rule = "schema"});
    }
    std::string here() const {
        std::string p = m_path.str();
        return quoted(p.empty() ? std::string("(the object)") : p);
    }
    bool passes(NodeId node, const Schema& s) {
        Validator probe(m_tree, m_options, m_file, nullptr);
        probe.check(node, s);
        return !probe.failed();
    }
    bool type_ok(NodeId node, std::uint8_t types) const;
    void type_error(NodeId node, std::uint8_t types);
    void check_enum(NodeId node, const Schema& s);
    void check_object(NodeId node, const Schema& s);
    void check_array(NodeId node, const Schema& s);
    void check_string(NodeId node, const Schema& s);
    void check_number(NodeId node, const Schema& s);

    const Tree& m_tree;
    const ValidationOptions& m_options;
    std::string_view m_file;
    Findings* m_out;
    FieldPath m_path;
    std::size_t m_failures = 0;
};

bool Validator::type_ok(NodeId node, std::uint8_t types) const {
    switch (m_tree.node(node).type) {
    case NodeType::mapping:
        return types & type_object;
    case NodeType::sequence:
        return types & type_array;
    case NodeType::string:
        return types & type_string;
    case NodeType::boolean:
        return types & type_boolean;
    case NodeType::integer:
        return types & (type_integer | type_number);
    case NodeType::number: {
        if (types & type_number)
            return true;
        if (!(types & type_integer))
            return false;
        auto v = parse_number(m_tree.text(node)); // 2.0 is an integer in JSON
        return v && std::isfinite(*v) && std::floor(*v) == *v;
    }
    case NodeType::null:
        return true;
    }
    return false;
}

void Validator::type_error(NodeId node, std::uint8_t types) {
    const Node& n = m_tree.node(node);
    std::string got;
    std::string hint;
    std::string_view text = m_tree.text(node);
    switch (n.type) {
    case NodeType::mapping:
        got = "a mapping";
        break;
    case NodeType::sequence:
        got = "a list";
        break;
    case NodeType::string:
        got = "string " + quoted(text);
        if (n.quoted) {
            auto plain = resolve_plain(text);
            bool fits = (plain == ScalarType::integer && (types & (type_integer | type_number))) ||
                        (plain == ScalarType::number && (types & type_number)) ||
                        (plain == ScalarType::boolean && (types & type_boolean));
            if (fits)
                hint = "; remove the quotes";
        }
        break;
    default:
        got = std::string(type_name(static_cast<ScalarType>(n.type))) + " " + std::string(text);
        if ((types & type_string) && !(types & (type_integer | type_number)))
            hint = "; quote it: " + quoted(text);
        break;
    }
    if (hint.empty()) {
        if (types == type_object)
            hint = "; write key: value pairs here (check the indentation)";
        else if (types == type_array)
            hint = "; write a list here (\"- item\" lines or [a, b])";
        else if (types == type_boolean)
            hint = "; write true or false";
        else if (types & type_string)
            hint = (types & (type_integer | type_number)) ? "; write a number or a name"
                                                          : "; write text here";
        else if (types & type_integer)
            hint = "; write a whole number";
        else if (types & type_number)
            hint = "; write a number";
    }
    report(node, here() + " must be " + expected_types(types) + ", got " + got + hint);
}

void Validator::check_enum(NodeId node, const Schema& s) {
    const Node& n = m_tree.node(node);
    if (!m_tree.is_scalar(node))
        return;
    std::string_view text = m_tree.text(node);
    bool is_string = n.type == NodeType::string;
    for (const auto& [type, value] : s.enum_values)
        if (value == text && ((type == NodeType::string) == is_string))
            return;
    std::string allowed;
    std::vector<std::string_view> names;
    for (std::size_t i = 0; i < s.enum_values.size(); ++i) {
        names.push_back(s.enum_values[i].second);
        if (i == 8) {
            allowed += ", ...";
            continue;
        }
        if (i > 8)
            continue;
        if (i > 0)
            allowed += ", ";
        allowed += s.enum_values[i].first == NodeType::string
                       ? quoted(s.enum_values[i].second)
                       : std::string(s.enum_values[i].second);
    }
    std::string message = here() + " must be one of " + allowed + "; got " +
                          (is_string ? quoted(text) : std::string(text));
    if (auto near = util::closest_match(text, names); !near.empty())
        message += " (did you mean " + quoted(near) + "?)";
    report(node, std::move(message));
}

void Validator::check_object(NodeId node, const Schema& s) {
    const bool closed = s.additional == Schema::Additional::forbidden ||
                        (m_options.strict && s.additional == Schema::Additional::unspecified &&
                         s.has_properties && !s.preserve_unknown);
    const std::size_t n = m_tree.size(node);
    for (std::size_t i = 0; i < n; ++i) {
        NodeId key = m_tree.key(node, i);
        std::string_view name = m_tree.text(key);
        if (const Schema* p = s.properties.find(name)) {
            m_path.push_key(name);
            check(m_tree.value(node, i), *p);
            m_path.pop();
        } else if (s.additional == Schema::Additional::schema) {
            m_path.push_key(name);
            check(m_tree.value(node, i), *s.additional_schema);
            m_path.pop();
        } else if (closed && m_failures < m_options.max_findings) {
            std::string message = "unknown field " + quoted(m_path.str_with(name));
            if (auto near = util::closest_match(name, s.properties.names()); !near.empty())
                message += " (did you mean " + quoted(near) + "?)";
            else
                message += "; remove it, or fix its spelling or indentation";
            report(key, std::move(message));
        }
    }
    for (std::string_view field : s.required) {
        if (m_tree.find_key(node, field) == no_node)
            report(node, "missing required field " + quoted(m_path.str_with(field)) + "; add it");
    }
}

void Validator::check_array(NodeId node, const Schema& s) {
    const std::size_t n = m_tree.size(node);
    if (s.min_items && n < *s.min_items)
        report(node, here() + " must have at least " + std::to_string(*s.min_items) +
                         " item(s), got " + std::to_string(n));
    if (s.max_items && n > *s.max_items)
        report(node, here() + " must have at most " + std::to_string(*s.max_items) +
                         " item(s), got " + std::to_string(n));
    if (!s.items)
        return;
    for (std::size_t i = 0; i < n; ++i) {
        m_path.push_index(i);
        check(m_tree.item(node, i), *s.items);
        m_path.pop();
    }
}

void Validator::check_string(NodeId node, const Schema& s) {
    std::string_view text = m_tree.text(node);
    if (s.min_length || s.max_length) {
        std::size_t length = utf8_length(text);
        if (s.min_length && length < *s.min_length)
            report(node, here() + " must be at least " + std::to_string(*s.min_length) +
                             " character(s) long, got " + std::to_string(length));
        if (s.max_length && length > *s.max_length)
            report(node, here() + " must be at most " + std::to_string(*s.max_length) +
                             " character(s) long, got " + std::to_string(length));
    }
    // Values of any size are matched (RE2 takes linear time): skipping long ones would let
    // padding bypass the pattern.
    if (s.pattern && !s.pattern->search(text))
        report(node, here() + " value " + quoted(shortened(text)) + " does not match the pattern " +
                         quoted(s.pattern_text));
}

void Validator::check_number(NodeId node, const Schema& s) {
    auto value = parse_number(m_tree.text(node));
    if (!value)
        return;
    if (s.minimum && (*value < *s.minimum || (s.exclusive_minimum && *value == *s.minimum)))
        report(node, here() + " must be " + (s.exclusive_minimum ? "more than " : "at least ") +
                         format_number(*s.minimum) + ", got " + std::string(m_tree.text(node)));
    if (s.maximum && (*value > *s.maximum || (s.exclusive_maximum && *value == *s.maximum)))
        report(node, here() + " must be " + (s.exclusive_maximum ? "less than " : "at most ") +
                         format_number(*s.maximum) + ", got " + std::string(m_tree.text(node)));
}

void Validator::check(NodeId node, const Schema& s) {
    const Node& n = m_tree.node(node);
    if (n.type == NodeType::null || m_failures >= m_options.max_findings)
        return;
    for (const Schema* part : s.all_of)
        check(node, *part);
    if (!s.any_of.empty()) {
        bool any = false;
        for (const Schema* branch : s.any_of)
            any = any || passes(node, *branch);
        if (!any)
            report(node, here() + " matches none of the forms its schema allows");
    }
    if (!s.one_of.empty()) {
        std::size_t matching = 0;
        for (const Schema* branch : s.one_of)
            matching += passes(node, *branch) ? 1 : 0;
        if (matching == 0)
            report(node, here() + " matches none of the forms its schema allows");
        else if (matching > 1)
            report(node, here() + " matches more than one of the forms its schema allows; "
                                  "keep the fields of only one");
    }
    if (s.types != 0 && !type_ok(node, s.types)) {
        type_error(node, s.types);
        return;
    }
    if (!s.enum_values.empty())
        check_enum(node, s);
    switch (n.type) {
    case NodeType::mapping:
        check_object(node, s);
        break;
    case NodeType::sequence:
        check_array(node, s);
        break;
    case NodeType::string:
        check_string(node, s);
        break;
    case NodeType::integer:
    case NodeType::number:
        if (s.minimum || s.maximum)
            check_number(node, s);
        break;
    default:
        break;
    }
}

} // namespace

void validate(const Tree& tree, NodeId node, const Schema& schema, const ValidationOptions& options,
              std::string_view file, Findings& out) {
    Validator(tree, options, file, &out).check(node, schema);
}

} // namespace slipway::manifest
