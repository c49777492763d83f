// Object ids as text: parsing hex, zero ids of any length, short forms.
#pragma once

#include "util/result.hpp"

#include <git2.h>

#include <string>
#include <string_view>

namespace slipway::git {

/// True when `hex` is non-empty and all '0': git's "no object" id, whatever the hash length
/// (40 for SHA-1, 64 for SHA-256).
bool is_zero_id(std::string_view hex);

/// True when `hex` is 40 or 64 lowercase-or-uppercase hex digits.
bool is_full_hex_id(std::string_view hex);

/// The git_oid for a 40-digit `hex`; an error for anything else (including SHA-256 ids, which
/// this libgit2 cannot look up).
Result<git_oid> parse_oid(std::string_view hex);

/// The 40-digit hex form of `oid`.
std::string to_hex(const git_oid& oid);

/// The first 7 digits of `hex` (or all of it when shorter).
std::string short_id(std::string_view hex);

} // namespace slipway::git
