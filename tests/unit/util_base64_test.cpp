// Tests for util/base64: RFC 4648's vectors both ways, unpadded output, and what is refused.
#include "util/base64.hpp"

#include <catch2/catch.hpp>

using slipway::util::decode_base64;
using slipway::util::encode_base64;

TEST_CASE("base64 encodes and decodes the RFC 4648 vectors") {
    const std::pair<const char*, const char*> vectors[] = {{"", ""},
                                                           {"f", "Zg=="},
                                                           {"fo", "Zm8="},
                                                           {"foo", "Zm9v"},
                                                           {"foob", "Zm9vYg=="},
                                                           {"fooba", "Zm9vYmE="},
                                                           {"foobar", "Zm9vYmFy"}};
    for (auto [plain, encoded] : vectors) {
        CHECK(encode_base64(plain) == encoded);
        CHECK(decode_base64(encoded) == std::optional<std::string>(plain));
    }
    CHECK(encode_base64("fo", false) == "Zm8");
    CHECK(encode_base64(std::string("\xff\xfe\x00", 3)) == "//4A");
}

TEST_CASE("base64 decoding refuses what is not strict base64") {
    CHECK_FALSE(decode_base64("Zm9"));      // length not a multiple of 4
    CHECK_FALSE(decode_base64("Zm=v"));     // padding in the middle
    CHECK_FALSE(decode_base64("Z==="));     // three padding characters
    CHECK_FALSE(decode_base64("Zm9v\n"));   // whitespace
    CHECK_FALSE(decode_base64("Zm9*"));     // not in the alphabet
    CHECK_FALSE(decode_base64("Zg==Zm8=")); // padding before the end
}
