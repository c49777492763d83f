// Whole-file reads and atomic writes.
#pragma once

#include "util/result.hpp"

#include <filesystem>
#include <string>
#include <string_view>

namespace slipway::util {

/// The bytes of the file at `path`; an error naming the file and the reason when unreadable.
Result<std::string> read_file(const std::filesystem::path& path);

/// Writes `content` to `path` through a temporary file and a rename, so readers see the old
/// or the new file, never half of one; `mode` is the new file's permission bits.
Status write_file_atomic(const std::filesystem::path& path, std::string_view content,
                         std::filesystem::perms mode = std::filesystem::perms::owner_read |
                                                       std::filesystem::perms::owner_write |
                                                       std::filesystem::perms::group_read |
                                                       std::filesystem::perms::others_read);

/// Best effort, for caches: writes `content` to `path` (creating its directory) through a
/// temporary name unique to this process and call, then a rename, so concurrent writers and
/// readers see a whole entry or none. No fsync: a torn entry after a crash is a cache miss.
/// False when it could not be written.
bool write_cache_file(const std::filesystem::path& path, std::string_view content);

} // namespace slipway::util
