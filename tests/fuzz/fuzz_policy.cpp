// Fuzz target: the policy reader on arbitrary bytes (a slipway.yaml in a hostile clone, which
// `slipway check` reads). Must never crash or hang: every problem is an error with line:col.
#include "policy/policy.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto policy = slipway::policy::parse_policy(text, "fuzz.yaml");
    (void)policy;
    return 0;
}
