// Escaping what reaches a terminal.
#include "util/escape.hpp"

#include <cstdint>

namespace slipway::util {

namespace {

void octal(std::string& out, unsigned char c) {
    out += '\\';
    out += static_cast<char>('0' + ((c >> 6) & 7));
    out += static_cast<char>('0' + ((c >> 3) & 7));
    out += static_cast<char>('0' + (c & 7));
}

void code_point(std::string& out, std::uint32_t cp) {
    static const char* hex = "0123456789ABCDEF";
    out += "\\u{";
    for (int shift = 12; shift >= 0; shift -= 4)
        out += hex[(cp >> shift) & 0xF];
    out += '}';
}

// The length of the valid UTF-8 sequence at the start of `s` and its code point; 0 when it
// is not one (overlong forms, surrogates and values past U+10FFFF are not).
std::size_t utf8_sequence(std::string_view s, std::uint32_t& cp) {
    const auto b0 = static_cast<unsigned char>(s[0]);
    std::size_t n = b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : b0 >= 0xC0 ? 2 : 0;
    if (n == 0 || b0 > 0xF4 || s.size() < n)
        return 0;
    cp = b0 & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07);
    for (std::size_t i = 1; i < n; ++i) {
        const auto b = static_cast<unsigned char>(s[i]);
        if ((b & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (b & 0x3F);
    }
    const std::uint32_t min = n == 2 ? 0x80 : n == 3 ? 0x800 : 0x10000;
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

bool is_bidi_control(std::uint32_t cp) {
    return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

// Appends the escape of control byte `c` (below 0x20, or DEL).
void control(std::string& out, unsigned char c) {
    switch (c) {
    case '\n':
        out += "\\n";
        return;
    case '\r':
        out += "\\r";
        return;
    case '\a':
        out += "\\a";
        return;
    case '\b':
        out += "\\b";
        return;
    case '\f':
        out += "\\f";
        return;
    case '\v':
        out += "\\v";
        return;
    case 0x1B:
        out += "\\e";
        return;
    default:
        octal(out, c);
    }
}

} // namespace

bool needs_escaping(std::string_view text, Newlines newlines) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '\t' || (c == '\n' && newlines == Newlines::keep))
            continue;
        if (c < 0x20 || c == 0x7F)
            return true;
        if (c >= 0x80) {
            std::uint32_t cp = 0;
            const std::size_t n = utf8_sequence(text.substr(i), cp);
            if (n == 0 || (cp >= 0x80 && cp <= 0x9F) || is_bidi_control(cp))
                return true;
            i += n - 1;
        }
    }
    return false;
}

std::string escape_controls(std::string_view text, Newlines newlines) {
    if (!needs_escaping(text, newlines))
        return std::string(text);
    std::string out;
    out.reserve(text.size() + 16);
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '\t' || (c == '\n' && newlines == Newlines::keep)) {
            out += static_cast<char>(c);
        } else if (c < 0x20 || c == 0x7F) {
            control(out, c);
        } else if (c < 0x80) {
            out += static_cast<char>(c);
        } else {
            std::uint32_t cp = 0;
            const std::size_t n = utf8_sequence(text.substr(i), cp);
            if (n == 0) {
                octal(out, c);
            } else if ((cp >= 0x80 && cp <= 0x9F) || is_bidi_control(cp)) {
                code_point(out, cp);
                i += n - 1;
            } else {
                out.append(text.substr(i, n));
                i += n - 1;
            }
        }
    }
    return out;
}

EscapingBuffer::~EscapingBuffer() {
    flush_pending();
    m_target->pubsync();
}

void EscapingBuffer::flush_pending() {
    if (m_pending.empty())
        return;
    const std::string out = escape_controls(m_pending, Newlines::keep);
    m_target->sputn(out.data(), static_cast<std::streamsize>(out.size()));
    m_pending.clear();
}

EscapingBuffer::int_type EscapingBuffer::overflow(int_type c) {
    if (traits_type::eq_int_type(c, traits_type::eof()))
        return traits_type::not_eof(c);
    const char ch = traits_type::to_char_type(c);
    m_pending += ch;
    // Whole lines, so a UTF-8 sequence is never cut; a very long line is cut anyway.
    if (ch == '\n' || m_pending.size() >= 65536)
        flush_pending();
    return c;
}

std::streamsize EscapingBuffer::xsputn(const char* s, std::streamsize n) {
    for (std::streamsize i = 0; i < n; ++i)
        overflow(traits_type::to_int_type(s[i]));
    return n;
}

int EscapingBuffer::sync() {
    flush_pending();
    return m_target->pubsync();
}

} // namespace slipway::util
