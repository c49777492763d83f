// zlib compression of deploy output, so full logs fit in the ledger.
#pragma once

#include "util/result.hpp"

#include <string>
#include <string_view>

namespace slipway::ledger {

/// `bytes` compressed as a zlib stream. Fails only when zlib itself does (out of memory).
Result<std::string> compress(std::string_view bytes);

/// The bytes of the zlib stream `compressed`. Fails when it is not a complete, valid zlib
/// stream, or when it would inflate beyond `limit` bytes.
Result<std::string> decompress(std::string_view compressed,
                               std::size_t limit = std::size_t{1} << 30);

} // namespace slipway::ledger
