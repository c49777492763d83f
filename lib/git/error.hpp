// Turning libgit2's last error into the project's Error.
#pragma once

#include "util/result.hpp"

#include <string_view>

namespace slipway::git {

/// An Error reading "`what`: <libgit2's message for the last failed call>".
Error last_error(std::string_view what);

/// fail() with last_error(`what`).
std::unexpected<Error> fail_git(std::string_view what);

} // namespace slipway::git
