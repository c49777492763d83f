// JSON values: building them, writing them (pretty, or compact with sorted keys) and parsing.
#include "util/json.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace slipway::util {

namespace {

// Length of the valid UTF-8 sequence starting at `s[i]`, or 0 when the byte there does not
// start one (overlong forms, surrogates and values above U+10FFFF are invalid).
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
    auto byte = [&](std::size_t k) {
        return static_cast<unsigned char>(s[k]);
    };
    auto continuation = [&](std::size_t k) {
        return k < s.size() && (byte(k) & 0xC0) == 0x80;
    };
    unsigned char b = byte(i);
    if (b < 0x80)
        return 1;
    if (b >= 0xC2 && b <= 0xDF)
        return continuation(i + 1) ? 2 : 0;
    if (b >= 0xE0 && b <= 0xEF) {
        if (!continuation(i + 1) || !continuation(i + 2))
            return 0;
        if (b == 0xE0 && byte(i + 1) < 0xA0)
            return 0; // overlong
        if (b == 0xED && byte(i + 1) >= 0xA0)
            return 0; // UTF-16 surrogate
        return 3;
    }
    if (b >= 0xF0 && b <= 0xF4) {
        if (!continuation(i + 1) || !continuation(i + 2) || !continuation(i + 3))
            return 0;
        if (b == 0xF0 && byte(i + 1) < 0x90)
            return 0; // overlong
        if (b == 0xF4 && byte(i + 1) >= 0x90)
            return 0; // above U+10FFFF
        return 4;
    }
    return 0;
}

void append_hex4(std::string& out, unsigned value) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "\\u%04x", value & 0xFFFFu);
    out += buf;
}

void append_quoted(std::string& out, std::string_view s) {
    out += '"';
    for (std::size_t i = 0; i < s.size();) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        switch (c) {
        case '"':
            out += "\\\"";
            ++i;
            continue;
        case '\\':
            out += "\\\\";
            ++i;
            continue;
        case '\b':
            out += "\\b";
            ++i;
            continue;
        case '\f':
            out += "\\f";
            ++i;
            continue;
        case '\n':
            out += "\\n";
            ++i;
            continue;
        case '\r':
            out += "\\r";
            ++i;
            continue;
        case '\t':
            out += "\\t";
            ++i;
            continue;
        default:
            break;
        }
        if (c < 0x20 || c == 0x7F) {
            append_hex4(out, c);
            ++i;
            continue;
        }
        std::size_t n = utf8_sequence_length(s, i);
        if (n == 0) {
            append_hex4(out, 0xDC00u + c); // a stray byte, see Json's contract
            ++i;
            continue;
        }
        out.append(s.substr(i, n));
        i += n;
    }
    out += '"';
}

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

void newline(std::string& out, JsonStyle style, int depth) {
    if (style != JsonStyle::pretty)
        return;
    out += '\n';
    out.append(static_cast<std::size_t>(depth) * 2, ' ');
}

// Recursive-descent parser over the whole text; positions are byte offsets.
class Parser {
public:
    explicit Parser(std::string_view text)
        : m_text(text) {}

    Result<Json> parse_document() {
        skip_whitespace();
        auto value = parse_value(0);
        if (!value)
            return value;
        skip_whitespace();
        if (m_pos != m_text.size())
            return error("unexpected text after the JSON value");
        return value;
    }

private:
    static constexpr int max_depth = 512;

    std::unexpected<Error> error(const std::string& what) const {
        int line = 1;
        int column = 1;
        for (std::size_t i = 0; i < m_pos && i < m_text.size(); ++i) {
            if (m_text[i] == '\n') {
                ++line;
                column = 1;
            } else {
                ++column;
            }
        }
        return fail("JSON line " + std::to_string(line) + ", column " + std::to_string(column) +
                    ": " + what);
    }

    bool at_end() const { return m_pos >= m_text.size(); }
    char peek() const { return at_end() ? '\0' : m_text[m_pos]; }

    void skip_whitespace() {
        while (!at_end() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r'))
            ++m_pos;
    }

    bool consume_literal(std::string_view word) {
        if (m_text.substr(m_pos, word.size()) != word)
            return false;
        m_pos += word.size();
        return true;
    }

    Result<Json> parse_value(int depth) {
        if (depth > max_depth)
            return error("nesting is deeper than 512 levels");
        if (at_end())
            return error("unexpected end of input; expected a value");
        char c = peek();
        if (c == '{')
            return parse_object(depth);
        if (c == '[')
            return parse_array(depth);
        if (c == '"') {
            SLIPWAY_TRY_LET(s, parse_string());
            return Json(std::move(*s));
        }
        if (c == '-' || (c >= '0' && c <= '9'))
            return parse_number();
        if (consume_literal("true"))
            return Json(true);
        if (consume_literal("false"))
            return Json(false);
        if (consume_literal("null"))
            return Json(nullptr);
        return error(std::string("unexpected character '") + c + "'; expected a value");
    }

    Result<Json> parse_object(int depth) {
        ++m_pos; // '{'
        Json::Object members;
        skip_whitespace();
        if (peek() == '}') {
            ++m_pos;
            return Json(std::move(members));
        }
        while (true) {
            skip_whitespace();
            if (peek() != '"')
                return error("expected a string as object key");
            SLIPWAY_TRY_LET(key, parse_string());
            skip_whitespace();
            if (peek() != ':')
                return error("expected ':' after an object key");
            ++m_pos;
            skip_whitespace();
            auto value = parse_value(depth + 1);
            if (!value)
                return value;
            members.insert_or_assign(std::move(*key), std::move(*value));
            skip_whitespace();
            if (peek() == ',') {
                ++m_pos;
                continue;
            }
            if (peek() == '}') {
                ++m_pos;
                return Json(std::move(members));
            }
            return error("expected ',' or '}' in an object");
        }
    }

    Result<Json> parse_array(int depth) {
        ++m_pos; // '['
        Json::Array elements;
        skip_whitespace();
        if (peek() == ']') {
            ++m_pos;
            return Json(std::move(elements));
        }
        while (true) {
            skip_whitespace();
            auto value = parse_value(depth + 1);
            if (!value)
                return value;
            elements.push_back(std::move(*value));
            skip_whitespace();
            if (peek() == ',') {
                ++m_pos;
                continue;
            }
            if (peek() == ']') {
                ++m_pos;
                return Json(std::move(elements));
            }
            return error("expected ',' or ']' in an array");
        }
    }

    Result<std::uint32_t> parse_hex4() {
        if (m_pos + 4 > m_text.size())
            return error("incomplete \\u escape");
        std::uint32_t value = 0;
        for (int k = 0; k < 4; ++k) {
            char h = m_text[m_pos + static_cast<std::size_t>(k)];
            value <<= 4;
            if (h >= '0' && h <= '9')
                value |= static_cast<std::uint32_t>(h - '0');
            else if (h >= 'a' && h <= 'f')
                value |= static_cast<std::uint32_t>(h - 'a' + 10);
            else if (h >= 'A' && h <= 'F')
                value |= static_cast<std::uint32_t>(h - 'A' + 10);
            else
                return error("bad hex digit in a \\u escape");
        }
        m_pos += 4;
        return value;
    }

    Result<std::string> parse_string() {
        ++m_pos; // opening quote
        std::string out;
        while (true) {
            if (at_end())
                return error("unterminated string");
            unsigned char c = static_cast<unsigned char>(m_text[m_pos]);
            if (c == '"') {
                ++m_pos;
                return out;
            }
            if (c < 0x20)
                return error("control character in a string; it must be escaped");
            if (c != '\\') {
                out += static_cast<char>(c);
                ++m_pos;
                continue;
            }
            ++m_pos;
            if (at_end())
                return error("unterminated escape");
            char e = m_text[m_pos++];
            switch (e) {
            case '"':
                out += '"';
                break;
            case '\\':
                out += '\\';
                break;
            case '/':
                out += '/';
                break;
            case 'b':
                out += '\b';
                break;
            case 'f':
                out += '\f';
                break;
            case 'n':
                out += '\n';
                break;
            case 'r':
                out += '\r';
                break;
            case 't':
                out += '\t';
                break;
            case 'u': {
                SLIPWAY_TRY_LET(unit, parse_hex4());
                std::uint32_t cp = *unit;
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    if (!consume_literal("\\u"))
                        return error("a high surrogate must be followed by a low one");
                    SLIPWAY_TRY_LET(low, parse_hex4());
                    if (*low < 0xDC00 || *low > 0xDFFF)
                        return error("a high surrogate must be followed by a low one");
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (*low - 0xDC00);
                } else if (cp >= 0xDC80 && cp <= 0xDCFF) {
                    out += static_cast<char>(cp - 0xDC00); // a stray byte, see Json
                    break;
                } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                    return error("lone low surrogate in a \\u escape");
                }
                append_utf8(out, cp);
                break;
            }
            default:
                return error(std::string("unknown escape '\\") + e + "'");
            }
        }
    }

    Result<Json> parse_number() {
        std::size_t start = m_pos;
        if (peek() == '-')
            ++m_pos;
        if (peek() == '0') {
            ++m_pos;
        } else if (peek() >= '1' && peek() <= '9') {
            while (peek() >= '0' && peek() <= '9')
                ++m_pos;
        } else {
            return error("expected a digit");
        }
        bool integral = true;
        if (peek() == '.') {
            integral = false;
            ++m_pos;
            if (!(peek() >= '0' && peek() <= '9'))
                return error("expected a digit after '.'");
            while (peek() >= '0' && peek() <= '9')
                ++m_pos;
        }
        if (peek() == 'e' || peek() == 'E') {
            integral = false;
            ++m_pos;
            if (peek() == '+' || peek() == '-')
                ++m_pos;
            if (!(peek() >= '0' && peek() <= '9'))
                return error("expected a digit in the exponent");
            while (peek() >= '0' && peek() <= '9')
                ++m_pos;
        }
        const char* first = m_text.data() + start;
        const char* last = m_text.data() + m_pos;
        if (integral) {
            std::int64_t value = 0;
            auto [ptr, ec] = std::from_chars(first, last, value);
            if (ec == std::errc() && ptr == last)
                return Json(value);
        }
        double value = 0;
        auto [ptr, ec] = std::from_chars(first, last, value);
        if (ec != std::errc() || ptr != last)
            return error("number out of range");
        return Json(value);
    }

    std::string_view m_text;
    std::size_t m_pos = 0;
};

} // namespace

bool Json::as_bool() const {
    auto* v = std::get_if<bool>(&m_value);
    return v ? *v : false;
}

std::int64_t Json::as_int() const {
    if (auto* v = std::get_if<std::int64_t>(&m_value))
        return *v;
    if (auto* d = std::get_if<double>(&m_value))
        return static_cast<std::int64_t>(*d);
    return 0;
}

double Json::as_double() const {
    if (auto* d = std::get_if<double>(&m_value))
        return *d;
    if (auto* v = std::get_if<std::int64_t>(&m_value))
        return static_cast<double>(*v);
    return 0.0;
}

const std::string& Json::as_string() const {
    static const std::string empty;
    auto* v = std::get_if<std::string>(&m_value);
    return v ? *v : empty;
}

const Json::Array& Json::as_array() const {
    static const Array empty;
    auto* v = std::get_if<Array>(&m_value);
    return v ? *v : empty;
}

const Json::Object& Json::as_object() const {
    static const Object empty;
    auto* v = std::get_if<Object>(&m_value);
    return v ? *v : empty;
}

Json& Json::operator[](std::string_view key) {
    if (!std::holds_alternative<Object>(m_value))
        m_value = Object{};
    auto& members = std::get<Object>(m_value);
    auto it = members.find(key);
    if (it == members.end())
        it = members.emplace(std::string(key), Json()).first;
    return it->second;
}

const Json& Json::at(std::string_view key) const {
    static const Json null_value;
    auto* members = std::get_if<Object>(&m_value);
    if (!members)
        return null_value;
    auto it = members->find(key);
    return it == members->end() ? null_value : it->second;
}

bool Json::contains(std::string_view key) const {
    auto* members = std::get_if<Object>(&m_value);
    return members && members->find(key) != members->end();
}

void Json::push_back(Json value) {
    if (!std::holds_alternative<Array>(m_value))
        m_value = Array{};
    std::get<Array>(m_value).push_back(std::move(value));
}

std::size_t Json::size() const {
    if (auto* a = std::get_if<Array>(&m_value))
        return a->size();
    if (auto* o = std::get_if<Object>(&m_value))
        return o->size();
    return 0;
}

std::string Json::dump(JsonStyle style) const {
    std::string out;
    write(out, style, 0);
    return out;
}

void Json::write(std::string& out, JsonStyle style, int depth) const {
    switch (type()) {
    case Type::null:
        out += "null";
        return;
    case Type::boolean:
        out += std::get<bool>(m_value) ? "true" : "false";
        return;
    case Type::integer:
        out += std::to_string(std::get<std::int64_t>(m_value));
        return;
    case Type::number: {
        double d = std::get<double>(m_value);
        if (!std::isfinite(d)) {
            out += "null";
            return;
        }
        char buf[32];
        auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, d);
        std::string_view text(buf, static_cast<std::size_t>(ptr - buf));
        out += text;
        // Keep it a JSON number that reads back as a double, not an integer.
        if (text.find_first_of(".eE") == std::string_view::npos)
            out += ".0";
        return;
    }
    case Type::string:
        append_quoted(out, std::get<std::string>(m_value));
        return;
    case Type::array: {
        const auto& elements = std::get<Array>(m_value);
        out += '[';
        bool first = true;
        for (const auto& element : elements) {
            if (!first)
                out += ',';
            first = false;
            newline(out, style, depth + 1);
            element.write(out, style, depth + 1);
        }
        if (!elements.empty())
            newline(out, style, depth);
        out += ']';
        return;
    }
    case Type::object: {
        const auto& members = std::get<Object>(m_value);
        out += '{';
        bool first = true;
        for (const auto& [key, value] : members) {
            if (!first)
                out += ',';
            first = false;
            newline(out, style, depth + 1);
            append_quoted(out, key);
            out += style == JsonStyle::pretty ? ": " : ":";
            value.write(out, style, depth + 1);
        }
        if (!members.empty())
            newline(out, style, depth);
        out += '}';
        return;
    }
    }
}

std::string json_quote(std::string_view text) {
    std::string out;
    append_quoted(out, text);
    return out;
}

Result<Json> parse_json(std::string_view text) {
    return Parser(text).parse_document();
}

} // namespace slipway::util
