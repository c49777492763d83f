// "Did you mean": the nearest known name to a misspelt one.
#include "util/suggest.hpp"

#include <algorithm>
#include <vector>

namespace slipway::util {
namespace {

char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

std::size_t distance(std::string_view a, std::string_view b, bool fold_case) {
    auto eq = [&](char x, char y) {
        return fold_case ? lower(x) == lower(y) : x == y;
    };
    const std::size_t n = a.size(), m = b.size();
    std::vector<std::size_t> prev2(m + 1), prev(m + 1), cur(m + 1);
    for (std::size_t j = 0; j <= m; ++j)
        prev[j] = j;
    for (std::size_t i = 1; i <= n; ++i) {
        cur[0] = i;
        for (std::size_t j = 1; j <= m; ++j) {
            std::size_t cost = eq(a[i - 1], b[j - 1]) ? 0 : 1;
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
            if (i > 1 && j > 1 && eq(a[i - 1], b[j - 2]) && eq(a[i - 2], b[j - 1]))
                cur[j] = std::min(cur[j], prev2[j - 2] + 1);
        }
        std::swap(prev2, prev);
        std::swap(prev, cur);
    }
    return prev[m];
}

} // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
    return distance(a, b, true);
}

std::string_view closest_match(std::string_view word,
                               std::span<const std::string_view> candidates) {
    const std::size_t limit =
        word.size() <= 2 ? 0 : (word.size() <= 4 ? 1 : (word.size() <= 8 ? 2 : 3));
    std::string_view best;
    std::size_t best_distance = limit + 1, best_exact = 0;
    for (std::string_view c : candidates) {
        std::size_t longer = std::max(c.size(), word.size());
        std::size_t shorter = std::min(c.size(), word.size());
        if (longer - shorter > limit)
            continue;
        std::size_t d = edit_distance(word, c);
        if (d > limit || d > best_distance)
            continue;
        std::size_t exact = distance(word, c, false);
        if (d < best_distance || exact < best_exact) {
            best = c;
            best_distance = d;
            best_exact = exact;
        }
    }
    return best;
}

std::optional<std::string> suggest(std::string_view word, const std::vector<std::string>& known) {
    std::vector<std::string_view> views(known.begin(), known.end());
    auto best = closest_match(word, views);
    if (best.empty())
        return std::nullopt;
    return std::string(best);
}

} // namespace slipway::util
