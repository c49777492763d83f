// Escaping what reaches a terminal: control characters in pushed or recorded text (file names,
// ref names, YAML values, commit data, child output) are written as visible escapes, the way
// git quotes paths, so no input can move the cursor, set a title, or forge a line.
#pragma once

#include <streambuf>
#include <string>
#include <string_view>

namespace slipway::util {

/// What escape_controls() does with '\n'.
enum class Newlines { escape, keep };

/// `text` with every byte or character a terminal would act on written as an escape: C0
/// controls ("\t" is kept as is) as `\n`, `\r`, `\a`, `\b`, `\f`, `\v`, `\e` or `\ooo`
/// (octal, as git writes them), DEL as `\177`, C1 controls (U+0080 to U+009F) and Unicode
/// bidirectional controls (U+202A..U+202E, U+2066..U+2069) as `\u{XXXX}`, and bytes that are
/// not valid UTF-8 as `\ooo`. A backslash is not doubled: the result is for people to read,
/// not to parse back. Printable text, UTF-8 included, is unchanged. With Newlines::keep, '\n'
/// stays (for text that is several lines on purpose).
std::string escape_controls(std::string_view text, Newlines newlines = Newlines::escape);

/// True when escape_controls(`text`, `newlines`) would change `text` (cheap check first).
bool needs_escaping(std::string_view text, Newlines newlines = Newlines::escape);

/// A stream buffer that escapes what it passes on to `target` (escape_controls(), newlines
/// kept), a line at a time: the CLI writes through one, so no value it prints reaches the
/// terminal raw. Flushes on '\n', on sync() and when destroyed.
class EscapingBuffer : public std::streambuf {
public:
    explicit EscapingBuffer(std::streambuf* target)
        : m_target(target) {}
    ~EscapingBuffer() override;
    EscapingBuffer(const EscapingBuffer&) = delete;
    EscapingBuffer& operator=(const EscapingBuffer&) = delete;

protected:
    int_type overflow(int_type c) override;
    std::streamsize xsputn(const char* s, std::streamsize n) override;
    int sync() override;

private:
    void flush_pending();

    std::streambuf* m_target;
    std::string m_pending;
};

} // namespace slipway::util
