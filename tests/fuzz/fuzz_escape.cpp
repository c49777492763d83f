// Fuzz target: the escaping of what reaches a terminal. Beyond not crashing, its promise is
// checked: nothing a terminal acts on survives, and text that needs no escaping is unchanged.
#include "util/escape.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

bool safe(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if ((c < 0x20 && c != '\t') || c == 0x7F)
            return false;
        if (c == 0xC2 && i + 1 < text.size()) {
            const auto next = static_cast<unsigned char>(text[i + 1]);
            if (next >= 0x80 && next <= 0x9F)
                return false;
        }
    }
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const std::string out = slipway::util::escape_controls(text);
    if (!safe(out))
        std::abort();
    if (!slipway::util::needs_escaping(text) && out != text)
        std::abort();
    if (slipway::util::needs_escaping(out))
        std::abort();
    return 0;
}
