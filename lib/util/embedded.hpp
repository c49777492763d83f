// Text compiled into the binaries (generated from templates/ by CMake).
#pragma once

#include <string_view>

namespace slipway::util {

/// The policy `slipway install` writes when no `--policy` or `--template` is given; it
/// contains `{{default_branch}}` where the repository's default branch goes.
std::string_view embedded_default_policy();

} // namespace slipway::util
