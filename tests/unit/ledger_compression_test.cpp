// Tests for ledger/compression: round trips, and corrupt or truncated input as errors.
#include "ledger/compression.hpp"

#include <catch2/catch.hpp>

using slipway::ledger::compress;
using slipway::ledger::decompress;

TEST_CASE("compress and decompress round-trip, large and empty output alike") {
    std::string text;
    for (int i = 0; i < 20000; ++i)
        text += "line " + std::to_string(i) + ": applied deployment/cart\n";
    text += std::string("\0\xff binary", 9);
    for (const std::string& input : {text, std::string()}) {
        auto packed = compress(input);
        REQUIRE(packed);
        auto back = decompress(*packed);
        REQUIRE(back);
        CHECK(*back == input);
    }
    CHECK(compress(text)->size() < text.size() / 10);
}

TEST_CASE("corrupt, truncated or oversized streams are errors") {
    auto packed = compress(std::string(100000, 'a'));
    REQUIRE(packed);

    auto truncated = decompress(packed->substr(0, packed->size() / 2));
    REQUIRE_FALSE(truncated);
    CHECK(truncated.error().message == "compressed output is truncated");

    std::string corrupt = *packed;
    corrupt[0] = 'y'; // zlib streams start with 'x' (0x78)
    auto bad = decompress(corrupt);
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message == "compressed output is corrupt: incorrect header check");

    auto trailing = decompress(*packed + "junk");
    REQUIRE_FALSE(trailing);
    CHECK(trailing.error().message == "compressed output has trailing bytes");

    auto big = decompress(*packed, 1000);
    REQUIRE_FALSE(big);
    CHECK(big.error().message == "compressed output inflates beyond 1000 bytes");
}
