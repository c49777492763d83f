// Loading manifest files (YAML or JSON, many documents) into a Tree, within Limits.
#include "manifest/yaml_loader.hpp"

#include "manifest/field_path.hpp"
#include "manifest/scalar.hpp"

#include <yaml.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>

namespace slipway::manifest {
namespace {

// The one owner of a libyaml parser reading from a buffer.
class Parser {
public:
    explicit Parser(std::string_view content) {
        m_ok = yaml_parser_initialize(&m_parser) != 0;
        if (m_ok)
            yaml_parser_set_input_string(
                &m_parser, reinterpret_cast<const unsigned char*>(content.data()), content.size());
    }
    ~Parser() {
        if (m_ok)
            yaml_parser_delete(&m_parser);
    }
    Parser(const Parser&) = delete;
    Parser& operator=(const Parser&) = delete;

    bool ok() const { return m_ok; }
    yaml_parser_t* get() { return &m_parser; }

private:
    yaml_parser_t m_parser{};
    bool m_ok = false;
};

// The one owner of a parsed libyaml event.
class Event {
public:
    Event() = default;
    ~Event() { reset(); }
    Event(const Event&) = delete;
    Event& operator=(const Event&) = delete;

    // Parses the next event; false on a parse error (nothing to free then).
    bool parse(Parser& parser) {
        reset();
        m_valid = yaml_parser_parse(parser.get(), &m_event) != 0;
        return m_valid;
    }
    const yaml_event_t& get() const { return m_event; }

private:
    void reset() {
        if (m_valid)
            yaml_event_delete(&m_event);
        m_valid = false;
    }
    yaml_event_t m_event{};
    bool m_valid = false;
};

std::string format_size(std::size_t bytes) {
    char buf[32];
    if (bytes >= 1024 * 1024)
        std::snprintf(buf, sizeof buf, "%.1f MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
    else
        std::snprintf(buf, sizeof buf, "%.1f KiB", static_cast<double>(bytes) / 1024.0);
    return buf;
}

// 1-based line and column of byte `offset` in `content`.
void position_of(std::string_view content, std::size_t offset, std::uint32_t& line,
                 std::uint32_t& column) {
    line = 1;
    column = 1;
    for (std::size_t i = 0; i < offset && i < content.size(); ++i) {
        if (content[i] == '\n') {
            ++line;
            column = 1;
        } else if ((static_cast<unsigned char>(content[i]) & 0xC0) != 0x80) {
            ++column;
        }
    }
}

NodeType node_type(ScalarType t) {
    switch (t) {
    case ScalarType::null:
        return NodeType::null;
    case ScalarType::boolean:
        return NodeType::boolean;
    case ScalarType::integer:
        return NodeType::integer;
    case ScalarType::number:
        return NodeType::number;
    case ScalarType::string:
        break;
    }
    return NodeType::string;
}

class Loader {
public:
    Loader(std::string_view path, std::string_view content, const Limits& limits, LoadedFile& out)
        : m_path(path)
        , m_content(content)
        , m_limits(limits)
        , m_out(out)
        , m_tree(out.tree) {}

    void run();

private:
    struct Frame {
        NodeId id;
        std::uint32_t pending_start;
        int anchor; // index into m_frame_anchors, or -1
    };
    struct Measure {
        std::uint64_t weight; // nodes in the expanded subtree
        std::uint32_t height; // levels of the expanded subtree
        std::uint64_t bytes;  // scalar text in the expanded subtree, plus one per node
    };

    void finding(std::uint32_t line, std::uint32_t column, std::string rule, std::string message) {
        if (m_out.findings.size() >= m_limits.max_findings) {
            m_stop = true;
            return;
        }
        m_out.findings.push_back({.path = std::string(m_path),
                                  .line = static_cast<int>(line),
                                  .column = static_cast<int>(column),
                                  .message = std::move(message),
                                  .rule = std::move(rule)});
    }
    void syntax_error(yaml_parser_t& parser);
    bool on_event(const yaml_event_t& e);
    void add_child(NodeId id) { m_pending.push_back(id); }
    void register_anchor(const unsigned char* anchor, NodeId id);
    bool open_container(const yaml_event_t& e, NodeType type, const unsigned char* anchor,
                        const unsigned char* tag);
    void close_mapping(const yaml_event_t& e);
    void close_sequence(const yaml_event_t& e);
    void check_keys(std::span<const NodeId> entries);
    void apply_merges(std::span<const NodeId> entries, std::vector<NodeId>& merged);
    Measure measure(NodeId id);
    bool on_alias(const yaml_event_t& e);

    std::string_view m_path;
    std::string_view m_content;
    const Limits& m_limits;
    LoadedFile& m_out;
    Tree& m_tree;

    std::vector<NodeId> m_pending;
    std::vector<Frame> m_stack;
    std::vector<std::string> m_frame_anchors;
    std::unordered_map<std::string, NodeId> m_anchors;
    std::unordered_map<NodeId, Measure> m_measured;
    std::vector<NodeId> m_scratch;
    std::vector<std::pair<std::string_view, NodeId>> m_sorted_keys;
    std::uint64_t m_alias_nodes = 0;
    std::uint64_t m_alias_bytes = 0;
    Document m_document;
    bool m_stop = false;
};

void Loader::syntax_error(yaml_parser_t& parser) {
    std::uint32_t line = 0, column = 0;
    std::string message;
    if (parser.error == YAML_MEMORY_ERROR) {
        message = "the YAML parser ran out of memory; split the file";
    } else if (parser.error == YAML_READER_ERROR) {
        position_of(m_content, parser.problem_offset, line, column);
        message = "invalid YAML: " + std::string(parser.problem ? parser.problem : "unreadable") +
                  "; save the file as UTF-8";
    } else {
        line = static_cast<std::uint32_t>(parser.problem_mark.line + 1);
        column = static_cast<std::uint32_t>(parser.problem_mark.column + 1);
        std::size_t at = parser.problem_mark.index;
        if (at < m_content.size() && m_content[at] == '\t') {
            finding(line, column, "yaml-syntax",
                    "invalid YAML: a tab character here; YAML is indented with spaces, not tabs");
            return;
        }
        message = "invalid YAML: ";
        message += parser.problem ? parser.problem : "syntax error";
        if (parser.context) {
            message += " ";
            message += parser.context;
            message += " started at " + std::to_string(parser.context_mark.line + 1) + ":" +
                       std::to_string(parser.context_mark.column + 1);
        }
        message += "; check the indentation and quoting here";
    }
    finding(line, column, "yaml-syntax", std::move(message));
}

void Loader::register_anchor(const unsigned char* anchor, NodeId id) {
    m_anchors[reinterpret_cast<const char*>(anchor)] = id;
    m_measured[id] = measure(id);
}

Loader::Measure Loader::measure(NodeId id) {
    if (auto it = m_measured.find(id); it != m_measured.end())
        return it->second;
    if (m_tree.is_scalar(id))
        return {1, 1, m_tree.node(id).count + 1u};
    Measure m{1, 1, 1};
    for (NodeId child : m_tree.children(id)) {
        Measure c = measure(child);
        m.weight = std::min<std::uint64_t>(m.weight + c.weight, UINT32_MAX);
        m.height = std::max(m.height, c.height + 1);
        m.bytes = std::min<std::uint64_t>(m.bytes + c.bytes, UINT64_MAX / 2);
    }
    return m;
}

bool Loader::on_alias(const yaml_event_t& e) {
    std::uint32_t line = static_cast<std::uint32_t>(e.start_mark.line + 1);
    std::uint32_t column = static_cast<std::uint32_t>(e.start_mark.column + 1);
    std::string name(reinterpret_cast<const char*>(e.data.alias.anchor));
    auto it = m_anchors.find(name);
    if (it == m_anchors.end()) {
        finding(line, column, "yaml-syntax",
                "alias *" + name +
                    " refers to no anchor defined before it (or to the node that contains it); "
                    "define &" +
                    name + " earlier");
        return false;
    }
    const Measure& m = m_measured[it->second];
    m_alias_nodes += m.weight;
    if (m_alias_nodes > m_limits.max_alias_nodes) {
        finding(line, column, "yaml-limits",
                "aliases in this file expand to more than " +
                    std::to_string(m_limits.max_alias_nodes) +
                    " nodes (an alias bomb?); write the values out instead of nesting aliases");
        return false;
    }
    m_alias_bytes += m.bytes;
    if (m_alias_bytes > m_limits.max_expanded_bytes) {
        finding(line, column, "yaml-limits",
                "aliases in this file copy more than " + format_size(m_limits.max_expanded_bytes) +
                    " of values when expanded (alias *" + name + " alone copies " +
                    format_size(m.bytes) +
                    "); write the values out instead of repeating them with aliases");
        return false;
    }
    if (m_stack.size() + m.height > m_limits.max_depth) {
        finding(line, column, "yaml-limits",
                "alias *" + name + " nests values deeper than " +
                    std::to_string(m_limits.max_depth) + " levels; flatten the file");
        return false;
    }
    add_child(it->second);
    return true;
}

bool Loader::open_container(const yaml_event_t& e, NodeType type, const unsigned char* anchor,
                            const unsigned char* tag) {
    if (tag) {
        if (auto ok =
                check_container_tag(reinterpret_cast<const char*>(tag), type == NodeType::mapping);
            !ok)
            finding(static_cast<std::uint32_t>(e.start_mark.line + 1),
                    static_cast<std::uint32_t>(e.start_mark.column + 1), "yaml-syntax",
                    ok.error().message);
    }
    if (m_stack.size() + 1 > m_limits.max_depth) {
        finding(static_cast<std::uint32_t>(e.start_mark.line + 1),
                static_cast<std::uint32_t>(e.start_mark.column + 1), "yaml-limits",
                "values nested deeper than " + std::to_string(m_limits.max_depth) +
                    " levels; flatten the file");
        return false;
    }
    NodeId id = m_tree.add_container(type, static_cast<std::uint32_t>(e.start_mark.line + 1),
                                     static_cast<std::uint32_t>(e.start_mark.column + 1),
                                     static_cast<std::uint32_t>(e.start_mark.index));
    int anchor_slot = -1;
    if (anchor) {
        m_frame_anchors.emplace_back(reinterpret_cast<const char*>(anchor));
        anchor_slot = static_cast<int>(m_frame_anchors.size() - 1);
    }
    m_stack.push_back({id, static_cast<std::uint32_t>(m_pending.size()), anchor_slot});
    return true;
}

void Loader::check_keys(std::span<const NodeId> entries) {
    std::size_t n = entries.size() / 2;
    for (std::size_t i = 0; i < n; ++i) {
        NodeId k = entries[2 * i];
        if (!m_tree.is_scalar(k)) {
            const Node& kn = m_tree.node(k);
            finding(kn.line, kn.column, "yaml-syntax",
                    "a mapping key must be a plain value, not a mapping or a list; Kubernetes "
                    "objects only have string keys");
        }
    }
    auto report = [&](NodeId first, NodeId second) {
        const Node& a = m_tree.node(first);
        const Node& b = m_tree.node(second);
        finding(b.line, b.column, "yaml-syntax",
                "duplicate key " + quoted(m_tree.text(second)) + " (first at line " +
                    std::to_string(a.line) + ", column " + std::to_string(a.column) +
                    "); keep only one of them");
    };
    if (n <= 12) {
        for (std::size_t i = 1; i < n; ++i) {
            NodeId ki = entries[2 * i];
            if (!m_tree.is_scalar(ki))
                continue;
            std::string_view ti = m_tree.text(ki);
            for (std::size_t j = 0; j < i; ++j) {
                NodeId kj = entries[2 * j];
                if (m_tree.is_scalar(kj) && m_tree.text(kj) == ti) {
                    report(kj, ki);
                    break;
                }
            }
        }
        return;
    }
    m_sorted_keys.clear();
    for (std::size_t i = 0; i < n; ++i)
        if (m_tree.is_scalar(entries[2 * i]))
            m_sorted_keys.emplace_back(m_tree.text(entries[2 * i]), entries[2 * i]);
    std::stable_sort(m_sorted_keys.begin(), m_sorted_keys.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::size_t run_start = 0; // first key of the current run of equal keys
    for (std::size_t i = 1; i < m_sorted_keys.size(); ++i) {
        if (m_sorted_keys[i].first != m_sorted_keys[run_start].first) {
            run_start = i;
            continue;
        }
        report(m_sorted_keys[run_start].second, m_sorted_keys[i].second);
    }
}

// YAML merge keys: `<<: *base` (or a list of them) adds the entries of the merged mappings
// whose keys the mapping does not set itself; earlier sources win over later ones.
void Loader::apply_merges(std::span<const NodeId> entries, std::vector<NodeId>& merged) {
    merged.clear();
    std::vector<NodeId> sources;
    for (std::size_t i = 0; i < entries.size(); i += 2) {
        NodeId k = entries[i];
        const Node& kn = m_tree.node(k);
        if (kn.type == NodeType::string && !kn.quoted && m_tree.text(k) == "<<") {
            NodeId v = entries[i + 1];
            if (m_tree.is_mapping(v)) {
                sources.push_back(v);
            } else if (m_tree.is_sequence(v)) {
                for (NodeId item : m_tree.children(v)) {
                    if (m_tree.is_mapping(item)) {
                        sources.push_back(item);
                    } else {
                        const Node& in = m_tree.node(item);
                        finding(in.line, in.column, "yaml-syntax",
                                "a merge key (<<) only merges mappings; use an alias of a "
                                "mapping here");
                    }
                }
            } else {
                const Node& vn = m_tree.node(v);
                finding(vn.line, vn.column, "yaml-syntax",
                        "a merge key (<<) only merges mappings; use an alias of a mapping here");
            }
        } else {
            merged.push_back(k);
            merged.push_back(entries[i + 1]);
        }
    }
    std::unordered_set<std::string_view> present;
    for (std::size_t j = 0; j < merged.size(); j += 2)
        present.insert(m_tree.text(merged[j]));
    for (NodeId source : sources) {
        for (std::size_t i = 0; i < m_tree.size(source); ++i) {
            if (present.insert(m_tree.text(m_tree.key(source, i))).second) {
                merged.push_back(m_tree.key(source, i));
                merged.push_back(m_tree.value(source, i));
            }
        }
    }
}

void Loader::close_mapping(const yaml_event_t& e) {
    Frame frame = m_stack.back();
    m_stack.pop_back();
    std::span<const NodeId> entries(m_pending.data() + frame.pending_start,
                                    m_pending.size() - frame.pending_start);
    check_keys(entries);
    bool has_merge = false;
    for (std::size_t i = 0; i < entries.size(); i += 2) {
        const Node& kn = m_tree.node(entries[i]);
        if (kn.count == 2 && kn.type == NodeType::string && !kn.quoted &&
            m_tree.text(entries[i]) == "<<") {
            has_merge = true;
            break;
        }
    }
    std::uint32_t end = static_cast<std::uint32_t>(e.end_mark.index);
    if (has_merge) {
        std::vector<NodeId> merged;
        apply_merges(entries, merged);
        m_tree.close_container(frame.id, merged, end);
    } else {
        m_tree.close_container(frame.id, entries, end);
    }
    m_pending.resize(frame.pending_start);
    add_child(frame.id);
    if (frame.anchor >= 0)
        register_anchor(
            reinterpret_cast<const unsigned char*>(m_frame_anchors[frame.anchor].c_str()),
            frame.id);
}

void Loader::close_sequence(const yaml_event_t& e) {
    Frame frame = m_stack.back();
    m_stack.pop_back();
    std::span<const NodeId> items(m_pending.data() + frame.pending_start,
                                  m_pending.size() - frame.pending_start);
    m_tree.close_container(frame.id, items, static_cast<std::uint32_t>(e.end_mark.index));
    m_pending.resize(frame.pending_start);
    add_child(frame.id);
    if (frame.anchor >= 0)
        register_anchor(
            reinterpret_cast<const unsigned char*>(m_frame_anchors[frame.anchor].c_str()),
            frame.id);
}

bool Loader::on_event(const yaml_event_t& e) {
    switch (e.type) {
    case YAML_SCALAR_EVENT: {
        const auto& s = e.data.scalar;
        std::string_view text(reinterpret_cast<const char*>(s.value), s.length);
        bool quoted_style = s.style != YAML_PLAIN_SCALAR_STYLE;
        ScalarType type = quoted_style ? ScalarType::string : resolve_plain(text);
        std::optional<std::string> tagged_text;
        if (s.tag) {
            if (auto tagged = apply_tag(reinterpret_cast<const char*>(s.tag), text)) {
                type = tagged->type;
                tagged_text = std::move(tagged->text);
            } else {
                // Judged as the string it is written as; the finding rejects the file.
                type = ScalarType::string;
                finding(static_cast<std::uint32_t>(e.start_mark.line + 1),
                        static_cast<std::uint32_t>(e.start_mark.column + 1), "yaml-syntax",
                        tagged.error().message);
            }
        }
        if (tagged_text)
            text = *tagged_text;
        NodeId id = m_tree.add_scalar(node_type(type), quoted_style, text,
                                      static_cast<std::uint32_t>(e.start_mark.line + 1),
                                      static_cast<std::uint32_t>(e.start_mark.column + 1),
                                      static_cast<std::uint32_t>(e.start_mark.index),
                                      static_cast<std::uint32_t>(e.end_mark.index));
        add_child(id);
        if (s.anchor)
            register_anchor(s.anchor, id);
        return true;
    }
    case YAML_MAPPING_START_EVENT:
        return open_container(e, NodeType::mapping, e.data.mapping_start.anchor,
                              e.data.mapping_start.tag);
    case YAML_SEQUENCE_START_EVENT:
        return open_container(e, NodeType::sequence, e.data.sequence_start.anchor,
                              e.data.sequence_start.tag);
    case YAML_MAPPING_END_EVENT:
        close_mapping(e);
        return true;
    case YAML_SEQUENCE_END_EVENT:
        close_sequence(e);
        return true;
    case YAML_ALIAS_EVENT:
        return on_alias(e);
    case YAML_DOCUMENT_START_EVENT:
        if (m_out.documents.size() >= m_limits.max_documents) {
            finding(static_cast<std::uint32_t>(e.start_mark.line + 1),
                    static_cast<std::uint32_t>(e.start_mark.column + 1), "yaml-limits",
                    "more than " + std::to_string(m_limits.max_documents) +
                        " documents in one file; split it into several files");
            return false;
        }
        m_document = Document{};
        m_document.index = static_cast<std::uint32_t>(m_out.documents.size());
        m_document.begin = static_cast<std::uint32_t>(e.start_mark.index);
        m_document.line = static_cast<std::uint32_t>(e.start_mark.line + 1);
        m_pending.clear();
        m_anchors.clear();
        return true;
    case YAML_DOCUMENT_END_EVENT: {
        m_document.end = static_cast<std::uint32_t>(e.end_mark.index);
        if (!m_pending.empty()) {
            NodeId root = m_pending.front();
            if (m_tree.node(root).type != NodeType::null)
                m_document.root = root;
        }
        m_out.documents.push_back(m_document);
        m_pending.clear();
        return true;
    }
    default:
        return true;
    }
}

void Loader::run() {
    if (m_content.size() > m_limits.max_file_bytes) {
        finding(0, 0, "yaml-limits",
                "file is " + format_size(m_content.size()) + ", more than the " +
                    format_size(m_limits.max_file_bytes) +
                    " allowed for a manifest; split it into several files");
        m_out.complete = false;
        return;
    }
    m_tree.reserve(m_content.size() / 8 + 16, m_content.size() / 2 + 64);
    Parser parser(m_content);
    if (!parser.ok()) {
        finding(0, 0, "yaml-syntax", "the YAML parser could not start (out of memory)");
        m_out.complete = false;
        return;
    }
    Event event;
    for (;;) {
        if (!event.parse(parser)) {
            syntax_error(*parser.get());
            m_out.complete = false;
            return;
        }
        const yaml_event_t& e = event.get();
        if (e.type == YAML_STREAM_END_EVENT)
            return;
        if (!on_event(e) || m_stop) {
            m_out.complete = false;
            return;
        }
    }
}

} // namespace

LoadedFile load_yaml(std::string_view path, std::string_view content, const Limits& limits) {
    LoadedFile out;
    Loader(path, content, limits, out).run();
    return out;
}

std::string_view document_text(std::string_view content, const Document& document) {
    if (document.begin >= content.size() || document.end < document.begin)
        return {};
    return content.substr(document.begin, document.end - document.begin);
}

} // namespace slipway::manifest
