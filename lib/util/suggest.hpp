// "Did you mean" suggestions: the nearest known word to a misspelt one.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace slipway::util {

/// Levenshtein distance between `a` and `b` (case-sensitive).
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The word of `known` closest to `word`, when it is close enough to be a likely typo
/// (distance at most 2, and less than half the word); nullopt otherwise.
std::optional<std::string> suggest(std::string_view word, const std::vector<std::string>& known);

} // namespace slipway::util
