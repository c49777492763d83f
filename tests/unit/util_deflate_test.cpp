// Tests for util/deflate: a stream written in pieces inflates back whole, its size and digest
// are what went in, and bound() is never below what the finished stream takes.
#include "util/deflate.hpp"

#include "ledger/compression.hpp"

#include <catch2/catch.hpp>

using slipway::util::Deflater;
using slipway::util::sha256_hex;

namespace {

// 64 hex digits a line: text that compresses about twofold, as a log of ids does.
std::string hex_line(int i) {
    return sha256_hex(std::to_string(i)) + "\n";
}

} // namespace

TEST_CASE("a stream written in pieces, flushed between, inflates to what was written") {
    auto deflater = Deflater::open();
    REQUIRE(deflater);
    std::string text;
    for (int i = 0; i < 3000; ++i) {
        const std::string line = hex_line(i);
        text += line;
        REQUIRE(deflater->write(line));
        if (i % 1000 == 999)
            REQUIRE(deflater->flush());
    }
    CHECK(deflater->size() == text.size());
    auto done = deflater->finish();
    REQUIRE(done);
    CHECK(done->size == text.size());
    CHECK(done->sha256 == sha256_hex(text));
    CHECK(done->zlib().size() < text.size() * 3 / 4);
    auto back = slipway::ledger::decompress(done->zlib());
    REQUIRE(back);
    CHECK(*back == text);
    // Spent: a second finish has no stream left.
    auto again = deflater->write("more");
    REQUIRE_FALSE(again);
    CHECK(again.error().message == "the compressed stream was already finished");
}

TEST_CASE("an empty stream is a valid zlib stream of nothing") {
    auto done = Deflater::open()->finish();
    REQUIRE(done);
    CHECK(done->size == 0);
    CHECK(done->sha256 == sha256_hex(""));
    CHECK(slipway::ledger::decompress(done->zlib()).value().empty());
}

TEST_CASE(
    "bound() holds the finished size: after a flush exactly what is out, plus the worst case") {
    auto deflater = Deflater::open();
    REQUIRE(deflater);
    for (int i = 0; i < 2000; ++i)
        REQUIRE(deflater->write(hex_line(i)));
    // Before a flush zlib holds bytes back: stored() lags, bound() covers them.
    const std::uint64_t before = deflater->bound(100);
    CHECK(deflater->stored() < before);
    REQUIRE(deflater->flush());
    const std::uint64_t flushed = deflater->stored();
    CHECK(deflater->bound(100) <= before);
    CHECK(deflater->bound(100) > flushed + 100);
    std::string tail(100, 'z');
    REQUIRE(deflater->write(tail));
    const std::uint64_t last = deflater->bound(0);
    auto done = deflater->finish();
    REQUIRE(done);
    CHECK(done->zlib().size() <= last);
    CHECK(done->zlib().size() > flushed);
}
