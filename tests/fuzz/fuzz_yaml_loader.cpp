// Fuzz target: the manifest YAML loader and every rule after it, on arbitrary bytes (a pushed
// file). Must never crash, hang or exhaust memory: every problem is a finding.
#include "manifest/judge.hpp"
#include "manifest/schema_set.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const slipway::manifest::SchemaSet no_schemas;
    static const slipway::manifest::Settings settings;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto verdict = slipway::manifest::judge_file("fuzz.yaml", text, no_schemas, settings);
    (void)verdict;
    return 0;
}
