// Fuzz target: the HCL block outline of a pushed .tf file (comments, strings, heredocs,
// templates, nesting).
#include "terraform/hcl_outline.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto outline = slipway::terraform::outline_hcl(text);
    (void)outline;
    return 0;
}
