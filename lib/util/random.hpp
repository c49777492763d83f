// Secrets: random bytes from the kernel.
#pragma once

#include "util/result.hpp"

#include <cstddef>
#include <string>

namespace slipway::util {

/// `bytes` random bytes from the kernel (getrandom(2)) as 2×`bytes` lowercase hex digits: a
/// secret, such as the nonce seed of signed pushes. Fails when the kernel gives none.
Result<std::string> random_hex(std::size_t bytes);

} // namespace slipway::util
