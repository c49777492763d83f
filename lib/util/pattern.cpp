// Regular expressions: RE2, whose matching never backtracks, with bounded size and memory.
#include "util/pattern.hpp"

#include <re2/re2.h>

namespace slipway::util {

namespace {

// `text` as a message shows it: a pattern of thousands of bytes is cut after `keep` bytes.
std::string shown(const std::string& text, std::size_t keep) {
    if (text.size() <= keep)
        return text;
    std::size_t cut = keep;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
        --cut; // not inside a UTF-8 sequence
    return text.substr(0, cut) + "…";
}

} // namespace

struct Pattern::Impl {
    std::string text;
    std::unique_ptr<const re2::RE2> re;
};

Result<Pattern> Pattern::compile(std::string text, Options options) {
    if (text.size() > options.max_bytes)
        return fail("too long for a regular expression (" + std::to_string(text.size()) +
                    " bytes; at most " + std::to_string(options.max_bytes) + ")");
    re2::RE2::Options re_options;
    re_options.set_log_errors(false);
    re_options.set_max_mem(static_cast<std::int64_t>(max_memory));
    auto re = std::make_unique<const re2::RE2>(text, re_options);
    if (!re->ok()) {
        std::string why = shown(re->error(), 120);
        if (re->error_code() == re2::RE2::ErrorPatternTooLarge)
            why += " (it needs more than " + std::to_string(max_memory >> 20) + " MiB)";
        return fail("not a valid regular expression (\"" + shown(text, 64) + "\"): " + why);
    }
    return Pattern(std::make_shared<const Impl>(Impl{std::move(text), std::move(re)}));
}

bool Pattern::full_match(std::string_view value) const {
    return re2::RE2::FullMatch(re2::StringPiece(value.data(), value.size()), *m_impl->re);
}

bool Pattern::search(std::string_view value) const {
    return re2::RE2::PartialMatch(re2::StringPiece(value.data(), value.size()), *m_impl->re);
}

const std::string& Pattern::text() const {
    return m_impl->text;
}

} // namespace slipway::util
