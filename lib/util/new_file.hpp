// Writing a file in Slipway's state or a workspace without ever following a symlink there.
#pragma once

#include "util/result.hpp"

#include <filesystem>
#include <string_view>
#include <sys/types.h>

namespace slipway::util {

/// Writes `text` to a new file at `file` with `mode`: whatever is at that path (a file, a
/// symlink planted there) is unlinked first, never followed, and the file is created with
/// O_EXCL|O_NOFOLLOW. The parent directory must exist. Fails with a message naming `file`.
Status write_new_file(const std::filesystem::path& file, std::string_view text, mode_t mode);

} // namespace slipway::util
