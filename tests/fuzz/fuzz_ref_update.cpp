// Fuzz target: the `old new ref` lines a hook reads on stdin.
#include "git/ref_update.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto updates = slipway::git::parse_ref_updates(text);
    (void)updates;
    return 0;
}
