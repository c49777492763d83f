// Emitting an object back as YAML text: one rendered object, one file.
#include "manifest/emitter.hpp"

#include "manifest/scalar.hpp"

#include <yaml.h>

#include <charconv>
#include <climits>
#include <cmath>
#include <string>

namespace slipway::manifest {
namespace {

// The one owner of a libyaml emitter writing into a std::string.
class Emitter {
public:
    explicit Emitter(std::string& out)
        : m_out(out) {
        m_ok = yaml_emitter_initialize(&m_emitter) != 0;
        if (!m_ok)
            return;
        yaml_emitter_set_output(&m_emitter, &Emitter::write, this);
        yaml_emitter_set_unicode(&m_emitter, 1);
        yaml_emitter_set_indent(&m_emitter, 2);
        yaml_emitter_set_width(&m_emitter, INT_MAX);
    }
    ~Emitter() {
        if (m_ok)
            yaml_emitter_delete(&m_emitter);
    }
    Emitter(const Emitter&) = delete;
    Emitter& operator=(const Emitter&) = delete;

    bool ok() const { return m_ok; }
    // Emits `event`; libyaml frees its contents whether or not it succeeds.
    bool emit(yaml_event_t& event) { return yaml_emitter_emit(&m_emitter, &event) != 0; }
    std::string problem() const {
        return m_emitter.problem ? m_emitter.problem : "the YAML emitter failed";
    }

private:
    static int write(void* data, unsigned char* buffer, size_t size) {
        static_cast<Emitter*>(data)->m_out.append(reinterpret_cast<const char*>(buffer), size);
        return 1;
    }
    yaml_emitter_t m_emitter{};
    std::string& m_out;
    bool m_ok = false;
};

yaml_char_t* chars(const char* s) {
    return reinterpret_cast<yaml_char_t*>(const_cast<char*>(s));
}

// The text number `text` (of type `type`) is written with, so that every reader gets the same
// value: integers in decimal ("0x1f" is 31; "017" is 15 to Kubernetes but 17 to a YAML 1.2
// reader), floats in their shortest exact form with a '.' before any exponent (a YAML 1.1
// reader reads "1e+20" as a string), the specials as .inf, -.inf and .nan. Text no parser here
// reads exactly (an integer past 64 bits, 1e400) is written as it is.
std::string number_text(NodeType type, std::string_view text) {
    if (type == NodeType::integer) {
        if (auto v = parse_integer(text))
            return std::to_string(*v);
        return std::string(text);
    }
    std::string plain;
    for (char c : text)
        if (c != '_')
            plain.push_back(c);
    if (!plain.empty() && plain[0] == '+')
        plain.erase(0, 1);
    const std::size_t digits_from = !plain.empty() && plain[0] == '-' ? 1 : 0;
    if (plain.size() > digits_from &&
        plain.find_first_not_of("0123456789", digits_from) == std::string::npos &&
        !(plain.size() > digits_from + 1 && plain[digits_from] == '0'))
        return plain; // a decimal integer too large for 64 bits: exact as written
    auto v = parse_number(text);
    if (!v)
        return std::string(text);
    if (std::isnan(*v))
        return ".nan";
    if (std::isinf(*v))
        return *v < 0 ? "-.inf" : ".inf";
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, *v);
    if (ec != std::errc())
        return std::string(text);
    std::string out(buf, end);
    if (auto e = out.find('e'); e != std::string::npos && out.find('.') == std::string::npos)
        out.insert(e, ".0");
    return out;
}

// Keys keep their text ("y:", "~:" stay what they were); values are normalized.
bool emit_scalar(Emitter& e, const Tree& tree, NodeId id, bool key) {
    const Node& n = tree.node(id);
    std::string_view text = tree.text(id);
    std::string number;
    yaml_scalar_style_t style = YAML_PLAIN_SCALAR_STYLE;
    if (n.type == NodeType::string) {
        if (plain_is_ambiguous(text))
            style = YAML_DOUBLE_QUOTED_SCALAR_STYLE;
        else if (text.find('\n') != std::string_view::npos)
            style = YAML_LITERAL_SCALAR_STYLE;
        else
            style = YAML_ANY_SCALAR_STYLE; // plain when libyaml can, quoted otherwise
    } else if (!key && n.type == NodeType::null) {
        text = "null";
    } else if (!key && n.type == NodeType::boolean) {
        bool value = text == "y" || text == "Y" || text == "yes" || text == "Yes" ||
                     text == "YES" || text == "true" || text == "True" || text == "TRUE" ||
                     text == "on" || text == "On" || text == "ON";
        text = value ? "true" : "false";
    } else if (!key && (n.type == NodeType::integer || n.type == NodeType::number)) {
        number = number_text(n.type, text);
        text = number;
    }
    yaml_event_t event;
    if (!yaml_scalar_event_initialize(&event, nullptr, nullptr, chars(text.data()),
                                      static_cast<int>(text.size()), 1, 1, style))
        return false;
    return e.emit(event);
}

bool emit_node(Emitter& e, const Tree& tree, NodeId id, bool key = false) {
    yaml_event_t event;
    if (tree.is_mapping(id)) {
        if (!yaml_mapping_start_event_initialize(&event, nullptr, nullptr, 1,
                                                 YAML_BLOCK_MAPPING_STYLE) ||
            !e.emit(event))
            return false;
        auto children = tree.children(id);
        for (std::size_t i = 0; i < children.size(); ++i)
            if (!emit_node(e, tree, children[i], i % 2 == 0))
                return false;
        return yaml_mapping_end_event_initialize(&event) && e.emit(event);
    }
    if (tree.is_sequence(id)) {
        if (!yaml_sequence_start_event_initialize(&event, nullptr, nullptr, 1,
                                                  YAML_BLOCK_SEQUENCE_STYLE) ||
            !e.emit(event))
            return false;
        for (NodeId child : tree.children(id))
            if (!emit_node(e, tree, child))
                return false;
        return yaml_sequence_end_event_initialize(&event) && e.emit(event);
    }
    return emit_scalar(e, tree, id, key);
}

} // namespace

Result<std::string> emit_yaml(const Tree& tree, NodeId node) {
    std::string out;
    Emitter e(out);
    if (!e.ok())
        return fail("cannot start the YAML emitter (out of memory)");
    yaml_event_t event;
    bool ok = yaml_stream_start_event_initialize(&event, YAML_UTF8_ENCODING) && e.emit(event) &&
              yaml_document_start_event_initialize(&event, nullptr, nullptr, nullptr, 1) &&
              e.emit(event) && emit_node(e, tree, node) &&
              yaml_document_end_event_initialize(&event, 1) && e.emit(event) &&
              yaml_stream_end_event_initialize(&event) && e.emit(event);
    if (!ok)
        return fail("cannot write YAML: " + e.problem());
    return out;
}

} // namespace slipway::manifest
