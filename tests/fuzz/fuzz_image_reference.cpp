// Fuzz target: container image references as a pushed manifest writes them.
#include "manifest/image_reference.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto image = slipway::manifest::parse_image_reference(text);
    (void)image;
    return 0;
}
