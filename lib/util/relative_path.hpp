// Relative paths inside a root directory (a checkout, a workspace): normalized, never climbing out.
#pragma once

#include "util/result.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace slipway::util {

/// `dir` ("./a/../b/") as a normalized relative path ("b"); "." for the root; nullopt when it
/// is absolute or climbs above the root.
std::optional<std::string> normalize_relative(const std::string& dir);

/// The directory `relative` names inside `root`: `relative` must be relative and have no ".."
/// component ("" and "." name `root` itself), and it must exist as a directory inside `root`
/// once symlinks are resolved. Fails with a message naming `relative` otherwise.
/// True when repository path `path` is `root` or lies under it ("." is the whole tree).
bool path_under(std::string_view root, std::string_view path);

/// The last component of '/'-separated `path` ("a/b.yaml" gives "b.yaml").
std::string_view base_name(std::string_view path);

Result<std::filesystem::path> directory_inside(const std::filesystem::path& root,
                                               std::string_view relative);

} // namespace slipway::util
