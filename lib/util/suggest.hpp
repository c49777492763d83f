// "Did you mean": the nearest known name to a misspelt one.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace slipway::util {

/// Optimal-string-alignment distance (insertions, deletions, substitutions, adjacent
/// transpositions) between `a` and `b`, comparing ASCII letters case-insensitively.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate nearest to `word`, or empty when none is near enough to be a plausible
/// typo: only a case difference for words of 1 or 2 characters, at most 1 edit up to 4
/// characters, 2 up to 8, 3 beyond. Ties go to the
/// candidate whose letter case matches better, then to the earlier one.
std::string_view closest_match(std::string_view word, std::span<const std::string_view> candidates);

/// closest_match over `known`, as an optional copy.
std::optional<std::string> suggest(std::string_view word, const std::vector<std::string>& known);

} // namespace slipway::util
