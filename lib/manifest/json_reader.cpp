// A fast, strict JSON reader into a Tree, for schema documents (megabytes of OpenAPI).
#include "manifest/json_reader.hpp"

#include <string>
#include <vector>

namespace slipway::manifest {
namespace {

constexpr std::size_t max_depth = 512;

class JsonReader {
public:
    explicit JsonReader(std::string_view content)
        : m_s(content) {
        if (m_s.starts_with("\xEF\xBB\xBF"))
            m_pos = 3;
    }

    Result<JsonDocument> run() {
        m_doc.tree.reserve(m_s.size() / 16 + 16, m_s.size() / 2 + 16);
        skip_space();
        if (!value(0))
            return fail(m_error);
        skip_space();
        if (m_pos != m_s.size()) {
            error("unexpected text after the JSON value");
            return fail(m_error);
        }
        m_doc.root = m_pending.empty() ? no_node : m_pending.front();
        return std::move(m_doc);
    }

private:
    void error(std::string_view what) {
        std::uint32_t line = 1, column = 1;
        for (std::size_t i = 0; i < m_pos && i < m_s.size(); ++i) {
            if (m_s[i] == '\n') {
                ++line;
                column = 1;
            } else if ((static_cast<unsigned char>(m_s[i]) & 0xC0) != 0x80) {
                ++column;
            }
        }
        m_error = "line " + std::to_string(line) + ", column " + std::to_string(column) + ": " +
                  std::string(what);
    }

    void skip_space() {
        while (m_pos < m_s.size()) {
            char c = m_s[m_pos];
            if (c == '\n') {
                ++m_line;
                m_line_start = m_pos + 1;
            } else if (c != ' ' && c != '\t' && c != '\r') {
                return;
            }
            ++m_pos;
        }
    }

    std::uint32_t column() const { return static_cast<std::uint32_t>(m_pos - m_line_start + 1); }

    bool literal(std::string_view word, NodeType type) {
        if (m_s.substr(m_pos, word.size()) != word) {
            error("invalid JSON value");
            return false;
        }
        auto begin = static_cast<std::uint32_t>(m_pos);
        m_pending.push_back(m_doc.tree.add_scalar(type, false, word, m_line, column(), begin,
                                                  begin + static_cast<std::uint32_t>(word.size())));
        m_pos += word.size();
        return true;
    }

    static int hex_value(char c) {
        if (c >= '0' && c <= '9')
            return c - '0';
        if (c >= 'a' && c <= 'f')
            return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
            return c - 'A' + 10;
        return -1;
    }

    bool hex4(unsigned& out) {
        if (m_pos + 4 > m_s.size())
            return false;
        out = 0;
        for (int i = 0; i < 4; ++i) {
            int h = hex_value(m_s[m_pos + i]);
            if (h < 0)
                return false;
            out = out * 16 + static_cast<unsigned>(h);
        }
        m_pos += 4;
        return true;
    }

    static void append_utf8(std::string& out, unsigned cp) {
        if (cp < 0x80) {
            out.push_back(static_cast<char>(cp));
        } else if (cp < 0x800) {
            out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else if (cp < 0x10000) {
            out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else {
            out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        }
    }

    bool string() {
        std::uint32_t line = m_line, col = column();
        auto begin = static_cast<std::uint32_t>(m_pos);
        ++m_pos; // opening quote
        std::size_t start = m_pos;
        // Fast path: no escapes.
        while (m_pos < m_s.size() && m_s[m_pos] != '"' && m_s[m_pos] != '\\' &&
               static_cast<unsigned char>(m_s[m_pos]) >= 0x20)
            ++m_pos;
        if (m_pos < m_s.size() && m_s[m_pos] == '"') {
            std::string_view text = m_s.substr(start, m_pos - start);
            ++m_pos;
            m_pending.push_back(m_doc.tree.add_scalar(NodeType::string, true, text, line, col,
                                                      begin, static_cast<std::uint32_t>(m_pos)));
            return true;
        }
        m_buffer.assign(m_s.data() + start, m_pos - start);
        while (m_pos < m_s.size()) {
            char c = m_s[m_pos];
            if (c == '"') {
                ++m_pos;
                m_pending.push_back(m_doc.tree.add_scalar(NodeType::string, true, m_buffer, line,
                                                          col, begin,
                                                          static_cast<std::uint32_t>(m_pos)));
                return true;
            }
            if (static_cast<unsigned char>(c) < 0x20) {
                error("control character in a string");
                return false;
            }
            if (c != '\\') {
                m_buffer.push_back(c);
                ++m_pos;
                continue;
            }
            ++m_pos;
            if (m_pos >= m_s.size())
                break;
            char e = m_s[m_pos++];
            switch (e) {
            case '"':
            case '\\':
            case '/':
                m_buffer.push_back(e);
                break;
            case 'b':
                m_buffer.push_back('\b');
                break;
            case 'f':
                m_buffer.push_back('\f');
                break;
            case 'n':
                m_buffer.push_back('\n');
                break;
            case 'r':
                m_buffer.push_back('\r');
                break;
            case 't':
                m_buffer.push_back('\t');
                break;
            case 'u': {
                unsigned cp = 0;
                if (!hex4(cp)) {
                    error("invalid \\u escape");
                    return false;
                }
                if (cp >= 0xD800 && cp <= 0xDBFF && m_s.substr(m_pos, 2) == "\\u") {
                    m_pos += 2;
                    unsigned low = 0;
                    if (!hex4(low) || low < 0xDC00 || low > 0xDFFF) {
                        error("invalid surrogate pair");
                        return false;
                    }
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                }
                append_utf8(m_buffer, cp);
                break;
            }
            default:
                error("invalid escape in a string");
                return false;
            }
        }
        error("unterminated string");
        return false;
    }

    bool number() {
        std::uint32_t col = column();
        std::size_t start = m_pos;
        bool integer = true;
        if (m_s[m_pos] == '-')
            ++m_pos;
        auto digits = [&] {
            std::size_t n = 0;
            while (m_pos < m_s.size() && m_s[m_pos] >= '0' && m_s[m_pos] <= '9')
                ++m_pos, ++n;
            return n;
        };
        if (digits() == 0) {
            error("invalid number");
            return false;
        }
        if (m_pos < m_s.size() && m_s[m_pos] == '.') {
            ++m_pos;
            integer = false;
            if (digits() == 0) {
                error("invalid number");
                return false;
            }
        }
        if (m_pos < m_s.size() && (m_s[m_pos] == 'e' || m_s[m_pos] == 'E')) {
            ++m_pos;
            integer = false;
            if (m_pos < m_s.size() && (m_s[m_pos] == '+' || m_s[m_pos] == '-'))
                ++m_pos;
            if (digits() == 0) {
                error("invalid number");
                return false;
            }
        }
        m_pending.push_back(m_doc.tree.add_scalar(
            integer ? NodeType::integer : NodeType::number, false, m_s.substr(start, m_pos - start),
            m_line, col, static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(m_pos)));
        return true;
    }

    bool container(std::size_t depth, bool mapping) {
        if (depth >= max_depth) {
            error("nested too deeply");
            return false;
        }
        NodeId id = m_doc.tree.add_container(mapping ? NodeType::mapping : NodeType::sequence,
                                             m_line, column(), static_cast<std::uint32_t>(m_pos));
        std::size_t pending_start = m_pending.size();
        char close = mapping ? '}' : ']';
        ++m_pos;
        skip_space();
        if (m_pos < m_s.size() && m_s[m_pos] == close) {
            ++m_pos;
        } else {
            for (;;) {
                if (mapping) {
                    if (m_pos >= m_s.size() || m_s[m_pos] != '"') {
                        error("expected a string key");
                        return false;
                    }
                    if (!string())
                        return false;
                    skip_space();
                    if (m_pos >= m_s.size() || m_s[m_pos] != ':') {
                        error("expected ':'");
                        return false;
                    }
                    ++m_pos;
                    skip_space();
                }
                if (!value(depth + 1))
                    return false;
                skip_space();
                if (m_pos < m_s.size() && m_s[m_pos] == ',') {
                    ++m_pos;
                    skip_space();
                    continue;
                }
                if (m_pos < m_s.size() && m_s[m_pos] == close) {
                    ++m_pos;
                    break;
                }
                error(mapping ? "expected ',' or '}'" : "expected ',' or ']'");
                return false;
            }
        }
        std::span<const NodeId> children(m_pending.data() + pending_start,
                                         m_pending.size() - pending_start);
        m_doc.tree.close_container(id, children, static_cast<std::uint32_t>(m_pos));
        m_pending.resize(pending_start);
        m_pending.push_back(id);
        return true;
    }

    bool value(std::size_t depth) {
        if (m_pos >= m_s.size()) {
            error("unexpected end of JSON");
            return false;
        }
        switch (m_s[m_pos]) {
        case '{':
            return container(depth, true);
        case '[':
            return container(depth, false);
        case '"':
            return string();
        case 't':
            return literal("true", NodeType::boolean);
        case 'f':
            return literal("false", NodeType::boolean);
        case 'n':
            return literal("null", NodeType::null);
        default:
            if (m_s[m_pos] == '-' || (m_s[m_pos] >= '0' && m_s[m_pos] <= '9'))
                return number();
            error("invalid JSON value");
            return false;
        }
    }

    std::string_view m_s;
    std::size_t m_pos = 0;
    std::uint32_t m_line = 1;
    std::size_t m_line_start = 0;
    JsonDocument m_doc;
    std::vector<NodeId> m_pending;
    std::string m_buffer;
    std::string m_error;
};

} // namespace

Result<JsonDocument> read_json(std::string_view content) {
    return JsonReader(content).run();
}

} // namespace slipway::manifest
