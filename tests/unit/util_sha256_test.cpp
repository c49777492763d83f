// Tests for util/sha256: the FIPS 180-4 vectors, chunked updates, and sha256sum agreement.
#include "util/process.hpp"
#include "util/sha256.hpp"

#include <catch2/catch.hpp>

using slipway::util::Sha256;
using slipway::util::sha256_hex;

TEST_CASE("sha256 matches the published test vectors") {
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(sha256_hex(
              "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklm"
              "nopqrlmnopqrsmnopqrstnopqrstu") ==
          "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
    CHECK(sha256_hex(std::string(1'000'000, 'a')) ==
          "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("feeding the input in pieces gives the same digest") {
    std::string text;
    for (int i = 0; i < 300; ++i)
        text += static_cast<char>(i * 7);
    std::string whole = sha256_hex(text);
    for (std::size_t piece : {1u, 3u, 55u, 63u, 64u, 65u, 128u}) {
        Sha256 hash;
        for (std::size_t i = 0; i < text.size(); i += piece)
            hash.update(std::string_view(text).substr(i, piece));
        CHECK(slipway::util::to_hex(hash.digest()) == whole);
    }
}

TEST_CASE("sha256 agrees with sha256sum around the padding boundaries") {
    for (std::size_t length : {55u, 56u, 57u, 63u, 64u, 65u, 119u, 120u, 1000u}) {
        std::string text(length, 'x');
        text[length / 2] = '\n';
        auto r = slipway::util::run_capture({.argv = {"sha256sum"}, .input = text});
        REQUIRE(r);
        REQUIRE(r->exit.ok());
        CHECK(r->out.substr(0, 64) == sha256_hex(text));
    }
}
