// Regular expressions behind a seam: the one place a pattern's engine is chosen. The header
// names no engine, so the files that hold or match a pattern do not compile one.
#pragma once

#include "util/result.hpp"

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace slipway::util {

/// A compiled regular expression in RE2 syntax (the syntax of Go's regexp, which Kubernetes
/// uses for schema patterns): no backreferences, no lookaround, and matching takes time linear
/// in the input, whatever the pattern. Copies share the compiled form.
class Pattern {
public:
    /// Longest pattern text compile() accepts by default: far above any real ref or schema
    /// pattern, far below what would make compiling costly.
    static constexpr std::size_t default_max_bytes = 4096;
    /// Memory RE2 may use for one pattern (its compiled program and its match cache); a
    /// pattern that needs more does not compile.
    static constexpr std::size_t max_memory = 8 << 20;

    struct Options {
        std::size_t max_bytes = default_max_bytes; ///< longest pattern text accepted
    };

    /// Compiles `text`. On failure the Error reads `not a valid regular expression ("<text>"):
    /// <RE2's reason>` or `too long for a regular expression (<n> bytes; at most <max>)`, for
    /// the caller to put its subject in front of ("branch_name is ..."). Long texts are cut
    /// short in the message.
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
