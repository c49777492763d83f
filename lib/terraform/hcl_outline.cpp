// The block structure of an HCL (Terraform native syntax) file.
#include "terraform/hcl_outline.hpp"

#include <cstdint>

namespace slipway::terraform {

namespace {

enum class Kind : std::uint8_t { ident, string, heredoc, open, close, equals, newline, other, end };

struct Token {
    Kind kind = Kind::end;
    char bracket = 0;  ///< for open and close: the character
    std::string text;  ///< identifier, or decoded string
    bool plain = true; ///< a string without templates
    int line = 0;
};

bool ident_start(char c) {
    const auto u = static_cast<unsigned char>(c);
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || u >= 0x80;
}

bool ident_char(char c) {
    return ident_start(c) || (c >= '0' && c <= '9') || c == '-';
}

std::string at_line(int line, const std::string& what) {
    return "line " + std::to_string(line) + ": " + what;
}

// Splits HCL text into the tokens that matter for its structure.
class Lexer {
public:
    explicit Lexer(std::string_view text)
        : m_text(text) {}

    Result<Token> next() {
        SLIPWAY_TRY(skip_blanks());
        Token t{.line = m_line};
        if (m_pos >= m_text.size())
            return t;
        const char c = m_text[m_pos];
        if (c == '\n') {
            ++m_pos;
            ++m_line;
            t.kind = Kind::newline;
        } else if (c == '"') {
            ++m_pos;
            t.kind = Kind::string;
            SLIPWAY_TRY(string_body(&t.text, &t.plain));
        } else if (starts("<<")) {
            t.kind = Kind::heredoc;
            SLIPWAY_TRY(heredoc());
        } else if (c == '{' || c == '[' || c == '(') {
            ++m_pos;
            t.kind = Kind::open;
            t.bracket = c;
        } else if (c == '}' || c == ']' || c == ')') {
            ++m_pos;
            t.kind = Kind::close;
            t.bracket = c;
        } else if (starts("==") || starts("=>") || starts("!=") || starts("<=") || starts(">=")) {
            t.kind = Kind::other;
            t.text = std::string(m_text.substr(m_pos, 2));
            m_pos += 2;
        } else if (c == '=') {
            ++m_pos;
            t.kind = Kind::equals;
        } else if (ident_start(c)) {
            const auto start = m_pos;
            while (m_pos < m_text.size() && ident_char(m_text[m_pos]))
                ++m_pos;
            t.kind = Kind::ident;
            t.text = std::string(m_text.substr(start, m_pos - start));
        } else {
            ++m_pos;
            t.kind = Kind::other;
            t.text = std::string(1, c);
        }
        return t;
    }

private:
    bool starts(std::string_view s) const { return m_text.substr(m_pos).starts_with(s); }

    // Skips spaces and comments; a line comment leaves its newline, which ends a statement.
    Status skip_blanks() {
        while (m_pos < m_text.size()) {
            const char c = m_text[m_pos];
            if (c == ' ' || c == '\t' || c == '\r') {
                ++m_pos;
            } else if (c == '#' || starts("//")) {
                while (m_pos < m_text.size() && m_text[m_pos] != '\n')
                    ++m_pos;
            } else if (starts("/*")) {
                const int line = m_line;
                auto end = m_text.find("*/", m_pos + 2);
                if (end == std::string_view::npos)
                    return fail(at_line(line, "a comment /* is never closed with */"));
                for (auto i = m_pos; i < end; ++i)
                    m_line += m_text[i] == '\n';
                m_pos = end + 2;
            } else {
                break;
            }
        }
        return {};
    }

    // Reads a quoted string after its opening quote up to and with its closing one. `out` and
    // `plain` (when given) receive the decoded text and whether it had no template.
    Status string_body(std::string* out, bool* plain) {
        const int line = m_line;
        while (m_pos < m_text.size()) {
            const char c = m_text[m_pos];
            if (c == '"') {
                ++m_pos;
                return {};
            }
            if (c == '\n')
                break;
            if (c == '\\' && m_pos + 1 < m_text.size()) {
                const char e = m_text[m_pos + 1];
                m_pos += 2;
                if (out)
                    *out += e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e;
                continue;
            }
            if (starts("$${") || starts("%%{")) {
                if (out)
                    *out += std::string(1, c) + "{";
                m_pos += 3;
                continue;
            }
            if (starts("${") || starts("%{")) {
                if (plain)
                    *plain = false;
                m_pos += 2;
                SLIPWAY_TRY(template_body());
                continue;
            }
            if (out)
                *out += c;
            ++m_pos;
        }
        return fail(at_line(line, "a string is not closed with \" on the line it starts"));
    }

    // Skips a template's expression after its `${` or `%{`, up to and with its closing `}`.
    Status template_body() {
        const int line = m_line;
        int depth = 1;
        while (m_pos < m_text.size()) {
            const char c = m_text[m_pos++];
            if (c == '\n') {
                ++m_line;
            } else if (c == '"') {
                SLIPWAY_TRY(string_body(nullptr, nullptr));
            } else if (c == '{') {
                ++depth;
            } else if (c == '}' && --depth == 0) {
                return {};
            }
        }
        return fail(at_line(line, "a template ${ is never closed with }"));
    }

    // Skips `<<ID` or `<<-ID`, its lines, and the line that closes it (up to its newline).
    Status heredoc() {
        const int line = m_line;
        m_pos += 2;
        if (m_pos < m_text.size() && m_text[m_pos] == '-')
            ++m_pos;
        const auto start = m_pos;
        while (m_pos < m_text.size() && ident_char(m_text[m_pos]))
            ++m_pos;
        const std::string_view id = m_text.substr(start, m_pos - start);
        while (m_pos < m_text.size() && m_text[m_pos] == '\r')
            ++m_pos;
        if (id.empty() || m_pos >= m_text.size() || m_text[m_pos] != '\n')
            return fail(at_line(line, "a heredoc needs a name and a newline after <<"));
        while (m_pos < m_text.size()) {
            ++m_pos; // the newline ending the previous line
            ++m_line;
            auto end = m_text.find('\n', m_pos);
            if (end == std::string_view::npos)
                end = m_text.size();
            std::string_view body = m_text.substr(m_pos, end - m_pos);
            while (!body.empty() && (body.front() == ' ' || body.front() == '\t'))
                body.remove_prefix(1);
            while (!body.empty() &&
                   (body.back() == ' ' || body.back() == '\t' || body.back() == '\r'))
                body.remove_suffix(1);
            m_pos = end;
            if (body == id)
                return {};
        }
        return fail(at_line(line, "the heredoc <<" + std::string(id) + " is never closed"));
    }

    std::string_view m_text;
    std::size_t m_pos = 0;
    int m_line = 1;
};

char closing(char open) {
    return open == '{' ? '}' : open == '[' ? ']' : ')';
}

std::string describe(const Token& t) {
    switch (t.kind) {
    case Kind::ident:
        return "`" + t.text + "`";
    case Kind::string:
        return "a string";
    case Kind::heredoc:
        return "a heredoc";
    case Kind::open:
    case Kind::close:
        return std::string("`") + t.bracket + "`";
    case Kind::equals:
        return "`=`";
    case Kind::newline:
        return "the end of the line";
    case Kind::end:
        return "the end of the file";
    case Kind::other:
        break;
    }
    return "`" + t.text + "`";
}

class Outliner {
public:
    explicit Outliner(std::string_view text)
        : m_lex(text) {}

    Result<HclOutline> run() {
        while (true) {
            SLIPWAY_TRY_LET(t, m_lex.next());
            if (t->kind == Kind::newline)
                continue;
            if (t->kind == Kind::end) {
                if (!m_path.empty())
                    return fail(at_line(m_opened.back(), "the block `" + m_path.back() +
                                                             "` is never closed with }"));
                return std::move(m_out);
            }
            if (t->kind == Kind::close && t->bracket == '}' && !m_path.empty()) {
                close_block();
                continue;
            }
            if (t->kind != Kind::ident)
                return fail(
                    at_line(t->line, "expected an attribute or a block, found " + describe(*t)));
            SLIPWAY_TRY(statement(*t));
        }
    }

private:
    void close_block() {
        m_path.pop_back();
        m_opened.pop_back();
    }

    // A statement after its first identifier: `name = value` or `type labels... {`.
    Status statement(const Token& first) {
        HclBlock block{.path = m_path, .line = first.line};
        block.path.push_back(first.text);
        while (true) {
            SLIPWAY_TRY_LET(t, m_lex.next());
            if (t->kind == Kind::equals && block.labels.empty())
                return attribute(first);
            if (t->kind == Kind::ident || (t->kind == Kind::string && t->plain)) {
                block.labels.push_back(t->text);
                continue;
            }
            if (t->kind == Kind::open && t->bracket == '{') {
                m_path.push_back(first.text);
                m_opened.push_back(first.line);
                m_out.blocks.push_back(std::move(block));
                return {};
            }
            return fail(at_line(t->line, "expected `=` or `{` after `" + first.text + "`, found " +
                                             describe(*t)));
        }
    }

    // An attribute's expression, up to the end of its line outside brackets, or up to the `}`
    // closing the block it is in (a one-line block).
    Status attribute(const Token& name) {
        HclAttribute a{.path = m_path, .name = name.text, .line = name.line};
        std::vector<Token> opened;
        std::size_t count = 0;
        std::optional<std::string> text;
        while (true) {
            SLIPWAY_TRY_LET(t, m_lex.next());
            const bool outside = opened.empty();
            if (outside && (t->kind == Kind::newline || t->kind == Kind::end))
                break;
            if (outside && t->kind == Kind::close && t->bracket == '}' && !m_path.empty()) {
                close_block();
                break;
            }
            if (t->kind == Kind::end)
                return fail(at_line(opened.back().line, std::string("`") + opened.back().bracket +
                                                            "` is never closed"));
            if (t->kind == Kind::open) {
                opened.push_back(*t);
            } else if (t->kind == Kind::close) {
                if (outside || closing(opened.back().bracket) != t->bracket)
                    return fail(at_line(t->line, std::string("unexpected `") + t->bracket + "`"));
                opened.pop_back();
            }
            if (t->kind == Kind::newline)
                continue;
            if (++count == 1 && t->kind == Kind::string && t->plain)
                text = t->text;
        }
        if (count == 0)
            return fail(at_line(name.line, "the attribute `" + name.text + "` has no value"));
        if (count == 1)
            a.text = std::move(text);
        m_out.attributes.push_back(std::move(a));
        return {};
    }

    Lexer m_lex;
    std::vector<std::string> m_path; ///< types of the open blocks
    std::vector<int> m_opened;       ///< the line each open block started on
    HclOutline m_out;
};

} // namespace

Result<HclOutline> outline_hcl(std::string_view text) {
    if (text.starts_with("\xEF\xBB\xBF")) // a UTF-8 byte order mark
        text.remove_prefix(3);
    return Outliner(text).run();
}

} // namespace slipway::terraform
