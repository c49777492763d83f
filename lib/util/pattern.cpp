// Regular expressions: std::regex, ECMAScript syntax.
#include "util/pattern.hpp"

#include <regex>

namespace slipway::util {

struct Pattern::Impl {
    std::string text;
    std::regex regex;
};

Result<Pattern> Pattern::compile(std::string text, Options options) {
    auto flags = std::regex::ECMAScript;
    if (options.optimize)
        flags |= std::regex::optimize;
    try {
        std::regex regex(text, flags);
        return Pattern(std::make_shared<const Impl>(Impl{std::move(text), std::move(regex)}));
    } catch (const std::regex_error& e) {
        return fail("not a valid regular expression (\"" + text + "\"): " + e.what());
    }
}

bool Pattern::full_match(std::string_view value) const {
    return std::regex_match(value.begin(), value.end(), m_impl->regex);
}

bool Pattern::search(std::string_view value) const {
    return std::regex_search(value.begin(), value.end(), m_impl->regex);
}

const std::string& Pattern::text() const {
    return m_impl->text;
}

} // namespace slipway::util
