// Regular expressions behind a seam: the one place a pattern's engine is chosen. The header
// names no engine, so the files that hold or match a pattern do not compile one.
#pragma once

#include "util/result.hpp"

#include <memory>
#include <string>
#include <string_view>

namespace slipway::util {

/// A compiled regular expression (ECMAScript syntax) with the text it came from. Copies share
/// the compiled form.
class Pattern {
public:
    struct Options {
        bool optimize = false; ///< favour matching speed over compile time
    };

    /// Compiles `text`. On failure the Error reads `not a valid regular expression ("<text>"):
    /// <why>`, for the caller to put its subject in front of ("branch_name is ...").
    static Result<Pattern> compile(std::string text, Options options);
    static Result<Pattern> compile(std::string text) { return compile(std::move(text), {}); }

    /// True when the whole of `value` matches.
    bool full_match(std::string_view value) const;
    /// True when some part of `value` matches.
    bool search(std::string_view value) const;
    /// The text the pattern was compiled from.
    const std::string& text() const;

private:
    struct Impl;
    explicit Pattern(std::shared_ptr<const Impl> impl)
        : m_impl(std::move(impl)) {}
    std::shared_ptr<const Impl> m_impl;
};

} // namespace slipway::util
