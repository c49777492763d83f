// Glob patterns for ref names and paths: `*` is any run of characters (slashes included, as in
// git refspecs), `?` any one character; everything else matches itself.
#pragma once

#include <string_view>

namespace slipway::util {

/// True when `text` matches `pattern` as a whole.
bool glob_match(std::string_view pattern, std::string_view text);

/// True when `pattern` contains a wildcard.
bool has_wildcard(std::string_view pattern);

} // namespace slipway::util
